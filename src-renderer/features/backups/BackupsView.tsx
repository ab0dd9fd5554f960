// Home › Backups: every restore point by job and VM — the kept points of deleted jobs under "Orphaned" — and, for
// the VM picked in the tree, its points with the restore commands.
import { useEffect, useMemo, useState, type ReactElement } from 'react';
import { Badge, Text, ToolbarButton, Tree, TreeItem, TreeItemLayout, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ArrowClockwise20Regular, Archive20Regular, Briefcase20Regular, Desktop20Regular } from '@fluentui/react-icons';
import { CommandBar } from '../../components/CommandBar';
import { visuallyHidden } from '../../lib/visuallyHidden';
import { Section } from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateViews';
import { useFerryStore } from '../../store';
import { connectionSelectors } from '../../store/slices/connection/selectors';
import { jobsSelectors } from '../../store/slices/jobs/selectors';
import { restorePointsSelectors } from '../../store/slices/restorePoints/selectors';
import { backupTree, findVmNode, type BackupJobNode } from './backupTree';
import { VmRestorePoints } from './VmRestorePoints';

const useStyles = makeStyles({
  body: {
    display: 'grid',
    gridTemplateColumns: 'minmax(220px, 300px) 1fr',
    gap: tokens.spacingHorizontalXL,
    padding: tokens.spacingHorizontalXL,
    alignItems: 'start',
  },
  tree: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingVerticalS,
    minHeight: '200px',
  },
  selected: { backgroundColor: tokens.colorNeutralBackground1Selected, fontWeight: tokens.fontWeightSemibold },
  count: { color: tokens.colorNeutralForeground3 },
  hidden: { ...visuallyHidden },
});

const ORPHANED = 'group:orphaned';
const JOBS = 'group:jobs';

export function BackupsView() {
  const s = useStyles();
  const connected = useFerryStore(connectionSelectors.isConnected);
  const loadable = useFerryStore(restorePointsSelectors.all);
  const jobs = useFerryStore(jobsSelectors.items);
  const fetchAll = useFerryStore((st) => st.fetchAllRestorePoints);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const tree = useMemo(() => backupTree(loadable.data, jobs), [loadable.data, jobs]);
  const selected = findVmNode(tree, selectedKey);

  useEffect(() => {
    if (connected) void fetchAll();
  }, [connected, fetchAll]);

  const empty = tree.jobs.length === 0 && tree.orphaned.length === 0;
  return (
    <>
      <CommandBar title="Backups" label="Backups commands">
        <ToolbarButton icon={<ArrowClockwise20Regular />} disabled={!connected} onClick={() => void fetchAll()}>
          Refresh
        </ToolbarButton>
      </CommandBar>
      <div className={s.body}>
        <Section title="Jobs and VMs">
          {loadable.status === 'error' && <ErrorState title="Could not load the restore points" message={loadable.error ?? ''} onRetry={() => void fetchAll()} />}
          {loadable.status === 'idle' || loadable.status === 'loading' ? (
            <LoadingState label="Loading restore points…" />
          ) : empty ? (
            <EmptyState>No restore points yet. Run a backup job to create the first.</EmptyState>
          ) : (
            <Tree className={s.tree} aria-label="Backups by job and VM" defaultOpenItems={[JOBS, ORPHANED, ...tree.jobs.map((j) => `job:${j.jobId}`), ...tree.orphaned.map((j) => `job:${j.jobId}`)]}>
              <Group value={JOBS} label="Backup jobs" icon={<Briefcase20Regular />} jobs={tree.jobs} selectedKey={selectedKey} onSelect={setSelectedKey} />
              {tree.orphaned.length > 0 && (
                <Group value={ORPHANED} label="Orphaned" icon={<Archive20Regular />} jobs={tree.orphaned} selectedKey={selectedKey} onSelect={setSelectedKey} />
              )}
            </Tree>
          )}
        </Section>
        <Section title={selected ? `Restore points of ${selected.vmName}` : 'Restore points'}>
          {selected ? (
            <>
              {tree.orphaned.some((j) => j.jobId === selected.jobId) && (
                <Text size={200}>These restore points belong to a deleted job; they stay in the repository until you delete them.</Text>
              )}
              <VmRestorePoints key={selected.key} vmId={selected.vmId} vmName={selected.vmName} points={selected.points} />
            </>
          ) : (
            <EmptyState>Select a VM under a job to see its restore points and restore it.</EmptyState>
          )}
        </Section>
      </div>
    </>
  );
}

function Group(props: {
  value: string;
  label: string;
  icon: ReactElement;
  jobs: BackupJobNode[];
  selectedKey: string | null;
  onSelect(key: string): void;
}) {
  const s = useStyles();
  return (
    <TreeItem itemType="branch" value={props.value}>
      <TreeItemLayout iconBefore={props.icon}>
        {props.label} <span className={s.count}>({props.jobs.length})</span>
      </TreeItemLayout>
      <Tree>
        {props.jobs.length === 0 ? (
          <TreeItem itemType="leaf" value={`${props.value}:none`}>
            <TreeItemLayout>No backups</TreeItemLayout>
          </TreeItem>
        ) : (
          props.jobs.map((job) => (
            <TreeItem key={job.jobId} itemType="branch" value={`job:${job.jobId}`}>
              <TreeItemLayout aside={<Badge appearance="tint" size="small">{`${job.pointCount} point${job.pointCount === 1 ? '' : 's'}`}</Badge>}>
                {job.jobName}
              </TreeItemLayout>
              <Tree>
                {job.vms.map((vm) => {
                  const isSelected = vm.key === props.selectedKey;
                  return (
                    <TreeItem
                      key={vm.key}
                      itemType="leaf"
                      value={`vm:${vm.key}`}
                      aria-selected={isSelected}
                      onClick={() => props.onSelect(vm.key)}
                    >
                      {/* the name comes from the content (what is seen is what is read): the job and "restore points" only for screen readers */}
                      <TreeItemLayout
                        className={mergeClasses(isSelected && s.selected)}
                        iconBefore={<Desktop20Regular />}
                        aside={
                          <span className={s.count}>
                            {vm.points.length}{' '}
                            <span className={s.hidden}>{`restore point${vm.points.length === 1 ? '' : 's'}`}</span>
                          </span>
                        }
                      >
                        {vm.vmName}{' '}
                        <span className={s.hidden}>{`in ${job.jobName}:`}</span>
                      </TreeItemLayout>
                    </TreeItem>
                  );
                })}
              </Tree>
            </TreeItem>
          ))
        )}
      </Tree>
    </TreeItem>
  );
}
