// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { installDomShims } from '../test/setup-dom';
import { NotifyProvider, TOAST_TIMEOUT_MS, useNotify } from './notify';

afterEach(cleanup);

let notify: ReturnType<typeof useNotify> = () => undefined;
function Grab() {
  notify = useNotify();
  return null;
}

describe('toasts', () => {
  it('show at most two at a time, each for a few seconds', async () => {
    installDomShims();
    render(
      <FluentProvider theme={webLightTheme}>
        <NotifyProvider>
          <Grab />
        </NotifyProvider>
      </FluentProvider>,
    );
    act(() => {
      notify('Job created', 'one');
      notify('Job started', 'two');
      notify('Session ended', 'three');
    });
    await screen.findByText('Job started');
    expect(screen.getAllByText(/^(Job created|Job started|Session ended)$/).map((e) => e.textContent)).toEqual(['Job created', 'Job started']);
    // the third waits for a place instead of piling up over the console
    expect(Math.max(...Object.values(TOAST_TIMEOUT_MS))).toBeLessThanOrEqual(6000);
  });
});
