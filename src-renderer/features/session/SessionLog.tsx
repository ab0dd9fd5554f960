// The session log, windowed with TanStack Virtual (hundreds of disks mean thousands of lines); warnings and
// errors stand out, long lines wrap. It follows the tail like a console window until the admin scrolls up.
// Rows are keyed by the line's seq and measured as they render (a wrapped line is taller); the measurements
// are dropped when the filter changes, so no row of the previous filter keeps a place in the new one. The window
// of rows is laid out in normal flow below one offset: a row whose height is not measured yet (a line that wraps,
// a width that changed) pushes the next one down instead of being drawn over it.
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Button, Switch, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ArrowDownload20Regular } from '@fluentui/react-icons';
import type { LogLine } from '../../../src-shared/domain';
import { LogLevelIcon } from '../../components/LogLevelIcon';
import { formatTime } from '../../lib/format';

/** one unwrapped line; the virtualiser's first guess before it measures */
export const LOG_ROW_HEIGHT = 24;
const HEIGHT = 320;
const OVERSCAN = 6;

const useStyles = makeStyles({
  toolbar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  scroller: {
    height: `${HEIGHT}px`,
    overflowY: 'auto',
    overflowX: 'hidden',
    // Layout inside the log never spills into the rest of the session window; its own compositor layer
    // keeps the tail-following scroll from repainting the page.
    contain: 'strict',
    willChange: 'transform',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    backgroundColor: tokens.colorNeutralBackground1,
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  // the rendered window: one block at the first row's offset, its rows stacked in flow
  window: { position: 'absolute', top: 0, left: 0, right: 0 },
  row: {
    minHeight: `${LOG_ROW_HEIGHT}px`,
    boxSizing: 'border-box',
    display: 'flex',
    alignItems: 'flex-start',
    gap: tokens.spacingHorizontalS,
    padding: `3px ${tokens.spacingHorizontalS}`,
    lineHeight: '18px',
  },
  warning: { backgroundColor: tokens.colorPaletteYellowBackground1, fontWeight: tokens.fontWeightSemibold },
  error: { backgroundColor: tokens.colorPaletteRedBackground1, color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  icon: { display: 'flex', alignItems: 'center', height: '18px', flexShrink: 0 },
  time: { color: tokens.colorNeutralForeground3, flexShrink: 0, whiteSpace: 'nowrap' },
  vm: { color: tokens.colorBrandForeground1, flexShrink: 0, whiteSpace: 'nowrap' },
  // a long line (a path, a reason) wraps instead of being cut
  text: { minWidth: 0, flexGrow: 1, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
});

export interface SessionLogProps {
  lines: LogLine[];
  vmName(id: string): string;
  vmFilter: string | null;
  /** the whole log, in order, for the export (the console keeps only the newest lines of a huge one) */
  loadFullLog(): Promise<LogLine[]>;
  /** file name of the export, without extension */
  exportName: string;
}

export function SessionLog(props: SessionLogProps) {
  const s = useStyles();
  const [problemsOnly, setProblemsOnly] = useState(false);
  const [follow, setFollow] = useState(true);
  const scrollRef = useRef<HTMLDivElement>(null);
  const { vmFilter, vmName } = props;

  const lines = useMemo(
    () => (!vmFilter && !problemsOnly ? props.lines : props.lines.filter((l) => (!vmFilter || l.vmId === vmFilter) && (!problemsOnly || l.level !== 'info'))),
    [props.lines, vmFilter, problemsOnly],
  );
  const counts = useMemo(() => {
    let warnings = 0;
    let errors = 0;
    for (const l of props.lines) {
      if (l.level === 'warning') warnings++;
      else if (l.level === 'error') errors++;
    }
    return { warnings, errors };
  }, [props.lines]);

  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LOG_ROW_HEIGHT,
    overscan: OVERSCAN,
    // a row's identity is its line, not its position: a new filter never reuses another line's row or size
    getItemKey: (i) => lines[i]!.seq,
  });

  // Another filter shows other lines at other places (and without the VM label): forget every measured size,
  // and start at the tail when following, else at the top.
  const filterKey = `${vmFilter ?? ''}|${problemsOnly}`;
  const shownFilter = useRef(filterKey);
  useLayoutEffect(() => {
    if (shownFilter.current === filterKey) return;
    shownFilter.current = filterKey;
    virtualizer.measure();
    if (!follow) scrollRef.current?.scrollTo({ top: 0 });
  }, [filterKey, follow, virtualizer]);

  // Following the tail: after each batch of new lines, the newest one is in view.
  useLayoutEffect(() => {
    if (follow && lines.length > 0) virtualizer.scrollToIndex(lines.length - 1, { align: 'end' });
  }, [follow, lines, virtualizer]);

  const items = virtualizer.getVirtualItems();
  return (
    <>
      <div className={s.toolbar}>
        <Text>
          {/* the section's title says whose log it is */}
          {lines.length} line{lines.length === 1 ? '' : 's'} ·{' '}
          <span role="status">
            {counts.warnings} warning{counts.warnings === 1 ? '' : 's'}, {counts.errors} error{counts.errors === 1 ? '' : 's'}
          </span>
        </Text>
        <Switch label="Warnings and errors only" checked={problemsOnly} onChange={(_e, d) => setProblemsOnly(d.checked)} />
        <Switch label="Follow new lines" checked={follow} onChange={(_e, d) => setFollow(d.checked)} />
        <ExportLogButton loadFullLog={props.loadFullLog} vmName={vmName} fileName={props.exportName} />
      </div>
      <div
        ref={scrollRef}
        className={s.scroller}
        role="log"
        aria-live="off"
        aria-label="Session log"
        tabIndex={0}
        onWheel={(e) => e.deltaY < 0 && follow && setFollow(false)}
        onKeyDown={(e) => (e.key === 'ArrowUp' || e.key === 'PageUp' || e.key === 'Home') && follow && setFollow(false)}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          <div className={s.window} style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}>
            {items.map((item) => {
              const line = lines[item.index]!;
              return (
                <LogRow
                  key={item.key}
                  line={line}
                  index={item.index}
                  vmLabel={line.vmId && !vmFilter ? vmName(line.vmId) : null}
                  measure={virtualizer.measureElement}
                />
              );
            })}
          </div>
        </div>
      </div>
    </>
  );
}

interface LogRowProps {
  line: LogLine;
  index: number;
  vmLabel: string | null;
  measure(el: HTMLElement | null): void;
}

/** A log line never changes once written: a row re-renders only when its place in the list changes. */
const LogRow = memo(function LogRow({ line, index, vmLabel, measure }: LogRowProps) {
  const s = useStyles();
  return (
    <div
      ref={measure}
      data-index={index}
      data-seq={line.seq}
      className={mergeClasses(s.row, line.level === 'warning' && s.warning, line.level === 'error' && s.error)}
      data-level={line.level}
    >
      <span className={s.icon}>
        <LogLevelIcon level={line.level} />
      </span>
      <span className={s.time}>{formatTime(line.at)}</span>
      {vmLabel && <span className={s.vm}>[{vmLabel}]</span>}
      <span className={s.text}>{line.text}</span>
    </div>
  );
});

/** One line of the exported file: date and time, level, the VM it is about, the text. */
export function exportLine(line: LogLine, vmName: (id: string) => string): string {
  const level = line.level.toUpperCase().padEnd(7);
  return `${line.at}  ${level}  ${line.vmId ? `[${vmName(line.vmId)}] ` : ''}${line.text}`;
}

function ExportLogButton(props: { loadFullLog(): Promise<LogLine[]>; vmName(id: string): string; fileName: string }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const exportLog = async () => {
    setState({ busy: true, error: null });
    try {
      const lines = await props.loadFullLog();
      downloadText(`${props.fileName}.log`, lines.map((l) => exportLine(l, props.vmName)).join('\r\n') + '\r\n');
      if (mounted.current) setState({ busy: false, error: null });
    } catch (e) {
      if (mounted.current) setState({ busy: false, error: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <>
      <Button size="small" icon={<ArrowDownload20Regular />} disabled={state.busy} onClick={() => void exportLog()}>
        Export log
      </Button>
      {state.error && (
        <Text role="alert" size={200}>
          Could not export the log: {state.error}
        </Text>
      )}
    </>
  );
}

function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // the click has handed the blob to the download; revoke on the next tick, not before it was read
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
