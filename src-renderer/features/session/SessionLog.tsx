// The session log, virtualised (hundreds of disks mean thousands of lines); warnings and errors stand out.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Switch, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { LogLine } from '../../../src-shared/domain';
import { LogLevelIcon } from '../../components/LogLevelIcon';
import { formatTime } from '../../lib/format';

const ROW_HEIGHT = 24;

const useStyles = makeStyles({
  toolbar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  scroller: {
    height: '320px',
    overflowY: 'auto',
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

  const lines = useMemo(
    () =>
      props.lines.filter(
        (l) => (!props.vmFilter || l.vmId === props.vmFilter) && (!problemsOnly || l.level !== 'info'),
      ),
    [props.lines, props.vmFilter, problemsOnly],
  );
  const warnings = props.lines.filter((l) => l.level === 'warning').length;
  const errors = props.lines.filter((l) => l.level === 'error').length;

  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });

  // Follow the tail like a console window, until the admin scrolls up to read.
  useEffect(() => {
    if (follow && lines.length > 0) virtualizer.scrollToIndex(lines.length - 1, { align: 'end' });
  }, [follow, lines.length, virtualizer]);

  return (
    <>
      <div className={s.toolbar}>
        <Text>
          {props.vmFilter ? `Log of ${props.vmName(props.vmFilter)}` : 'Log of the whole job'} · {lines.length} lines ·{' '}
          <span role="status">
            {warnings} warning{warnings === 1 ? '' : 's'}, {errors} error{errors === 1 ? '' : 's'}
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
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const line = lines[item.index]!;
            return (
              <div
                key={item.key}
                className={mergeClasses(s.row, line.level === 'warning' && s.warning, line.level === 'error' && s.error)}
                style={{ top: item.start, height: item.size }}
                data-level={line.level}
                title={line.text}
              >
                <LogLevelIcon level={line.level} />
                <span className={s.time}>{formatTime(line.at)}</span>
                {line.vmId && !props.vmFilter && <span className={s.vm}>[{props.vmName(line.vmId)}]</span>}
                <span>{line.text}</span>
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}
