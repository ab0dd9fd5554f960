// Read vs transferred rate over time (uPlot): the host's 1/s samples of the whole session, extended live.
// Samples live in a ref, not in React state: the chart redraws on progress without re-rendering the view.
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { Radio, RadioGroup, Text, makeStyles, tokens } from '@fluentui/react-components';
import { formatRate } from '../../lib/format';
import { useFerryStore } from '../../store';
import { RateSampler, averageRates, timeRange } from './rateSamples';

const HEIGHT = 180;
const FIVE_MINUTES = 300;

const useStyles = makeStyles({
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  chart: { width: '100%', minHeight: `${HEIGHT}px` },
});

/** Canvas needs real colours; Fluent exposes its tokens as CSS variables on the provider element. */
function cssVar(el: HTMLElement, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

type Range = 'last5' | 'whole';

export const RateChart = memo(function RateChart({ sessionId, live }: { sessionId: string; live: boolean }) {
  // after the end, the session's average over its duration (its last sample is an idle second)
  const average = useFerryStore((st) => {
    const v = st.live[sessionId]?.session;
    const a = v && v.endedAt ? averageRates(v.stats, v.startedAt, v.endedAt) : null;
    return a ? `Average: read ${formatRate(a.read)}, transferred ${formatRate(a.transferred)}` : null;
  });
  const s = useStyles();
  const hostRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const samplerRef = useRef(new RateSampler());
  // The session's own span by default, running or not (a short one fills the chart); "last 5 minutes" follows
  // the newest samples of a long one.
  const [range, setRange] = useState<Range>('whole');
  const [latest, setLatest] = useState('No samples yet');
  const summary = !live && average ? average : latest;
  const [points, setPoints] = useState(0);
  const rangeRef = useRef<Range>(range);
  rangeRef.current = range;

  useEffect(() => {
    const el = hostRef.current;
    if (!el) return;
    const axisColor = cssVar(el, '--colorNeutralForeground3', '#888');
    const gridColor = cssVar(el, '--colorNeutralStroke2', '#ddd');
    const axis = { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor } };
    const plot = new uPlot(
      {
        width: el.clientWidth || 600,
        height: HEIGHT,
        legend: { show: true },
        scales: {
          x: {
            time: true,
            // from the series shown, not uPlot's auto-range (it stretches a single sample over years)
            range: (u) => timeRange(u.data[0] as number[], rangeRef.current === 'last5' ? FIVE_MINUTES : null, Date.now() / 1000),
          },
        },
        axes: [axis, { ...axis, size: 80, values: (_u, ticks) => ticks.map((v) => formatRate(v)) }],
        series: [
          {},
          { label: 'Read', stroke: cssVar(el, '--colorPaletteGreenForeground1', '#107c10'), width: 2, value: (_u, v) => (v == null ? '—' : formatRate(v)) },
          {
            label: 'Transferred',
            stroke: cssVar(el, '--colorPaletteBrownForeground2', '#8e562e'),
            width: 2,
            value: (_u, v) => (v == null ? '—' : formatRate(v)),
          },
        ],
      },
      [[], [], []],
      el,
    );
    plotRef.current = plot;
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
      plotRef.current = null;
    };
  }, []);

  const redraw = useCallback(() => {
    const data = samplerRef.current.window(rangeRef.current === 'last5' ? FIVE_MINUTES : null);
    plotRef.current?.setData([data.t, data.read, data.transferred]);
    const n = data.t.length;
    setPoints(n);
    if (n > 0) setLatest(`Now: read ${formatRate(data.read[n - 1]!)}, transferred ${formatRate(data.transferred[n - 1]!)}`);
  }, []);

  useEffect(() => {
    // Transient updates: follow the store outside React rendering. A new snapshot re-seeds the series.
    const seed = (samples: Parameters<RateSampler['seed']>[0] | undefined) => {
      samplerRef.current.seed(samples ?? []);
      redraw();
    };
    seed(useFerryStore.getState().live[sessionId]?.samples);
    const offSamples = useFerryStore.subscribe((st) => st.live[sessionId]?.samples, seed);
    const offStats = useFerryStore.subscribe(
      (st) => st.live[sessionId]?.session?.stats,
      (stats) => {
        if (stats && samplerRef.current.push(stats, Date.now())) redraw();
      },
    );
    return () => {
      offSamples();
      offStats();
    };
  }, [sessionId, redraw]);

  useEffect(redraw, [range, redraw]);

  return (
    <>
      <div className={s.head}>
        <RadioGroup layout="horizontal" aria-label="Time range of the rate chart" value={range} onChange={(_e, d) => setRange(d.value as Range)}>
          <Radio value="last5" label="Last 5 minutes" />
          <Radio value="whole" label="Whole session" />
        </RadioGroup>
        <Text>{points === 0 ? (live ? 'Waiting for the first samples…' : 'No rate samples were recorded for this session.') : summary}</Text>
      </div>
      <div ref={hostRef} className={s.chart} role="img" aria-label={`Processing rate chart, read and transferred. ${summary}`} />
    </>
  );
});
