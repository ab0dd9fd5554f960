// One row per VM, virtualised with TanStack Virtual (a job of 100 VMs / 200 disks renders ~25 rows):
// what processed it (an off-host proxy or its Hyper-V host), consistency, full or incremental, progress,
// rate (live while it runs, its average once done), read amount, duration, outcome, and a message when it says more
// than the status. It fits a 1400 px window beside the navigation; narrower ones scroll it sideways. A normal job's
// VMs are all in view (the list scrolls only beyond MAX_VISIBLE_ROWS).
// ARIA grid with aria-activedescendant: focus stays on the grid, arrows move, Enter/Space selects a VM
// (its log is shown below), Escape clears.
import { memo, useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { makeStyles, mergeClasses, shorthands, tokens } from '@fluentui/react-components';
import { visuallyHidden } from '../../lib/visuallyHidden';
import type { VmTaskView } from '../../../src-shared/domain';
import type { SessionDepartures } from './departures';
import { useSecondTick } from '../../lib/useSecondTick';
import { formatBytes, formatDuration, formatPercent, formatRate } from '../../lib/format';
import { KIND_TEXT } from '../../lib/restorePointText';
import { VmRateTracker, vmDuration } from './vmRates';

export const ROW_HEIGHT = 36;
const HEADER_HEIGHT = 32;
const COLUMNS = ['VM', 'Processed by', 'Consistency', 'Backup', 'Progress', 'Rate', 'Read', 'Duration', 'Status', 'Message'] as const;
const TEMPLATE = '120px 132px 84px 84px 96px 76px 124px 64px 76px minmax(100px, 1fr)';
/**
 * the columns' minimum widths (956), their 9 gaps (9 × 8) and the row padding (2 × 8): inside the ~1130 px a
 * 1400 px window leaves beside the navigation, also with a vertical scrollbar (e2e checks it); narrower windows
 * scroll sideways
 */
const MIN_WIDTH = 1044;
/** a normal job's VMs all show; a bigger one scrolls */
const MAX_VISIBLE_ROWS = 12;
const MAX_HEIGHT = HEADER_HEIGHT + MAX_VISIBLE_ROWS * ROW_HEIGHT + 2;

const useStyles = makeStyles({
  grid: {
    maxHeight: `${MAX_HEIGHT}px`,
    overflow: 'auto',
    // Rows change several times a second: keep their layout from spilling into the session window,
    // and give the list its own compositor layer so scrolling it does not repaint the page.
    contain: 'strict',
    willChange: 'transform',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  header: {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground2,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    minWidth: 'fit-content',
  },
  row: {
    display: 'grid',
    gridTemplateColumns: TEMPLATE,
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalS,
    padding: `0 ${tokens.spacingHorizontalS}`,
    boxSizing: 'border-box',
    minWidth: `${MIN_WIDTH}px`,
  },
  headerRow: { height: `${HEADER_HEIGHT}px`, fontWeight: tokens.fontWeightSemibold },
  bodyRow: {
    position: 'absolute',
    left: 0,
    right: 0,
    height: `${ROW_HEIGHT}px`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  // the row the arrow keys are on: ringed only while the grid has keyboard focus, not after a click or on load
  focusRing: { '&:focus-visible [data-active="true"]': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' } },
  selected: { backgroundColor: tokens.colorNeutralBackground1Selected },
  cell: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 },
  // pill and name side by side; the name gives way first
  processedBy: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  where: { overflow: 'hidden', textOverflow: 'ellipsis', minWidth: 0 },
  noShrink: { flexShrink: 0 },
  progress: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  // Rows redraw several times a second: plain styled elements in Fluent's tokens, not Fluent
  // Badge / ProgressBar components, keep a 200-disk session cheap to render.
  track: { flexGrow: 1, height: '4px', borderRadius: tokens.borderRadiusSmall, backgroundColor: tokens.colorNeutralBackground6, overflow: 'hidden' },
  fill: { height: '100%', backgroundColor: tokens.colorBrandBackground },
  fillSuccess: { backgroundColor: tokens.colorPaletteGreenBackground3 },
  fillWarning: { backgroundColor: tokens.colorPaletteDarkOrangeBackground3 },
  fillError: { backgroundColor: tokens.colorPaletteRedBackground3 },
  pct: { fontSize: tokens.fontSizeBase200, minWidth: '3em', textAlign: 'right' },
  pill: {
    display: 'inline-block',
    padding: `0 ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusCircular,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
  },
  offHost: { color: tokens.colorBrandForeground1, ...shorthands.borderColor(tokens.colorBrandStroke1) },
  // on-host processing, and other fallbacks an admin should notice (crash-consistent instead of application)
  caution: { color: tokens.colorPaletteDarkOrangeForeground1, ...shorthands.borderColor(tokens.colorPaletteDarkOrangeBorder2) },
  Pending: { color: tokens.colorNeutralForeground3 },
  Running: { color: tokens.colorBrandForeground1, backgroundColor: tokens.colorBrandBackground2, ...shorthands.borderColor(tokens.colorBrandStroke2) },
  Success: { color: tokens.colorPaletteGreenForeground1, backgroundColor: tokens.colorPaletteGreenBackground1, ...shorthands.borderColor(tokens.colorPaletteGreenBorder1) },
  Warning: { color: tokens.colorPaletteDarkOrangeForeground1, backgroundColor: tokens.colorPaletteDarkOrangeBackground1, ...shorthands.borderColor(tokens.colorPaletteDarkOrangeBorder1) },
  Failed: { color: tokens.colorPaletteRedForeground1, backgroundColor: tokens.colorPaletteRedBackground1, ...shorthands.borderColor(tokens.colorPaletteRedBorder1) },
  // the admin chose not to finish it: neutral, not an error
  Stopped: { color: tokens.colorNeutralForeground2, backgroundColor: tokens.colorNeutralBackground3, ...shorthands.borderColor(tokens.colorNeutralStroke1) },
  failover: { color: tokens.colorPaletteDarkOrangeForeground1, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  visuallyHidden: { ...visuallyHidden },
});

/** short words: the column is narrow */
const CONSISTENCY_TEXT = { application: 'Application', crash: 'Crash' } as const;
const CRASH_FALLBACK_TEXT = 'the Hyper-V VSS writer failed, so it was backed up crash-consistent';


export interface VmTaskGridProps {
  label: string;
  vms: VmTaskView[];
  hostName(id: string): string;
  selectedVmId: string | null;
  onSelect(id: string | null): void;
  /** what the session did differently from its job (see departures.ts): failovers and writer fallbacks stand out */
  departures: Pick<SessionDepartures, 'failoverVmIds' | 'writerFallbackVmIds'>;
}

export function VmTaskGrid(props: VmTaskGridProps) {
  const s = useStyles();
  const { vms, onSelect, selectedVmId } = props;
  const gridId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const tracker = useRef(new VmRateTracker());
  const rates = useMemo(() => tracker.current.update(vms, Date.now()), [vms]);
  const now = useSecondTick(vms.some((v) => v.status === 'Running'));
  const scrollbar = useHorizontalScrollbarHeight(scrollRef);
  const virtualizer = useVirtualizer({
    count: vms.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    scrollMargin: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const activeIndex = Math.min(active, Math.max(0, vms.length - 1));
  const activeVm = vms[activeIndex];
  const activeRendered = activeVm !== undefined && items.some((i) => i.index === activeIndex);
  const rowId = (vmId: string) => `${gridId}-row-${vmId}`;
  // Rows are memoised: their click handler reads the latest selection through a ref.
  const selection = useRef({ selectedVmId, onSelect });
  selection.current = { selectedVmId, onSelect };
  const onRowClick = useCallback((index: number, vmId: string) => {
    setActive(index);
    const { selectedVmId: current, onSelect: select } = selection.current;
    select(current === vmId ? null : vmId);
  }, []);

  useEffect(() => {
    if (active >= vms.length && vms.length > 0) setActive(vms.length - 1);
  }, [active, vms.length]);

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(vms.length - 1, index));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor(MAX_HEIGHT / ROW_HEIGHT) - 2);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (e.key in moves) moveTo(activeIndex + moves[e.key]!);
    else if (e.key === 'Home') moveTo(0);
    else if (e.key === 'End') moveTo(vms.length - 1);
    else if ((e.key === 'Enter' || e.key === ' ') && activeVm) onSelect(selectedVmId === activeVm.vmId ? null : activeVm.vmId);
    else if (e.key === 'Escape' && selectedVmId) onSelect(null);
    else return;
    e.preventDefault();
  };

  return (
    <div
      ref={scrollRef}
      className={mergeClasses(s.grid, s.focusRing)}
      role="grid"
      aria-label={props.label}
      aria-rowcount={vms.length + 1}
      aria-colcount={COLUMNS.length}
      aria-multiselectable={false}
      aria-activedescendant={activeRendered ? rowId(activeVm.vmId) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      // A few VMs get a short list; many get a scrolling one of fixed height (the virtualiser needs one). A sideways
      // scrollbar (narrow window) gets its own room, so it never covers the last row.
      style={{ height: Math.min(MAX_HEIGHT, HEADER_HEIGHT + Math.max(1, vms.length) * ROW_HEIGHT + 2) + scrollbar }}
    >
      <div role="rowgroup" className={s.header}>
        <div role="row" aria-rowindex={1} className={mergeClasses(s.row, s.headerRow)}>
          {COLUMNS.map((c) => (
            <div key={c} role="columnheader" className={s.cell}>
              {c}
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" style={{ height: virtualizer.getTotalSize() - HEADER_HEIGHT, position: 'relative', minWidth: 'fit-content' }}>
        {items.map((item) => {
          const vm = vms[item.index]!;
          return (
            <VmRow
              key={vm.vmId}
              id={rowId(vm.vmId)}
              index={item.index}
              top={item.start - HEADER_HEIGHT}
              vm={vm}
              rate={rates.get(vm.vmId) ?? 0}
              duration={durationText(vm, now)}
              proxyName={vm.proxyServerId ? props.hostName(vm.proxyServerId) : null}
              failover={props.departures.failoverVmIds.has(vm.vmId)}
              crashFallback={props.departures.writerFallbackVmIds.has(vm.vmId)}
              selected={selectedVmId === vm.vmId}
              active={item.index === activeIndex}
              onRowClick={onRowClick}
            />
          );
        })}
      </div>
    </div>
  );
}


/** The height a sideways scrollbar takes at the bottom of the list (0 when everything fits). */
function useHorizontalScrollbarHeight(ref: RefObject<HTMLDivElement | null>): number {
  const [height, setHeight] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setHeight(el.scrollWidth > el.clientWidth ? Math.max(0, el.offsetHeight - el.clientHeight - 2) : 0);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return height;
}

function durationText(vm: VmTaskView, now: number): string {
  const ms = vmDuration(vm, now);
  return ms === null ? '—' : formatDuration(ms);
}

/** The message, unless it only repeats the status ("Success"). */
function messageOf(vm: VmTaskView): string {
  return vm.message.trim().toLowerCase() === vm.status.toLowerCase() ? '' : vm.message;
}

interface VmRowProps {
  id: string;
  index: number;
  top: number;
  vm: VmTaskView;
  rate: number;
  duration: string;
  proxyName: string | null;
  failover: boolean;
  crashFallback: boolean;
  selected: boolean;
  active: boolean;
  onRowClick(index: number, vmId: string): void;
}

/** Every progress event brings new VM objects: compare what a row shows, not object identity. */
function sameRow(a: VmRowProps, b: VmRowProps): boolean {
  return (
    a.id === b.id &&
    a.index === b.index &&
    a.top === b.top &&
    a.rate === b.rate &&
    a.duration === b.duration &&
    a.proxyName === b.proxyName &&
    a.failover === b.failover &&
    a.crashFallback === b.crashFallback &&
    a.selected === b.selected &&
    a.active === b.active &&
    a.onRowClick === b.onRowClick &&
    a.vm.status === b.vm.status &&
    a.vm.progress === b.vm.progress &&
    a.vm.bytesRead === b.vm.bytesRead &&
    a.vm.bytesTotal === b.vm.bytesTotal &&
    a.vm.message === b.vm.message &&
    a.vm.processingMode === b.vm.processingMode &&
    a.vm.consistency === b.vm.consistency &&
    a.vm.backupKind === b.vm.backupKind
  );
}

const VmRow = memo(function VmRow(p: VmRowProps) {
  const s = useStyles();
  const { vm } = p;
  const offHost = vm.processingMode === 'off-host';
  // The pill says where; beside it the proxy, or that on-host was a failover (the column is narrow: the
  // full sentence is the tooltip).
  const by = offHost ? (p.proxyName ?? '') : p.failover ? '(failover)' : '';
  const byTitle = offHost ? `Off-host proxy ${p.proxyName ?? '(not chosen yet)'}` : `Its Hyper-V host${p.failover ? ' (failover: the job asked for off-host)' : ''}`;
  return (
    <div
      id={p.id}
      role="row"
      aria-rowindex={p.index + 2}
      aria-selected={p.selected}
      data-vm={vm.vmName}
      data-status={vm.status}
      data-mode={vm.processingMode}
      data-consistency={vm.consistency ?? undefined}
      data-kind={vm.backupKind ?? undefined}
      data-active={p.active}
      className={mergeClasses(s.row, s.bodyRow, p.selected && s.selected)}
      style={{ top: p.top }}
      onClick={() => p.onRowClick(p.index, vm.vmId)}
    >
      <div role="gridcell" className={s.cell}>
        {vm.vmName}
      </div>
      <div role="gridcell" className={mergeClasses(s.cell, s.processedBy)} title={byTitle}>
        <span className={mergeClasses(s.pill, s.noShrink, offHost ? s.offHost : s.caution)}>{offHost ? 'Off-host' : 'On-host'}</span>
        {by && <span className={mergeClasses(s.where, p.failover && s.failover)}>{` ${by}`}</span>}
      </div>
      <div role="gridcell" className={mergeClasses(s.cell, !vm.consistency && s.muted)}>
        {vm.consistency ? (
          <span className={mergeClasses(s.pill, p.crashFallback && s.caution)} title={p.crashFallback ? CRASH_FALLBACK_TEXT : undefined}>
            {CONSISTENCY_TEXT[vm.consistency]}
          </span>
        ) : (
          '—'
        )}
        {/* the reason for keyboard and screen-reader users too, not only in the mouse's tooltip */}
        {p.crashFallback && <span className={s.visuallyHidden}>{`: ${CRASH_FALLBACK_TEXT}`}</span>}
      </div>
      <div role="gridcell" className={mergeClasses(s.cell, !vm.backupKind && s.muted)}>
        {vm.backupKind ? KIND_TEXT[vm.backupKind] : '—'}
      </div>
      <div role="gridcell" className={mergeClasses(s.cell, s.progress)}>
        <span className={s.track} aria-hidden>
          <span
            className={mergeClasses(
              s.fill,
              vm.status === 'Success' && s.fillSuccess,
              vm.status === 'Warning' && s.fillWarning,
              vm.status === 'Failed' && s.fillError,
            )}
            style={{ display: 'block', width: `${Math.round(vm.progress * 100)}%` }}
          />
        </span>
        <span className={s.pct}>{formatPercent(vm.progress)}</span>
      </div>
      <div role="gridcell" className={s.cell}>
        {p.rate > 0 ? formatRate(p.rate) : '—'}
      </div>
      <div role="gridcell" className={s.cell}>
        {`${formatBytes(vm.bytesRead)} of ${formatBytes(vm.bytesTotal)}`}
      </div>
      <div role="gridcell" className={s.cell}>
        {p.duration}
      </div>
      <div role="gridcell" className={s.cell}>
        <span className={mergeClasses(s.pill, s[vm.status])}>{vm.status}</span>
      </div>
      <div role="gridcell" className={mergeClasses(s.cell, p.failover && s.failover)} title={messageOf(vm) || undefined}>
        {messageOf(vm)}
      </div>
    </div>
  );
}, sameRow);
