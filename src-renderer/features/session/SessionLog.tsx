// The session log, virtualised (hundreds of disks mean thousands of lines); warnings and errors stand out.
// It follows the tail like a console window until the admin scrolls up to read.
import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Switch, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { LogLine } from '../../../src-shared/domain';
import { LogLevelIcon } from '../../components/LogLevelIcon';
import { formatTime } from '../../lib/format';

const ROW_HEIGHT = 24;
const HEIGHT = 320;

const useStyles = makeStyles({
  toolbar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  scroller: {
    height: `${HEIGHT}px`,
    overflowY: 'auto',
    // Layout inside the log never spills into the rest of the session window.
    contain: 'strict',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  row: {
    position: 'absolute',
    left: 0,
    right: 0,
    height: `${ROW_HEIGHT}px`,
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `0 ${tokens.spacingHorizontalS}`,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  warning: { backgroundColor: tokens.colorPaletteYellowBackground1, fontWeight: tokens.fontWeightSemibold },
  error: { backgroundColor: tokens.colorPaletteRedBackground1, color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  time: { color: tokens.colorNeutralForeground3, flexShrink: 0 },
  vm: { color: tokens.colorBrandForeground1, flexShrink: 0 },
});

export function SessionLog(props: { lines: LogLine[]; vmName(id: string): string; vmFilter: string | null }) {
  const s = useStyles();
  const [problemsOnly, setProblemsOnly] = useState(false);
  const [follow, setFollow] = useState(true);
  const scrollRef = useRef<HTMLDivElement>(null);
  const { vmFilter, vmName } = props;

  const lines = useMemo(
    () => props.lines.filter((l) => (!vmFilter || l.vmId === vmFilter) && (!problemsOnly || l.level !== 'info')),
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
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 0, height: HEIGHT },
  });

  // Following the tail: rows have a fixed height, so the bottom is known without measuring the DOM
  // (the virtualiser's scrollToIndex reads scrollHeight, a forced layout on every update).
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (follow && el) el.scrollTop = lines.length * ROW_HEIGHT;
  }, [follow, lines.length]);

  return (
    <>
      <div className={s.toolbar}>
        <Text>
          {vmFilter ? `Log of ${vmName(vmFilter)}` : 'Log of the whole job'} · {lines.length} lines ·{' '}
          <span role="status">
            {counts.warnings} warning{counts.warnings === 1 ? '' : 's'}, {counts.errors} error{counts.errors === 1 ? '' : 's'}
          </span>
        </Text>
        <Switch label="Warnings and errors only" checked={problemsOnly} onChange={(_e, d) => setProblemsOnly(d.checked)} />
        <Switch label="Follow new lines" checked={follow} onChange={(_e, d) => setFollow(d.checked)} />
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
          {virtualizer.getVirtualItems().map((item) => (
            <LogRow key={lines[item.index]!.seq} line={lines[item.index]!} top={item.start} vmLabel={lineVmLabel(lines[item.index]!, vmFilter, vmName)} />
          ))}
        </div>
      </div>
    </>
  );
}

function lineVmLabel(line: LogLine, vmFilter: string | null, vmName: (id: string) => string): string | null {
  return line.vmId && !vmFilter ? vmName(line.vmId) : null;
}

/** A log line never changes once written: rows re-render only when they move. */
const LogRow = memo(function LogRow({ line, top, vmLabel }: { line: LogLine; top: number; vmLabel: string | null }) {
  const s = useStyles();
  return (
    <div
      className={mergeClasses(s.row, line.level === 'warning' && s.warning, line.level === 'error' && s.error)}
      style={{ top }}
      data-level={line.level}
      title={line.text}
    >
      <LogLevelIcon level={line.level} />
      <span className={s.time}>{formatTime(line.at)}</span>
      {vmLabel && <span className={s.vm}>[{vmLabel}]</span>}
      <span>{line.text}</span>
    </div>
  );
});
