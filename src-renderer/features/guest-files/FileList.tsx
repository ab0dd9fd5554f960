// One folder's entries (or search results): checkboxes to select, folders open on click or Enter, size and time.
import { Checkbox, Link, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Document16Regular, Folder16Regular, Link16Regular } from '@fluentui/react-icons';
import type { GuestEntryView } from '../../../src-shared/contract/files';
import { formatBytes } from '../../lib/format';

const useStyles = makeStyles({
  scroll: { maxHeight: '360px', overflowY: 'auto', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  name: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, minWidth: 0, overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const when = (ms?: number): string => (ms === undefined ? '' : new Date(ms).toLocaleString());

export function FileList(props: {
  entries: GuestEntryView[];
  showPath: boolean;
  selected: ReadonlySet<string>;
  onToggle(path: string, on: boolean): void;
  onSelectAll(paths: string[]): void;
  onOpen(path: string): void;
}) {
  const s = useStyles();
  const selectable = props.entries.filter((e) => e.kind === 'file' || e.kind === 'directory');
  const all = selectable.length > 0 && selectable.every((e) => props.selected.has(e.path));
  const some = selectable.some((e) => props.selected.has(e.path));
  return (
    <div className={s.scroll}>
      <Table size="small" aria-label="Guest files">
        <TableHeader>
          <TableRow>
            <TableHeaderCell style={{ width: 40 }}>
              <Checkbox
                aria-label="Select all"
                checked={all ? true : some ? 'mixed' : false}
                onChange={(_e, d) => props.onSelectAll(d.checked ? selectable.map((e) => e.path) : [])}
              />
            </TableHeaderCell>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell style={{ width: 110 }}>Size</TableHeaderCell>
            <TableHeaderCell style={{ width: 190 }}>Modified</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {props.entries.map((e) => (
            <TableRow key={e.path} data-kind={e.kind}>
              <TableCell>
                <Checkbox
                  aria-label={`Select ${e.name}`}
                  disabled={e.kind !== 'file' && e.kind !== 'directory'}
                  checked={props.selected.has(e.path)}
                  onChange={(_ev, d) => props.onToggle(e.path, d.checked === true)}
                />
              </TableCell>
              <TableCell>
                <span className={s.name}>
                  {e.kind === 'directory' ? <Folder16Regular /> : e.kind === 'file' ? <Document16Regular /> : <Link16Regular />}
                  {e.kind === 'directory' ? (
                    <Link as="button" aria-label={`Open folder ${e.name}`} onClick={() => props.onOpen(e.path)}>
                      {props.showPath ? e.path : e.name}
                    </Link>
                  ) : (
                    <Text>{props.showPath ? e.path : e.name}</Text>
                  )}
                  {e.linkTarget !== undefined && <Text className={s.muted}>{`→ ${e.linkTarget} (not followed)`}</Text>}
                </span>
              </TableCell>
              <TableCell>{e.kind === 'file' ? formatBytes(e.size) : ''}</TableCell>
              <TableCell>{when(e.modifiedMs)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
