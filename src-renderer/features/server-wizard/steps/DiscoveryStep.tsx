// Step 4: connect with the chosen account and show what the server is — kind, OS, Hyper-V, hardware VSS
// provider, cluster and nodes, VMs, volumes — and every requirement with its reason and fix. Nothing changes
// on the server. A refusal (access denied, unreachable) shows its hint with the way back.
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowClockwise16Regular } from '@fluentui/react-icons';
import { ErrorCode } from '../../../../src-shared/contract';
import type { ServerProbe } from '../../../../src-shared/domain';
import { ChecksTable, checksSummary } from '../../../components/ChecksTable';
import { DetailsList, type DetailItem } from '../../../components/DetailsList';
import { formatBytes } from '../../../lib/format';
import { useFerryStore } from '../../../store';
import { credentialText, credentialsSelectors } from '../../../store/slices/credentials/selectors';
import { SERVER_KIND_TEXT } from '../../../store/slices/servers/selectors';
import { credentialIdOf } from '../../credentials/CredentialPicker';
import { useServerWizard } from '../store';
import { discoveryError, kindMismatch, probeErrorHint } from '../validation';

const useStyles = makeStyles({
  toolbar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  volumes: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

const ERROR_TITLE: Record<string, string> = {
  [ErrorCode.AccessDenied]: 'Access denied',
  [ErrorCode.ServerUnreachable]: 'The server cannot be reached',
  [ErrorCode.WrongServerKind]: 'Not the kind of server chosen',
};

export function DiscoveryStep() {
  const s = useStyles();
  const probe = useServerWizard((w) => w.probe);
  const kind = useServerWizard((w) => w.kind);
  const name = useServerWizard((w) => w.name.trim());
  const choice = useServerWizard((w) => w.credential);
  const runProbe = useServerWizard((w) => w.runProbe);
  const goTo = useServerWizard((w) => w.goTo);
  const setKind = useServerWizard((w) => w.setKind);
  const credentials = useFerryStore(credentialsSelectors.items);
  const account = credentialText(credentialIdOf(choice), credentials);

  if (!probe || probe.status === 'loading') return <Spinner size="small" label={`Connecting to ${name} as ${account}…`} />;

  if (probe.status === 'error' || !probe.result) {
    const code = probe.error?.code ?? '';
    return (
      <MessageBar intent="error" layout="multiline" data-error-code={code}>
        <MessageBarBody>
          <MessageBarTitle>{ERROR_TITLE[code] ?? 'Discovery failed'}</MessageBarTitle>
          <Text block>{probe.error?.message}</Text>
          <Text block>{probeErrorHint(code, name, probe.credentialId === null)}</Text>
        </MessageBarBody>
        <MessageBarActions>
          <Button size="small" onClick={() => void runProbe()}>
            Retry
          </Button>
          <Button size="small" onClick={() => goTo('credentials')}>
            Back to credentials
          </Button>
        </MessageBarActions>
      </MessageBar>
    );
  }

  const found = probe.result;
  const blocked = discoveryError(probe, kind, name, choice);
  // A mismatch that only needs another type (not another name) can be fixed right here.
  const fixKind = (kind ? kindMismatch(kind, found) : null)?.fits ?? null;

  return (
    <>
      <div className={s.toolbar}>
        <Button icon={<ArrowClockwise16Regular />} onClick={() => void runProbe()}>
          Run discovery again
        </Button>
        <Text>{checksSummary(found.checks)}</Text>
      </div>
      {blocked ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{found.name} cannot be added as it is</MessageBarTitle>
            {blocked}
          </MessageBarBody>
          {fixKind && (
            <MessageBarActions>
              <Button size="small" onClick={() => setKind(fixKind)}>
                {`Add it as a ${SERVER_KIND_TEXT[fixKind]}`}
              </Button>
            </MessageBarActions>
          )}
        </MessageBar>
      ) : (
        <MessageBar intent={found.checks.some((c) => c.status === 'warning') ? 'warning' : 'success'} layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{`${found.name} is a ${SERVER_KIND_TEXT[found.detectedKind]} and can be added`}</MessageBarTitle>
            {found.checks.some((c) => c.status === 'warning') ? 'Warnings do not block; read them below.' : 'Every requirement passed.'}
          </MessageBarBody>
        </MessageBar>
      )}
      <DetailsList label={`Found on ${found.name}`} framed items={foundItems(found, s.volumes)} />
      <ChecksTable label={`Requirements on ${found.name}`} checks={found.checks} />
    </>
  );
}

function foundItems(found: ServerProbe, volumesClass: string): DetailItem[] {
  const items: DetailItem[] = [
    { term: 'Type', value: SERVER_KIND_TEXT[found.detectedKind] },
    { term: 'Operating system', value: found.os },
    { term: 'Hyper-V role', value: found.hyperV ? 'Installed' : 'Not installed' },
    { term: 'VSS hardware provider', value: found.vssHardwareProvider ?? 'None (off-host backup is impossible from this server)' },
  ];
  if (found.clusterName) items.push({ term: 'Cluster', value: found.clusterName });
  if (found.nodeNames.length > 0) items.push({ term: 'Nodes', value: found.nodeNames.join(', ') });
  if (found.hyperV) items.push({ term: 'Virtual machines', value: String(found.vmCount) });
  items.push({
    term: 'Volumes',
    value:
      found.volumes.length === 0 ? (
        'None'
      ) : (
        <ul className={volumesClass}>
          {found.volumes.map((v) => (
            <li key={v.id}>{`${v.path} (${v.kind === 'csv' ? 'CSV' : `SAN LUN${v.lun ? ` ${v.lun}` : ''}`}, ${formatBytes(v.sizeBytes)})`}</li>
          ))}
        </ul>
      ),
  });
  return items;
}
