/**
 * `npm run bench:stats`: how fast the hub answers a supervisor's figures (GET /stats) on a big
 * hub, and how soon the desk's chart of a year's answer is drawn in Chromium.
 *
 * 1. A hub data folder holding BENCH_STATS_KEPS KEPs × BENCH_STATS_DAYS working days ×
 *    BENCH_STATS_PER_DAY appointments (default 133 × 261 × 72 ≈ 2.5 million, a year) with their
 *    facts and dispatches (bench/lib/stats-fixture.ts), then a real hub (startHub) on it.
 * 2. One KEP's month (30 days) and year (365 days): the hub's own stats function (computeStats)
 *    p50 over BENCH_STATS_RUNS, taking turns with the baseline, a bare SQL GROUP BY over the same
 *    rows (count and average call duration per slot date, same connection); the ratio of the p50s
 *    (goal ≤ 3). The year also over HTTP, with a supervisor's session (BENCH_STATS_HTTP_RUNS).
 * 3. The desk's ChartFigure (Chart.js) with the year's daily groups, bundled with esbuild into a
 *    page opened in Chromium BENCH_STATS_CHART_RUNS times: from navigation start, and from the
 *    data being handed to the page, to Chart.js's first draw and the frame after it (goal ≤ 300 ms
 *    from navigation start).
 *
 * Loopback only; stops by itself. Settings (environment): BENCH_STATS_KEPS (133),
 * BENCH_STATS_DAYS (261), BENCH_STATS_PER_DAY (72), BENCH_STATS_RUNS (15), BENCH_STATS_HTTP_RUNS
 * (5), BENCH_STATS_CHART_RUNS (5), BENCH_TIMEOUT_S (600), CHROMIUM_PATH (/usr/bin/chromium).
 * The last line printed is one JSON object.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from '@playwright/test';
import { build } from 'esbuild';
import { addUser } from '../hub/src/auth/users';
import { issueSession } from '../hub/src/auth/sessions';
import { type RunningHub, startHub } from '../hub/src/server';
import { computeStats } from '../hub/src/stats/compute-stats';
import { addDays, formatAthensDate, type IsoDate } from '../src-shared/domain/athens-time';
import { setLogLevel } from '../src-shared/log';
import { API_PREFIX, SESSION_HEADER } from '../src-shared/protocol/constants';
import { type StatsQuery, type StatsResponse, statsResponseSchema } from '../src-shared/protocol/stats';
import { guardRun } from './lib/run-guard';
import { setting } from './lib/settings';
import { launchChromium } from './lib/sync-render';
import { buildStatsHub } from './lib/stats-fixture';
import { percentile, round, secondsSince } from './lib/stats';

const ROOT = resolve(__dirname, '..');
const RATIO_GOAL = 3;
const CHART_GOAL_MS = 300;

const p50 = (values: readonly number[]): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
const time = <T>(work: () => T): [number, T] => {
  const start = performance.now();
  const result = work();
  return [performance.now() - start, result];
};

interface PeriodResult {
  days: number;
  rows: number;
  statsP50Ms: number;
  sqlP50Ms: number;
  ratio: number;
  httpP50Ms?: number;
}

/** The hub's stats against a bare GROUP BY over the same rows, taking turns (after a warm-up of each). */
function measurePeriod(hub: RunningHub, kepId: string, from: IsoDate, to: IsoDate, runs: number): { result: PeriodResult; answer: StatsResponse } {
  const query: StatsQuery = { from, to, groupBy: 'day' };
  const bare = hub.store.db.prepare(
    `SELECT slot_date, count(*) AS n, avg(call_ended_at - call_opened_at) AS duration FROM appointment_facts
     WHERE kep_id = ? AND slot_date BETWEEN ? AND ? GROUP BY slot_date`,
  );
  let answer = computeStats(hub.store, kepId, query);
  bare.all(kepId, from, to);
  const stats: number[] = [];
  const sql: number[] = [];
  for (let i = 0; i < runs; i++) {
    const [statsMs, latest] = time(() => computeStats(hub.store, kepId, query));
    answer = latest;
    stats.push(statsMs);
    sql.push(time(() => bare.all(kepId, from, to))[0]);
  }
  const result = {
    days: answer.groups.length,
    rows: answer.totals.bookings,
    statsP50Ms: round(p50(stats), 2),
    sqlP50Ms: round(p50(sql), 2),
    ratio: round(p50(stats) / p50(sql), 2),
  };
  return { result, answer };
}

async function measureHttp(hub: RunningHub, kepId: string, from: IsoDate, to: IsoDate, runs: number): Promise<number> {
  const user = await addUser(hub.store, {
    kepId,
    username: `bench-supervisor-${Date.now()}`,
    displayName: 'Προϊστάμενη',
    role: 'supervisor',
    password: 'a long enough password',
  });
  const { workstation, token } = hub.store.addWorkstation(kepId, 'bench desk');
  const session = issueSession(hub.store, user, workstation).accessToken;
  const url = `${hub.url}${API_PREFIX}/stats?${new URLSearchParams({ from, to, groupBy: 'day' })}`;
  const ask = async (): Promise<number> => {
    const start = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, [SESSION_HEADER]: session } });
    statsResponseSchema.parse(await res.json());
    if (res.status !== 200) throw new Error(`GET /stats answered ${res.status}`);
    return performance.now() - start;
  };
  await ask();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await ask());
  return round(p50(samples), 2);
}

interface ChartResult {
  fromNavigationP50Ms: number;
  fromDataP50Ms: number;
  drawnFromNavigationP50Ms: number;
  bundleKb: number;
}

async function measureChart(browser: Browser, work: string, answer: StatsResponse, runs: number): Promise<ChartResult> {
  const bundle = join(work, 'chart.js');
  await build({
    entryPoints: [join(ROOT, 'bench/lib/stats-chart-page.tsx')],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    outfile: bundle,
    logLevel: 'silent',
  });
  const days = answer.groups.map((g) => ({ key: g.key, bookings: g.figures.bookings, completed: g.figures.completed }));
  const html = join(work, 'chart.html');
  writeFileSync(
    html,
    `<!doctype html><html lang="el"><head><meta charset="utf-8"><link rel="stylesheet" href="${pathToFileURL(join(ROOT, 'src-renderer/src/styles.css')).href}"></head>
<body><div id="root"></div><script>window.__statsDays = ${JSON.stringify(days)};</script><script src="chart.js"></script></body></html>`,
  );
  const navigation: number[] = [];
  const fromData: number[] = [];
  const drawn: number[] = [];
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    for (let i = 0; i <= runs; i++) {
      await page.goto(pathToFileURL(html).href);
      const probe = await page.waitForFunction(() => {
        const p = (window as unknown as { __chartBench?: { handedAt: number; drawnAt: number | null; frameAt: number | null } }).__chartBench;
        return p && p.frameAt !== null ? p : null;
      });
      const { handedAt, drawnAt, frameAt } = (await probe.jsonValue()) as { handedAt: number; drawnAt: number; frameAt: number };
      // The first load fills the browser's caches; it is not counted.
      if (i === 0) continue;
      navigation.push(frameAt);
      fromData.push(frameAt - handedAt);
      drawn.push(drawnAt);
    }
  } finally {
    await page.close();
  }
  return {
    fromNavigationP50Ms: round(p50(navigation), 1),
    fromDataP50Ms: round(p50(fromData), 1),
    drawnFromNavigationP50Ms: round(p50(drawn), 1),
    bundleKb: round(statSync(bundle).size / 1024, 0),
  };
}

async function main(): Promise<void> {
  setLogLevel('warn');
  const s = {
    keps: setting('BENCH_STATS_KEPS', 133, 1),
    days: setting('BENCH_STATS_DAYS', 261, 22),
    perDay: setting('BENCH_STATS_PER_DAY', 72, 1),
    runs: setting('BENCH_STATS_RUNS', 15, 1),
    httpRuns: setting('BENCH_STATS_HTTP_RUNS', 5, 1),
    chartRuns: setting('BENCH_STATS_CHART_RUNS', 5, 1),
    timeoutS: setting('BENCH_TIMEOUT_S', 600, 10),
  };
  const started = performance.now();
  const loadBefore = loadavg()[0] ?? 0;
  const work = mkdtempSync(join(tmpdir(), 'kep-bench-stats-'));
  let hub: RunningHub | null = null;
  let browser: Browser | null = null;
  let phase = 'building the hub';
  const stop = (): void => {
    void browser?.close();
    hub?.store.close();
    rmSync(work, { recursive: true, force: true });
  };
  guardRun('bench:stats', s.timeoutS, stop, () => `phase: ${phase}`);
  try {
    const lastDay = addDays(formatAthensDate(new Date()), -1);
    const dataDir = join(work, 'hub');
    const buildStart = performance.now();
    const fixture = buildStatsHub(dataDir, { keps: s.keps, days: s.days, perDay: s.perDay, lastDay });
    const buildS = secondsSince(buildStart);
    console.log(
      `hub: ${s.keps} KEPs, ${fixture.firstDay} … ${fixture.lastDay} (${s.days} working days × ${s.perDay}), ${fixture.appointments} appointments, ${fixture.dispatches} dispatches; built in ${buildS} s`,
    );

    phase = 'measuring the stats';
    hub = await startHub({ dataDir, port: 0 });
    const kepId = fixture.kepIds[Math.floor(fixture.kepIds.length / 2)]!;
    const month = measurePeriod(hub, kepId, addDays(lastDay, -29), lastDay, s.runs);
    const year = measurePeriod(hub, kepId, addDays(lastDay, -364), lastDay, s.runs);
    const yearResult: PeriodResult = { ...year.result, httpP50Ms: await measureHttp(hub, kepId, addDays(lastDay, -364), lastDay, s.httpRuns) };
    for (const [name, r] of [
      ['month', month.result],
      ['year', yearResult],
    ] as const) {
      console.log(
        `${kepId} ${name} (${r.days} days, ${r.rows} appointments): computeStats p50 ${r.statsP50Ms} ms, bare GROUP BY p50 ${r.sqlP50Ms} ms, ratio ${r.ratio} (goal ≤ ${RATIO_GOAL})${r.httpP50Ms === undefined ? '' : `; over HTTP p50 ${r.httpP50Ms} ms`}`,
      );
    }

    phase = 'drawing the chart';
    browser = await launchChromium();
    const chart = await measureChart(browser, work, year.answer, s.chartRuns);
    console.log(
      `chart of ${year.answer.groups.length} days (bundle ${chart.bundleKb} KB): first frame after the first draw p50 ${chart.fromNavigationP50Ms} ms from navigation start (goal ≤ ${CHART_GOAL_MS}), ${chart.fromDataP50Ms} ms from the data handed to the page; drawn at ${chart.drawnFromNavigationP50Ms} ms`,
    );
    console.log(
      `load average (1 min) ${round(loadBefore, 1)} at the start, ${round(loadavg()[0] ?? 0, 1)} at the end, on ${availableParallelism()} cores; whole run ${secondsSince(started)} s`,
    );
    const met = month.result.ratio <= RATIO_GOAL && yearResult.ratio <= RATIO_GOAL && chart.fromNavigationP50Ms <= CHART_GOAL_MS;
    console.log(
      JSON.stringify({
        bench: 'stats',
        keps: s.keps,
        appointments: fixture.appointments,
        dispatches: fixture.dispatches,
        buildS,
        month: month.result,
        year: yearResult,
        chart,
        goals: { ratio: RATIO_GOAL, chartMs: CHART_GOAL_MS, met },
      }),
    );
    if (!met) process.exitCode = 1;
  } finally {
    await browser?.close().catch(() => undefined);
    await hub?.close().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(`bench:stats failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
