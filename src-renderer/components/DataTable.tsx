// A sortable Fluent DataGrid with optional single selection: the list control of every view.
import { useMemo, type KeyboardEvent, type ReactNode } from 'react';
import {
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  createTableColumn,
  makeStyles,
  type TableColumnSizingOptions,
} from '@fluentui/react-components';

// Resizable columns have fixed widths; a narrow window scrolls the table, not the page.
const useStyles = makeStyles({
  scroller: { overflowX: 'auto', maxWidth: '100%' },
  // a long unbroken value (a CSV path, a GUID) wraps inside its column instead of running over the next one;
  // buttons and badges keep their words whole (a narrow column must not turn "Verify" into "Verif / y")
  cell: { overflowWrap: 'anywhere', minWidth: 0, '& button, & .fui-Badge': { overflowWrap: 'normal', flexShrink: 0 } },
});

export interface Column<T> {
  id: string;
  label: string;
  render(item: T): ReactNode;
  /** makes the column sortable */
  sortValue?(item: T): string | number;
  /** initial width in px (columns are resizable) */
  width?: number;
  /** narrowest the column may be squeezed to when the table fits itself to the window */
  minWidth?: number;
}

export interface DataTableProps<T> {
  label: string;
  items: T[];
  columns: Column<T>[];
  getRowId(item: T): string;
  selectedId?: string | null;
  onSelect?(id: string | null): void;
  /** names the row's selection radio for screen readers ("Select <rowLabel>") */
  rowLabel?(item: T): string;
  /** double-click or Enter on a row (e.g. open a session) */
  onActivate?(item: T): void;
  size?: 'small' | 'medium';
}

const compare = (a: string | number, b: string | number) =>
  typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));

export function DataTable<T>(props: DataTableProps<T>) {
  const s = useStyles();
  const { columns, onSelect, onActivate } = props;
  const gridColumns = useMemo(
    () =>
      columns.map((c) =>
        createTableColumn<T>({
          columnId: c.id,
          compare: c.sortValue ? (a, b) => compare(c.sortValue!(a), c.sortValue!(b)) : undefined,
          renderHeaderCell: () => c.label,
          renderCell: (item) => c.render(item),
        }),
      ),
    [columns],
  );
  const sizing = useMemo(() => {
    const out: TableColumnSizingOptions = {};
    for (const c of columns) {
      if (c.width) out[c.id] = { defaultWidth: c.width, idealWidth: c.width, minWidth: c.minWidth ?? Math.min(c.width, 80) };
    }
    return out;
  }, [columns]);

  return (
    <div className={s.scroller}>
      <DataGrid
        aria-label={props.label}
        items={props.items}
        columns={gridColumns}
        getRowId={(item: T) => props.getRowId(item)}
        sortable={columns.some((c) => c.sortValue)}
        size={props.size ?? 'small'}
        focusMode="composite"
        resizableColumns
        columnSizingOptions={sizing}
        selectionMode={onSelect ? 'single' : undefined}
        selectionAppearance="brand"
        selectedItems={props.selectedId ? [props.selectedId] : []}
        onSelectionChange={(_e, data) => onSelect?.(([...data.selectedItems][0] as string | undefined) ?? null)}
      >
        <DataGridHeader>
          <DataGridRow>{({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}</DataGridRow>
        </DataGridHeader>
        <DataGridBody<T>>
          {({ item, rowId }) => (
            <DataGridRow<T>
              key={rowId}
              selectionCell={onSelect ? { radioIndicator: { 'aria-label': `Select ${props.rowLabel?.(item) ?? 'row'}` } } : undefined}
              onDoubleClick={onActivate ? () => onActivate(item) : undefined}
              onKeyDown={onActivate ? (e: KeyboardEvent) => e.key === 'Enter' && onActivate(item) : undefined}
            >
              {({ renderCell }) => <DataGridCell className={s.cell}>{renderCell(item)}</DataGridCell>}
            </DataGridRow>
          )}
        </DataGridBody>
      </DataGrid>
    </div>
  );
}
