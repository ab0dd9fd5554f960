// The steps of "Add backup repository": name, folder, review (with the host's refusal, if any), summary.
import { Field, Input, Link, MessageBar, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ErrorCode } from '../../../src-shared/contract';
import { formatBytes } from '../../lib/format';
import { useRepositoryWizard } from './store';

const useStyles = makeStyles({
  list: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalXL, rowGap: tokens.spacingVerticalS, margin: 0 },
  term: { color: tokens.colorNeutralForeground3 },
  dd: { margin: 0, wordBreak: 'break-all' },
});

export function NameStep({ error, suggestionFor }: { error: string | null; suggestionFor(name: string): string }) {
  const name = useRepositoryWizard((w) => w.name);
  const setName = useRepositoryWizard((w) => w.setName);
  return (
    <Field label="Name" required validationMessage={error ?? undefined} validationState={error ? 'error' : 'none'} hint="Shown in the job wizard's repository list.">
      <Input value={name} maxLength={64} onChange={(_e, d) => setName(d.value, suggestionFor(d.value))} />
    </Field>
  );
}

export function FolderStep({ error }: { error: string | null }) {
  const path = useRepositoryWizard((w) => w.path);
  const setPath = useRepositoryWizard((w) => w.setPath);
  return (
    <>
      <Field
        label="Folder"
        required
        validationMessage={error ?? undefined}
        validationState={error ? 'error' : 'none'}
        hint="A full path on the Ferry host. A missing or empty folder is created; an existing Ferry repository is adopted with its restore points."
      >
        <Input value={path} maxLength={1024} onChange={(_e, d) => setPath(d.value)} />
      </Field>
      <Text>A folder that holds other files is refused, so Ferry never mixes its data with yours.</Text>
    </>
  );
}

const refusalTitle: Record<string, string> = {
  [ErrorCode.RepoCorrupt]: 'The folder holds other data',
  [ErrorCode.Conflict]: 'Already registered',
  [ErrorCode.InvalidParams]: 'The host refused the settings',
  [ErrorCode.RepoLocked]: 'The repository is in use',
};

export function ReviewStep() {
  const s = useRepositoryWizard((w) => w);
  const st = useStyles();
  return (
    <>
      {s.submit.status === 'error' && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{refusalTitle[s.submit.code ?? ''] ?? 'The repository was not added'}</MessageBarTitle>
            {s.submit.message}{' '}
            <Link as="button" onClick={() => s.goTo('folder')}>
              Change the folder
            </Link>
          </MessageBarBody>
        </MessageBar>
      )}
      <dl className={st.list} aria-label="Repository to be added">
        <dt className={st.term}>Name</dt>
        <dd className={st.dd}>{s.name.trim()}</dd>
        <dt className={st.term}>Folder</dt>
        <dd className={st.dd}>{s.path.trim()}</dd>
      </dl>
      <Text>Click Create to create (or adopt) the folder and register it. Nothing else changes.</Text>
    </>
  );
}

export function SummaryStep() {
  const repo = useRepositoryWizard((w) => w.created);
  if (!repo) return null;
  return (
    <>
      <MessageBar intent="success">
        <MessageBarBody>
          <MessageBarTitle>{repo.name} is ready</MessageBarTitle>
          Backup jobs can store restore points in it now.
        </MessageBarBody>
      </MessageBar>
      <Text>Folder: {repo.path}</Text>
      <Text>Restore points found: {repo.restorePoints}</Text>
      {repo.usedBytes > 0 && <Text>Used: {formatBytes(repo.usedBytes)}</Text>}
    </>
  );
}
