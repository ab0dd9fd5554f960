// Read vs transferred rate over time (uPlot). Samples live in a ref, not in React state: the chart
// redraws on every progress event without re-rendering the session view.
import { useCallback, useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { Switch, Text, makeStyles, tokens } from '@fluentui/react-components';
import { formatRate } from '../../lib/format';
import { useFerryStore } from '../../store';
import { RateSampler } from './rateSamples';

const HEIGHT = 180;
const FIVE_MINUTES = 300;

const useStyles = makeStyles({
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalL },
  chart: { width: '100%', minHeight: `${HEIGHT}px` },
});

/** Canvas needs real colours; Fluent exposes its tokens as CSS variables on the provider element. */
function cssVar(el: HTMLElement, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

export function RateChart({ sessionId, live }: { sessionId: string; live: boolean }) {
  const s = useStyles();
  const hostRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const samplerRef = useRef(new RateSampler());
  const [lastFiveMinutes, setLastFiveMinutes] = useState(true);
  const [summary, setSummary] = useState('No samples yet');
  const windowRef = useRef<number | null>(FIVE_MINUTES);
  windowRef.current = lastFiveMinutes ? FIVE_MINUTES : null;

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
        scales: { x: { time: true } },
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
    const data = samplerRef.current.window(windowRef.current);
    plotRef.current?.setData([data.t, data.read, data.transferred]);
    const n = data.t.length;
    if (n > 0) setSummary(`Read ${formatRate(data.read[n - 1]!)}, transferred ${formatRate(data.transferred[n - 1]!)}`);
  }, []);

  useEffect(() => {
    // Transient updates: subscribe to the store outside React rendering.
    return useFerryStore.subscribe(
      (st) => st.live[sessionId]?.session?.stats,
      (stats) => {
        if (stats && samplerRef.current.push(stats, Date.now())) redraw();
      },
    );
  }, [sessionId, redraw]);

  useEffect(redraw, [lastFiveMinutes, redraw]);

  return (
    <>
      <div className={s.head}>
        <Text>{live ? 'Rate since this window opened' : 'The rate chart is shown for running sessions only.'}</Text>
        {live && (
          <Switch label="Last 5 minutes only" checked={lastFiveMinutes} onChange={(_e, d) => setLastFiveMinutes(d.checked)} />
        )}
      </div>
      <div ref={hostRef} className={s.chart} role="img" aria-label={`Processing rate chart. ${summary}`} hidden={!live} />
    </>
  );
}
