// Audit: who did what on this engine (job started, stopped, edited, deleted, restores, users), newest first,
// with what it ended in: done, refused for want of a role, or failed with its error code.
import { useEffect, useMemo } from 'react';
import { Badge, ToolbarButton, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwise20Regular } from '@fluentui/react-icons';
import type { AuditEntry } from '../../../src-shared/contract/accounts';
import { CommandBar } from '../../components/CommandBar';
import { DataTable, type Column } from '../../components/DataTable';
import { LoadableView } from '../../components/StateViews';
import { formatDateTime } from '../../lib/format';
import { useFerryStore } from '../../store';
import { auditSelectors } from '../../store/slices/audit/selectors';

const useStyles = makeStyles({ body: { padding: tokens.spacingHorizontalXL } });

const OUTCOME: Record<AuditEntry['outcome'], { label: string; color: 'success' | 'warning' | 'danger' }> = {
  ok: { label: 'Done', color: 'success' },
  refused: { label: 'Refused', color: 'warning' },
  failed: { label: 'Failed', color: 'danger' },
};

export function AuditView() {
  const s = useStyles();
  const audit = useFerryStore(auditSelectors.loadable);
  const fetchAudit = useFerryStore((st) => st.fetchAudit);
  const columns = useMemo(auditColumns, []);
  useEffect(() => void fetchAudit(), [fetchAudit]);
  return (
    <>
      <CommandBar title="Audit" label="Audit commands">
        <ToolbarButton icon={<ArrowClockwise20Regular />} onClick={() => void fetchAudit()}>
          Refresh
        </ToolbarButton>
      </CommandBar>
      <div className={s.body}>
        <LoadableView loadable={audit} what="audit log" onRetry={() => void fetchAudit()} empty="Nothing recorded yet: changes, job starts and stops, restores and logins appear here.">
          {(items) => <DataTable label="Audit log" items={items} columns={columns} getRowId={(e) => String(e.seq)} />}
        </LoadableView>
      </div>
    </>
  );
}

function auditColumns(): Column<AuditEntry>[] {
  return [
    { id: 'at', label: 'Time', width: 170, render: (e) => formatDateTime(e.at), sortValue: (e) => e.seq },
    { id: 'user', label: 'User', width: 140, render: (e) => e.user, sortValue: (e) => e.user },
    { id: 'role', label: 'Role', width: 110, render: (e) => e.role ?? '—', sortValue: (e) => e.role ?? '' },
    { id: 'method', label: 'Action', width: 180, render: (e) => e.method, sortValue: (e) => e.method },
    { id: 'target', label: 'Target', width: 320, render: (e) => e.target || '—' },
    {
      id: 'outcome',
      label: 'Result',
      width: 150,
      render: (e) => (
        <Badge appearance="tint" color={OUTCOME[e.outcome].color}>
          {OUTCOME[e.outcome].label}
          {e.detail ? ` (${e.detail})` : ''}
        </Badge>
      ),
      sortValue: (e) => e.outcome,
    },
  ];
}
