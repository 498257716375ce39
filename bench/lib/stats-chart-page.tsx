import { Chart } from 'chart.js';
import { createRoot } from 'react-dom/client';
import { ChartFigure } from '../../src-renderer/src/components/charts/ChartFigure';
import { I18nProvider } from '../../src-renderer/src/i18n/i18n';

/**
 * The stats bench's page: the desk's ChartFigure with a year's daily figures, handed to the page
 * as `window.__statsDays` before this script runs. It notes (performance.now(), 0 at navigation
 * start) when it got the data, when Chart.js first drew, and the first frame after that.
 */
interface Probe {
  handedAt: number;
  drawnAt: number | null;
  frameAt: number | null;
}
interface BenchWindow {
  __statsDays: Array<{ key: string; bookings: number; completed: number }>;
  __chartBench: Probe;
}

const page = window as unknown as BenchWindow;
const probe: Probe = { handedAt: performance.now(), drawnAt: null, frameAt: null };
page.__chartBench = probe;
Chart.register({
  id: 'benchFirstDraw',
  afterDraw() {
    if (probe.drawnAt !== null) return;
    probe.drawnAt = performance.now();
    requestAnimationFrame(() => setTimeout(() => (probe.frameAt = performance.now()), 0));
  },
});

const days = page.__statsDays;
createRoot(document.getElementById('root')!).render(
  <I18nProvider language="el">
    <ChartFigure
      title="Κρατήσεις ανά ημέρα"
      summary="Κρατήσεις και ολοκληρωμένες ανά ημέρα"
      kind="bar"
      labels={days.map((d) => d.key)}
      series={[
        { label: 'Κρατήσεις', values: days.map((d) => d.bookings), color: '#2b6cb0' },
        { label: 'Ολοκληρώθηκαν', values: days.map((d) => d.completed), color: '#2f855a' },
      ]}
      labelHeader="Ημέρα"
      testId="stats-chart"
    />
  </I18nProvider>,
);
