// Last step: every setting, and the estimated snapshot plan; Finish creates (or saves) the job.
import {
  Link,
  Text,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { formatBytes, formatInterval } from '../../../lib/format';
import { activeFullText, changeTrackingText, consistencyText } from '../../../lib/jobText';
import { scheduleText } from '../../../lib/scheduleText';
import { useFerryStore } from '../../../store';
import { inventorySelectors } from '../../../store/slices/inventory/selectors';
import { proxiesSelectors } from '../../../store/slices/proxies/selectors';
import { repositoriesSelectors } from '../../../store/slices/repositories/selectors';
import { BLOCK_SIZE_OPTIONS, COMPRESSION_OPTIONS, draftToSpec, type JobDraft } from '../draft';
import { JobSpec } from '../../../../src-shared/domain';
import { useJobWizard } from '../store';
import { selectedBytes } from '../vmTree';
import { SnapshotPlan } from './SnapshotPlan';
import { stepOfPath, stepsFor, type JobStep } from '../validation';
import { targetChoices } from '../destination';

const useStyles = makeStyles({
  list: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalXL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  dd: { margin: 0 },
  errors: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  heading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
});

export function SummaryStep() {
  const s = useStyles();
  const draft = useJobWizard((w) => w.draft);
  const submit = useJobWizard((w) => w.submit);
  const goTo = useJobWizard((w) => w.goTo);
  const vms = useFerryStore(inventorySelectors.vms);
  const editing = useJobWizard((w) => w.editing);
  const proxies = useFerryStore(proxiesSelectors.items);
  const repositories = useFerryStore(repositoriesSelectors.items);
  const selectedVms = vms.filter((vm) => draft.vmIds.includes(vm.id));
  const repo = repositories.find((r) => r.id === draft.repositoryId);
  const spec = draftToSpec(draft);
  const parsed = JobSpec.safeParse(spec);
  const excluded = spec.excludedDisks ?? [];
  const diskText = (key: string) => {
    const [vmId, index] = [key.slice(0, key.lastIndexOf('/')), key.slice(key.lastIndexOf('/') + 1)];
    return `${vms.find((v) => v.id === vmId)?.name ?? vmId} disk ${index}`;
  };
  const schedule = parsed.success ? scheduleText(parsed.data) : '—';
  const activeFull = parsed.success ? activeFullText(parsed.data.activeFull) : '—';
  const stepLabel = (step: JobStep) => stepsFor(draft.kind).find((st) => st.id === step)?.label ?? step;
  const inventory = useFerryStore(inventorySelectors.data);
  const target = targetChoices(inventory).find((c) => c.host.id === draft.targetHostId);
  const replication = draft.kind === 'replication';

  const processing =
    draft.mode === 'on-host'
      ? 'On-host backup'
      : `Off-host backup, ${
          draft.proxySelection === 'automatic'
            ? 'automatic proxy selection'
            : `proxies: ${proxies.filter((p) => draft.pinnedProxyIds.includes(p.id)).map((p) => p.name).join(', ')}`
        }; failover to on-host ${draft.failoverToOnHost ? 'on' : 'off'}`;

  return (
    <>
      {submit.status === 'error' && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{editing ? 'The job was not saved' : 'The job was not created'}</MessageBarTitle>
            {submit.fieldErrors.length > 0 ? (
              <ul className={s.errors}>
                {submit.fieldErrors.map((e, i) => {
                  const step = stepOfPath(e.path, draft.kind);
                  return (
                    <li key={i}>
                      {e.path ? `${e.path}: ` : ''}
                      {e.message}
                      {step !== 'summary' && (
                        <>
                          {' '}
                          <Link as="button" onClick={() => goTo(step)}>
                            Go to {stepLabel(step)}
                          </Link>
                        </>
                      )}
                    </li>
                  );
                })}
              </ul>
            ) : (
              submit.message
            )}
          </MessageBarBody>
        </MessageBar>
      )}
      {/* the plan first: which snapshots the job takes, on which host, read by which proxy — what off-host is about */}
      <h4 className={s.heading}>Estimated snapshot plan</h4>
      {parsed.success ? <SnapshotPlan spec={spec} /> : <Text>Fix the settings below to see the snapshot plan.</Text>}
      <h4 className={s.heading}>Settings</h4>
      <dl className={s.list} aria-label="Job settings">
        <dt className={s.term}>Name</dt>
        <dd className={s.dd}>{draft.name}</dd>
        {draft.description && (
          <>
            <dt className={s.term}>Description</dt>
            <dd className={s.dd}>{draft.description}</dd>
          </>
        )}
        <dt className={s.term}>Virtual machines</dt>
        <dd className={s.dd}>
          {selectedVms.map((vm) => `${vm.name} (${formatBytes(selectedBytes([vm], { vmIds: [vm.id], excludedDisks: excluded }))})`).join(', ')}
        </dd>
        {excluded.length > 0 && (
          <>
            <dt className={s.term}>Excluded disks</dt>
            <dd className={s.dd}>{excluded.map(diskText).join(', ')}</dd>
          </>
        )}
        {replication ? (
          <>
            <dt className={s.term}>Destination</dt>
            <dd className={s.dd}>{`${target?.label ?? draft.targetHostId}: ${draft.replicaPath}`}</dd>
            <dt className={s.term}>Network mapping</dt>
            <dd className={s.dd}>
              {draft.networkMapping.length === 0
                ? 'None (source switch names kept)'
                : draft.networkMapping.map((m) => `${m.sourceSwitch} → ${m.targetSwitch ?? 'not connected'}`).join(', ')}
            </dd>
            <dt className={s.term}>Restore points</dt>
            <dd className={s.dd}>Keep the last {draft.pointsToKeep} restore points on each replica</dd>
            <dt className={s.term}>Replica names</dt>
            <dd className={s.dd}>{selectedVms.map((vm) => `${vm.name}${draft.suffix}`).join(', ') || `<VM name>${draft.suffix}`}</dd>
            <dt className={s.term}>Incrementals</dt>
            <dd className={s.dd}>{changeTrackingText(draft)}</dd>
          </>
        ) : (
          <>
            <dt className={s.term}>Repository</dt>
            <dd className={s.dd}>{repo?.name ?? draft.repositoryId}</dd>
            <dt className={s.term}>Retention</dt>
            <dd className={s.dd}>Keep the last {draft.keepLast} restore points</dd>
            <dt className={s.term}>Compression</dt>
            <dd className={s.dd}>{COMPRESSION_OPTIONS.find((o) => o.value === draft.compression)?.label}</dd>
            <dt className={s.term}>Block size</dt>
            <dd className={s.dd}>{BLOCK_SIZE_OPTIONS.find((o) => o.value === draft.blockSize)?.label}</dd>
            <dt className={s.term}>Incrementals</dt>
            <dd className={s.dd}>{changeTrackingText(draft)}</dd>
            <dt className={s.term}>Active full</dt>
            <dd className={s.dd}>{activeFull}</dd>
          </>
        )}
        <dt className={s.term}>{replication ? 'Data transfer' : 'Processing'}</dt>
        <dd className={s.dd}>{processing}</dd>
        <dt className={s.term}>VMs per snapshot</dt>
        <dd className={s.dd}>{draft.maxVmsPerSnapshot}</dd>
        <dt className={s.term}>Consistency</dt>
        <dd className={s.dd}>{consistencyText(draft)}</dd>
        <dt className={s.term}>Schedule</dt>
        <dd className={s.dd}>{schedule}</dd>
        <dt className={s.term}>Retries</dt>
        <dd className={s.dd}>
          {draft.retryCount === 0 ? 'None' : `${draft.retryCount}, ${formatInterval(draft.retryIntervalSec ?? 0)} apart`}
        </dd>
        <dt className={s.term}>E-mail report</dt>
        <dd className={s.dd}>{notifyText(draft.notify)}</dd>
        <dt className={s.term}>State</dt>
        <dd className={s.dd}>{draft.enabled ? 'Enabled' : 'Disabled'}</dd>
      </dl>
    </>
  );
}

function notifyText(n: JobDraft['notify']): string {
  const on = [n.onSuccess && 'success', n.onWarning && 'warning', n.onFailure && 'failure'].filter(Boolean).join(', ');
  if (!on) return 'None';
  return `On ${on}${n.onFailure ? (n.suppressUntilLastRetry ? ' (after the last retry)' : ' (also after each failed attempt)') : ''}`;
}
