// The session log, windowed (hundreds of disks mean thousands of lines); warnings and errors stand out.
// It follows the tail like a console window until the admin scrolls up to read.
// Lines have one fixed height, so the visible window is plain arithmetic on scrollTop: no per-line
// measurement objects for 10 000 lines on every update, as a general virtualiser would build.
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Switch, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { LogLine } from '../../../src-shared/domain';
import { LogLevelIcon } from '../../components/LogLevelIcon';
import { formatTime } from '../../lib/format';

const ROW_HEIGHT = 24;
const HEIGHT = 320;
const OVERSCAN = 4;

const useStyles = makeStyles({
  toolbar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  scroller: {
    height: `${HEIGHT}px`,
    overflowY: 'auto',
    // Layout inside the log never spills into the rest of the session window; its own compositor layer
    // keeps the tail-following scroll from repainting the page.
    contain: 'strict',
    willChange: 'transform',
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

  const total = lines.length * ROW_HEIGHT;
  // Where the window is: the tail while following, else where the admin scrolled to.
  const [scrollTop, setScrollTop] = useState(0);
  const top = follow ? Math.max(0, total - HEIGHT) : Math.min(scrollTop, Math.max(0, total - HEIGHT));
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(lines.length, Math.ceil((top + HEIGHT) / ROW_HEIGHT) + OVERSCAN);

  // Following the tail: the bottom is known without reading the DOM (no forced layout per update).
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (follow && el) el.scrollTop = total;
  }, [follow, total]);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    let frame = 0;
    const onScroll = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setScrollTop(el.scrollTop);
      });
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      el.removeEventListener('scroll', onScroll);
      cancelAnimationFrame(frame);
    };
  }, []);

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
        <div style={{ height: total, position: 'relative' }}>
          {lines.slice(first, last).map((line, i) => (
            <LogRow key={line.seq} line={line} top={(first + i) * ROW_HEIGHT} vmLabel={lineVmLabel(line, vmFilter, vmName)} />
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
