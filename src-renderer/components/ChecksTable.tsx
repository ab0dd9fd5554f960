// Requirements checked on a server, each pass / fail / warning with the reason and how to fix it.
// Failures and warnings are tinted so they stand out in a long list; the word says it for everyone else.
import type { ReactNode } from 'react';
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import type { ReadinessCheck } from '../../src-shared/domain';
import { CheckStatusLabel } from './CheckStatusLabel';

const useStyles = makeStyles({
  statusCol: { width: '110px' },
  fix: { color: tokens.colorNeutralForeground2 },
  failRow: { backgroundColor: tokens.colorPaletteRedBackground1 },
  warnRow: { backgroundColor: tokens.colorPaletteYellowBackground1 },
});

export function ChecksTable({
  label,
  checks,
  detail,
}: {
  label: string;
  checks: ReadinessCheck[];
  /** a second line under the requirement (e.g. the volume a row is about) */
  detail?: (check: ReadinessCheck) => ReactNode;
}) {
  const s = useStyles();
  return (
    <Table size="small" aria-label={label}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell className={s.statusCol}>Status</TableHeaderCell>
          <TableHeaderCell>Requirement</TableHeaderCell>
          <TableHeaderCell>Reason</TableHeaderCell>
          <TableHeaderCell>How to fix</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {checks.map((row, i) => (
          <TableRow
            key={`${row.id}:${row.volumeId ?? ''}:${i}`}
            data-status={row.status}
            className={row.status === 'fail' ? s.failRow : row.status === 'warning' ? s.warnRow : undefined}
          >
            <TableCell>
              <CheckStatusLabel status={row.status} />
            </TableCell>
            <TableCell>
              {row.title}
              {detail?.(row)}
            </TableCell>
            <TableCell>{row.reason}</TableCell>
            <TableCell className={s.fix}>{row.status === 'pass' ? '' : (row.fix ?? '')}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** "5 requirements: 3 passed, 1 warning, 1 failed" (+ ", 2 not applicable"): N/A rows count neither as passed nor as failed. */
export function checksSummary(checks: ReadinessCheck[]): string {
  const count = (status: ReadinessCheck['status']) => checks.filter((r) => r.status === status).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const na = count('not-applicable');
  return `${plural(checks.length, 'requirement')}: ${count('pass')} passed, ${plural(count('warning'), 'warning')}, ${count('fail')} failed${na > 0 ? `, ${na} not applicable` : ''}`;
}
