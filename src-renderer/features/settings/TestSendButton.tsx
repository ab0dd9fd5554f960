// "Send test e-mail" (and the other channels' tests): a button, a spinner while it runs, then the result — what the
// server said when it failed — announced to screen readers.
import { useState } from 'react';
import { Button, MessageBar, MessageBarBody, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { errorMessage } from '../../backend/errors';

const useStyles = makeStyles({ root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, alignItems: 'flex-start' } });

type TestState = { kind: 'idle' } | { kind: 'running' } | { kind: 'ok'; detail: string } | { kind: 'failed'; message: string };

export function TestSendButton({ label, disabled, run }: { label: string; disabled?: boolean; run(): Promise<string> }) {
  const s = useStyles();
  const [state, setState] = useState<TestState>({ kind: 'idle' });
  const start = async () => {
    setState({ kind: 'running' });
    try {
      setState({ kind: 'ok', detail: await run() });
    } catch (e) {
      setState({ kind: 'failed', message: errorMessage(e) });
    }
  };
  return (
    <div className={s.root}>
      <Button onClick={() => void start()} disabled={disabled || state.kind === 'running'} icon={state.kind === 'running' ? <Spinner size="tiny" /> : undefined}>
        {state.kind === 'running' ? 'Sending…' : label}
      </Button>
      <div role="status" aria-live="polite">
        {state.kind === 'ok' && (
          <MessageBar intent="success">
            <MessageBarBody>{state.detail}</MessageBarBody>
          </MessageBar>
        )}
        {state.kind === 'failed' && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>{state.message}</MessageBarBody>
          </MessageBar>
        )}
      </div>
    </div>
  );
}
