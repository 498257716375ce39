import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { useEffect, useId, useRef } from 'react';
import { useI18n } from '../../i18n/i18n';

// Only what our charts draw, so the bundle carries no more of Chart.js than that.
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);
// The canvas does not inherit the page's CSS: the same fonts and text colour as the rest of the screen.
Chart.defaults.font.family = "'Segoe UI', 'Noto Sans', 'DejaVu Sans', system-ui, sans-serif";
Chart.defaults.font.size = 13;
Chart.defaults.color = '#1d2430';

export interface ChartSeries {
  label: string;
  values: number[];
  color: string;
}

export interface ChartFigureProps {
  title: string;
  /** One sentence a screen reader hears for the drawing; the table beside it holds every figure. */
  summary: string;
  kind: 'bar' | 'line';
  /** The categories along the x axis, and the table's row headers. */
  labels: string[];
  series: ChartSeries[];
  /** Bars of the series on top of one another (parts of one whole). */
  stacked?: boolean;
  /** The first column's header in the table. */
  labelHeader: string;
  /** Decimals shown in the table. */
  digits?: number;
  testId?: string;
}

/**
 * A chart and the same figures as a table, from one set of data so they cannot disagree. The
 * canvas is an image with a one-line summary; the table is what assistive technology reads and
 * what a supervisor copies. Drawn without animation: a working screen does not bounce.
 */
export function ChartFigure({ title, summary, kind, labels, series, stacked = false, labelHeader, digits = 0, testId }: ChartFigureProps): React.JSX.Element {
  const { t, number } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const titleId = useId();

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const chart = new Chart(element, {
      type: kind,
      data: {
        labels,
        datasets: series.map((s) => ({
          label: s.label,
          data: s.values,
          backgroundColor: s.color,
          borderColor: s.color,
          borderWidth: kind === 'line' ? 2 : 0,
          maxBarThickness: 56,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: series.length > 1, position: 'bottom' }, tooltip: { enabled: true } },
        scales: {
          x: { stacked, grid: { display: false } },
          y: { stacked, beginAtZero: true, ticks: { precision: digits } },
        },
      },
    });
    return () => chart.destroy();
  }, [kind, labels, series, stacked, digits]);

  return (
    <figure className="chart-figure" aria-labelledby={titleId} data-testid={testId}>
      <figcaption id={titleId} className="chart-title">
        {title}
      </figcaption>
      <div className="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={summary} />
      </div>
      <details className="chart-table">
        <summary>{t('chart.table')}</summary>
        <table className="data-table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{labelHeader}</th>
              {series.map((s) => (
                <th scope="col" key={s.label}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, row) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {series.map((s) => (
                  <td key={s.label} className="numeric">
                    {number(s.values[row] ?? 0, digits)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
