// Home: jobs with their commands, running and recent sessions, and the selected job's restore points.
import { useRef, useState } from 'react';
import { ToolbarButton, ToolbarDivider, makeStyles, tokens } from '@fluentui/react-components';
import {
  ArrowClockwise20Regular,
  Copy20Regular,
  Delete20Regular,
  Edit20Regular,
  Pause20Regular,
  PlayCircle20Regular,
} from '@fluentui/react-icons';
import type { Job, JobKind } from '../../../src-shared/domain';
import { errorMessage } from '../../backend/errors';
import { CommandBar } from '../../components/CommandBar';
import { useNotify } from '../../components/notify';
import { Section } from '../../components/Section';
import { useReturnFocus } from '../../components/useReturnFocus';
import { useFerryStore } from '../../store';
import { connectionSelectors } from '../../store/slices/connection/selectors';
import { jobsSelectors } from '../../store/slices/jobs/selectors';
import { JobWizard } from '../job-wizard/JobWizard';
import { JobsTable } from './JobsTable';
import { RecentSessions } from './RecentSessions';
import { LeftoverSnapshots } from './LeftoverSnapshots';
import { RestorePoints } from './RestorePoints';
import { DeleteJobDialog, type RestorePointChoice } from './DeleteJobDialog';
import { restorePointsSelectors } from '../../store/slices/restorePoints/selectors';
import { RunJobButton } from './RunJobButton';
import { NewJobButton } from './NewJobButton';
import { JobReplicas } from '../replicas/JobReplicas';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXL, padding: tokens.spacingHorizontalXL },
});

export function HomeView() {
  const s = useStyles();
  const notify = useNotify();
  const connected = useFerryStore(connectionSelectors.isConnected);
  const selected = useFerryStore(jobsSelectors.selected);
  const { startJob, deleteJob, setJobEnabled, navigate, fetchJobs, fetchSessions, fetchSnapshotLeftovers } = useFerryStore.getState();
  /** null: closed; { kind }: new job of that kind; { job }: edit that job; { cloneOf }: new job from that one */
  const [wizard, setWizardState] = useState<{ job?: Job; cloneOf?: Job; kind?: JobKind } | null>(null);
  // after Finish or Cancel, keyboard users are back on the command that opened the wizard (not on <body>)
  const wizardFocus = useReturnFocus();
  const newJobRef = useRef<HTMLButtonElement>(null);
  const setWizard = (next: { job?: Job; cloneOf?: Job; kind?: JobKind } | null) => {
    if (next) wizardFocus.remember(next.kind ? newJobRef.current : undefined);
    setWizardState(next);
    if (!next) wizardFocus.restore();
  };
  const [starting, setStarting] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState<{ busy: boolean; error: string | null } | null>(null);
  const selectedPoints = useFerryStore(restorePointsSelectors.forJob(selected?.id ?? ''));

  const runNow = async ({ activeFull }: { activeFull: boolean }) => {
    if (!selected) return;
    setStarting(true);
    try {
      const sessionId = await startJob(selected.id, { activeFull });
      notify(activeFull ? 'Active full started' : 'Job started', selected.spec.name);
      navigate({ view: 'session', sessionId });
    } catch (e) {
      notify(`${selected.spec.name} did not start`, errorMessage(e), 'error');
    } finally {
      setStarting(false);
    }
  };

  const toggleEnabled = async () => {
    if (!selected) return;
    const enable = !selected.spec.enabled;
    try {
      await setJobEnabled(selected.id, enable);
      notify(enable ? 'Job enabled' : 'Job disabled', selected.spec.name);
    } catch (e) {
      notify(`${selected.spec.name} was not changed`, errorMessage(e), 'error');
    }
  };

  const doDelete = async (choice: RestorePointChoice) => {
    if (!selected) return;
    setConfirmDelete({ busy: true, error: null });
    try {
      const r = await deleteJob(selected.id, choice);
      setConfirmDelete(null);
      const what = choice === 'delete' ? `${r.restorePointsDeleted} restore point(s) deleted` : `${r.restorePointsKept} restore point(s) kept in the repository`;
      notify('Job deleted', `${selected.spec.name}: ${what}`);
    } catch (e) {
      setConfirmDelete({ busy: false, error: errorMessage(e) });
    }
  };

  return (
    <>
      <CommandBar title="Home" label="Jobs commands">
        <NewJobButton ref={newJobRef} disabled={!connected} onChoose={(kind) => setWizard({ kind })} />
        <ToolbarDivider />
        <RunJobButton disabled={!selected || !connected || starting} jobName={selected?.spec.name} onRun={(opts) => void runNow(opts)} />
        <ToolbarButton icon={<Edit20Regular />} disabled={!selected || !connected} onClick={() => selected && setWizard({ job: selected })}>
          Edit
        </ToolbarButton>
        <ToolbarButton icon={<Copy20Regular />} disabled={!selected || !connected} onClick={() => selected && setWizard({ cloneOf: selected })}>
          Clone
        </ToolbarButton>
        <ToolbarButton
          icon={selected && !selected.spec.enabled ? <PlayCircle20Regular /> : <Pause20Regular />}
          disabled={!selected || !connected}
          onClick={() => void toggleEnabled()}
        >
          {selected && !selected.spec.enabled ? 'Enable' : 'Disable'}
        </ToolbarButton>
        <ToolbarButton
          icon={<Delete20Regular />}
          disabled={!selected || !connected}
          onClick={() => setConfirmDelete({ busy: false, error: null })}
        >
          Delete
        </ToolbarButton>
        <ToolbarDivider />
        <ToolbarButton
          icon={<ArrowClockwise20Regular />}
          disabled={!connected}
          onClick={() => {
            void fetchJobs();
            void fetchSessions();
            void fetchSnapshotLeftovers();
          }}
        >
          Refresh
        </ToolbarButton>
      </CommandBar>

      <div className={s.body}>
        <LeftoverSnapshots />
        <Section title="Jobs">
          <JobsTable />
        </Section>
        <Section title="Running sessions">
          <RecentSessions which="running" />
        </Section>
        {selected?.spec.kind === 'replication' ? (
          <Section title={`Replicas of ${selected.spec.name}`}>
            <JobReplicas jobId={selected.id} />
          </Section>
        ) : (
          <Section title={selected ? `Restore points of ${selected.spec.name}` : 'Restore points'}>
            <RestorePoints jobId={selected?.id ?? null} />
          </Section>
        )}
        <Section title="Recent sessions">
          <RecentSessions which="finished" />
        </Section>
      </div>

      {wizard && (
        <JobWizard
          job={wizard.job}
          cloneOf={wizard.cloneOf}
          kind={wizard.kind}
          onClose={() => setWizard(null)}
          onSaved={(job) => notify(wizard.job ? 'Job saved' : 'Job created', job.spec.name)}
        />
      )}
      <DeleteJobDialog
        open={confirmDelete !== null}
        jobName={selected?.spec.name ?? ''}
        restorePointCount={selectedPoints?.status === 'ready' ? selectedPoints.data.length : null}
        busy={confirmDelete?.busy ?? false}
        error={confirmDelete?.error ?? null}
        onConfirm={(choice) => void doDelete(choice)}
        onCancel={() => setConfirmDelete(null)}
      />
    </>
  );
}
