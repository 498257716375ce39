/**
 * `npm run bench:sync`: how long a workstation takes to pull a big day from the hub into its
 * SQLite cache, and how long the day view takes to show a big day in Chromium.
 *
 * 1. Sync: a hub process holds BENCH_SYNC_APPOINTMENTS bookings of one KEP for today (Athens);
 *    the app's main services (createApp, no Electron) are built in fresh data directories per
 *    run: the start's sync of the empty cache (start() → synced, nobody signed in, as a desk
 *    starts), then signed in the hourly sync with every row cached; and, in another fresh
 *    directory, `sync.now` right after a sign-in (the sign-in's own requests alongside); one
 *    round first, reported apart (this process's first app: code not yet optimized). Taken
 *    apart: the hub's answer (transfer + JSON, then the app's schema check) and
 *    AppointmentStore.replaceDay alone on a fresh cache. Baseline, same run: the same rows
 *    inserted with bare better-sqlite3 into a fresh file, same pragmas, one transaction.
 * 2. Render: the browser shell (a child process) against the same hub, opened in Chromium; from
 *    the click on "Είσοδος" until the day's list holds every row, and from navigation start after
 *    a reload (session kept), the reloads also in a Chromium that Playwright does not watch. A
 *    smaller day is measured the same way as a reference for scaling. Then the big day's list is
 *    wheel-scrolled and the page's animation frames counted, against the same page idle.
 *
 * Loopback only; stops by itself. Settings (environment): BENCH_SYNC_APPOINTMENTS (2000),
 * BENCH_SYNC_RUNS (9), BENCH_SQLITE_RUNS (10), BENCH_RENDER_APPOINTMENTS (1000; 0 skips the
 * render part), BENCH_RENDER_REFERENCE (100; 0 skips it), BENCH_RENDER_SIGNINS (3),
 * BENCH_RENDER_RELOADS (5), BENCH_TIMEOUT_S (170), CHROMIUM_PATH (/usr/bin/chromium).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from '@playwright/test';
import { formatAthensDate, type IsoDate } from '../src-shared/domain/athens-time';
import { nextWorkingDay } from '../src-shared/domain/working-days';
import { setLogLevel } from '../src-shared/log';
import { guardRun } from './lib/run-guard';
import { startRenderShell } from './lib/render-shell';
import { setting } from './lib/settings';
import { killAllChildren, startTsProcess, tailOf } from './lib/child-process';
import { type LatencySummary, round, summarize } from './lib/stats';
import { type AppSyncRun, type HubFetchRun, timeAppSync, timeHubFetch } from './lib/sync-app';
import { prepareSyncHub, type SyncBenchKep } from './lib/sync-fixture';
import { CHROMIUM_PATH } from '../tests/support/chromium';
import { DROPPED_FRAME_MS, type FrameCount, launchChromium, type MainThreadMs, measureRender, type RenderResult, type RenderSample } from './lib/sync-render';
import { bareRows, timeBareInsert, timeReplaceDay } from './lib/sync-sqlite';

const ROOT = resolve(__dirname, '..');
const RENDERER_DIR = join(ROOT, 'out/renderer');
const BUILD_TIMEOUT_MS = 120_000;

interface Settings {
  syncAppointments: number;
  syncRuns: number;
  sqliteRuns: number;
  renderAppointments: number;
  renderReference: number;
  signIns: number;
  reloads: number;
  timeoutS: number;
}

function readSettings(): Settings {
  return {
    syncAppointments: setting('BENCH_SYNC_APPOINTMENTS', 2000, 1),
    syncRuns: setting('BENCH_SYNC_RUNS', 9, 1),
    sqliteRuns: setting('BENCH_SQLITE_RUNS', 10, 1),
    renderAppointments: setting('BENCH_RENDER_APPOINTMENTS', 1000, 0),
    renderReference: setting('BENCH_RENDER_REFERENCE', 100, 0),
    signIns: setting('BENCH_RENDER_SIGNINS', 3, 1),
    reloads: setting('BENCH_RENDER_RELOADS', 5, 0),
    timeoutS: setting('BENCH_TIMEOUT_S', 170, 10),
  };
}

const seconds = (since: number): number => round((performance.now() - since) / 1000, 1);
const ms = (value: number): string => `${round(value, 1)} ms`;
const list = (values: readonly number[]): string => values.map((v) => round(v, 1)).join(', ');
const stat = (values: readonly number[]): LatencySummary => summarize(values.filter((v) => Number.isFinite(v)));
const min = (values: readonly number[]): number => Math.min(...values);

/** The file system the temporary directories are on: it decides what an fsync costs. */
function fileSystemOf(dir: string): string {
  const out = spawnSync('stat', ['-f', '-c', '%T', dir], { encoding: 'utf8' });
  return out.status === 0 ? out.stdout.trim() : 'unknown';
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds the renderer when there is none; says so when the one there is older than its sources. */
function ensureRenderer(logFile: string): void {
  const index = join(RENDERER_DIR, 'index.html');
  if (!existsSync(index)) {
    console.log('render   no built renderer in out/renderer: building it (electron-vite build)…');
    const started = performance.now();
    const log = openSync(logFile, 'a');
    const built = spawnSync(join(ROOT, 'node_modules/.bin/electron-vite'), ['build'], { cwd: ROOT, stdio: ['ignore', log, log], timeout: BUILD_TIMEOUT_MS });
    closeSync(log);
    if (built.status !== 0 || !existsSync(index))
      throw new Error(`electron-vite build failed (${built.error?.message ?? `exit ${built.status}`}):\n${tailOf(logFile)}`);
    console.log(`render   built in ${seconds(started)} s`);
    return;
  }
  const sources = Math.max(...['src-renderer', 'src-shared', 'src-preload'].map((d) => newestMtime(join(ROOT, d))));
  if (sources > statSync(index).mtimeMs) {
    console.log('render   note: out/renderer is older than some of its sources; run "npm run build" to measure the current code');
  }
}

interface SyncPhase {
  /** The first round, untimed in the p50s. */
  cold: AppSyncRun;
  runs: AppSyncRun[];
  fetches: HubFetchRun[];
  replaceDayMs: number[];
  bareInsertMs: number[];
}

async function syncPhase(s: Settings, work: string, hubUrl: string, kep: SyncBenchKep, date: IsoDate, now: Date): Promise<SyncPhase> {
  // The app as it starts: each run fresh data directories, the start's sync, a sign-in and the
  // hourly sync; and a sign-in followed by a sync on an empty cache.
  // One round first, apart: this process's first app runs code not yet optimized, and the hub
  // makes the next working day's answer then. Reported, not in the p50s.
  const coldDir = join(work, 'app-cold');
  const cold = await timeAppSync(coldDir, hubUrl, kep, date, now);
  rmSync(coldDir, { recursive: true, force: true });
  const runs: AppSyncRun[] = [];
  for (let i = 0; i < s.syncRuns; i += 1) {
    const dir = join(work, `app-${i}`);
    runs.push(await timeAppSync(dir, hubUrl, kep, date, now));
    rmSync(dir, { recursive: true, force: true });
  }

  // The hub's part of it: the day over HTTP, then the schema check the app's client runs.
  const fetches: HubFetchRun[] = [];
  for (let i = 0; i < s.syncRuns; i += 1) fetches.push(await timeHubFetch(hubUrl, kep, date));
  const appointments = (fetches[fetches.length - 1] as HubFetchRun).appointments;

  // SQLite alone, the app's write and the bare one taking turns (after one untimed round of
  // each), so that whatever else the machine does weighs on both alike.
  const rows = bareRows(appointments, now.toISOString());
  const replaceDayMs: number[] = [];
  const bareInsertMs: number[] = [];
  for (let i = -1; i < s.sqliteRuns; i += 1) {
    const dir = join(work, `replace-${i + 1}`);
    const bareDir = join(work, `bare-${i + 1}`);
    mkdirSync(bareDir);
    const replaced = timeReplaceDay(dir, kep.kepId, date, appointments);
    const bare = timeBareInsert(join(bareDir, 'bare.sqlite'), rows);
    if (i >= 0) {
      replaceDayMs.push(replaced);
      bareInsertMs.push(bare);
    }
    rmSync(dir, { recursive: true, force: true });
    rmSync(bareDir, { recursive: true, force: true });
  }
  return { cold, runs, fetches, replaceDayMs, bareInsertMs };
}

interface RenderPhase {
  kep: SyncBenchKep;
  result: RenderResult;
}

async function renderPhase(s: Settings, work: string, hubUrl: string, keps: readonly SyncBenchKep[], browser: Browser): Promise<RenderPhase[]> {
  const phases: RenderPhase[] = [];
  for (const [i, kep] of keps.entries()) {
    const started = performance.now();
    const shell = await startRenderShell(join(work, `shell-${i}`), join(work, `shell-${i}.log`), hubUrl, kep);
    console.log(`render   browser shell for ${kep.count} rows up in ${seconds(started)} s`);
    try {
      const result = await measureRender(browser, String(shell.ready.url), kep, {
        signIns: s.signIns,
        reloads: s.reloads,
        scroll: i === 0,
        timeoutMs: 30_000,
      });
      phases.push({ kep, result });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${message}\nbrowser shell log:\n${tailOf(join(work, `shell-${i}.log`))}`, { cause: error });
    } finally {
      await shell.stop();
    }
  }
  return phases;
}

function reportSync(p: SyncPhase, count: number): void {
  const startSync = stat(p.runs.map((r) => r.startSyncMs));
  const sync = stat(p.runs.map((r) => r.syncMs));
  const resync = stat(p.runs.map((r) => r.resyncMs));
  const fetch = p.fetches[0] as HubFetchRun;
  console.log(
    `sync     the start's sync, empty cache (${count} rows today + the next working day), start() → synced: p50 ${ms(startSync.p50)}, ` +
      `min ${ms(min(p.runs.map((r) => r.startSyncMs)))}; runs ${list(p.runs.map((r) => r.startSyncMs))}`,
  );
  console.log(
    `sync     sync.now right after a sign-in, empty cache (the sign-in's requests alongside): p50 ${ms(sync.p50)}, min ${ms(min(p.runs.map((r) => r.syncMs)))}; ` +
      `runs ${list(p.runs.map((r) => r.syncMs))}`,
  );
  console.log(
    `sync     first round, apart (this process's first app, its code not yet optimized): the start's sync ${ms(p.cold.startSyncMs)}, ` +
      `sync.now after a sign-in ${ms(p.cold.syncMs)}`,
  );
  console.log(
    `sync     sync.now again, signed in, every row cached (the hourly full sync): p50 ${ms(resync.p50)}; runs ${list(p.runs.map((r) => r.resyncMs))}`,
  );
  console.log(
    `sync     session.signIn p50 ${ms(stat(p.runs.map((r) => r.signInMs)).p50)}; day.get of ${count} rows p50 ${ms(stat(p.runs.map((r) => r.dayGetMs)).p50)}; ` +
      `runs ${list(p.runs.map((r) => r.dayGetMs))}`,
  );
  console.log(
    `hub      GET /appointments (${round(fetch.bytes / 1024, 0)} KB of JSON): p50 ${ms(stat(p.fetches.map((f) => f.fetchMs)).p50)}; ` +
      `the app's schema check of it p50 ${ms(stat(p.fetches.map((f) => f.validateMs)).p50)}`,
  );
  const replace = stat(p.replaceDayMs);
  const bare = stat(p.bareInsertMs);
  console.log(`sqlite   replaceDay on a fresh cache: p50 ${ms(replace.p50)}, min ${ms(min(p.replaceDayMs))}; runs ${list(p.replaceDayMs)}`);
  console.log(`baseline bare better-sqlite3 insert, one transaction: p50 ${ms(bare.p50)}, min ${ms(min(p.bareInsertMs))}; runs ${list(p.bareInsertMs)}`);
}

interface RenderFigures {
  user: LatencySummary;
  rows: LatencySummary;
  frame: LatencySummary;
  asked: LatencySummary;
  answer: LatencySummary;
  session: LatencySummary;
}

function renderFigures(samples: readonly RenderSample[]): RenderFigures {
  return {
    user: stat(samples.map((x) => x.userMs)),
    rows: stat(samples.map((x) => x.rowsMs)),
    frame: stat(samples.map((x) => x.frameMs)),
    asked: stat(samples.map((x) => x.askedToRowsMs)),
    answer: stat(samples.map((x) => x.answerToRowsMs)),
    session: stat(samples.map((x) => x.sessionToRowsMs)),
  };
}

/**
 * The day's own part of a sample: its day.get's answer (data in the page) or its ask (data in
 * main) to the rows; after a sign-in also from the session's news reaching the page, the one
 * start that does not move when the page asks earlier (it asks as the session arrives).
 */
function dayLine(f: RenderFigures): string {
  const session = Number.isNaN(f.session.p50) ? '' : `; session → rows p50 ${ms(f.session.p50)}`;
  return `day.get answer → rows p50 ${ms(f.answer.p50)}; day.get asked → rows p50 ${ms(f.asked.p50)}${session}`;
}

/** The renderer's main-thread CPU over the samples, p50 of each kind. */
function mainThreadLine(samples: readonly RenderSample[]): string {
  const p50 = (pick: (m: MainThreadMs) => number): string => ms(stat(samples.map((x) => pick(x.mainThread))).p50);
  return `renderer main thread p50: script ${p50((m) => m.script)}, style ${p50((m) => m.style)}, layout ${p50((m) => m.layout)}, all tasks ${p50((m) => m.tasks)}`;
}

function reportRender(r: RenderPhase): void {
  const signIn = renderFigures(r.result.signIn);
  const reload = renderFigures(r.result.reload);
  const pad = `render   ${r.kep.count} rows:`;
  console.log(
    `${pad} click on "Είσοδος" → signed-in header p50 ${ms(signIn.user.p50)}, → all rows p50 ${ms(signIn.rows.p50)}, → next frame p50 ${ms(signIn.frame.p50)}; ` +
      `rows runs ${list(r.result.signIn.map((x) => x.rowsMs))}`,
  );
  console.log(`${pad}   ${dayLine(signIn)}`);
  console.log(`${pad}   ${mainThreadLine(r.result.signIn)}`);
  if (r.result.reload.length) {
    console.log(
      `${pad} reload, navigation start → all rows p50 ${ms(reload.rows.p50)}, → next frame p50 ${ms(reload.frame.p50)}; runs ${list(r.result.reload.map((x) => x.rowsMs))}`,
    );
    console.log(`${pad}   ${dayLine(reload)}`);
    console.log(`${pad}   ${mainThreadLine(r.result.reload)}`);
  }
  if (r.result.reloadUnwatched.length) {
    const unwatched = renderFigures(r.result.reloadUnwatched);
    console.log(
      `${pad} the same reloads, Chromium without Playwright (no copy of the bridge's frames for it): navigation start → all rows p50 ${ms(unwatched.rows.p50)}; ` +
        `runs ${list(r.result.reloadUnwatched.map((x) => x.rowsMs))}`,
    );
    console.log(`${pad}   ${dayLine(unwatched)}; asked → rows runs ${list(r.result.reloadUnwatched.map((x) => x.askedToRowsMs))}`);
    console.log(`${pad}   ${mainThreadLine(r.result.reloadUnwatched)}`);
  }
  const scroll = r.result.scroll;
  if (scroll) {
    const frames = (f: FrameCount): string => `${f.frames} frames, ${f.dropped} dropped (> ${round(DROPPED_FRAME_MS, 1)} ms), worst ${ms(f.worstMs)}`;
    console.log(
      `scroll   ${r.kep.count} rows: wheel, 60 × 240 px from the first row: ${frames(scroll.wheel)}; ` +
        `the list scrolled ${scroll.scrolledPx} px, row ${scroll.rowInView} in view; baseline, the same page idle 2 s: ${frames(scroll.idle)}`,
    );
  }
}

async function main(): Promise<void> {
  const s = readSettings();
  const work = mkdtempSync(join(tmpdir(), 'kep-bench-sync-'));
  const hubLog = join(work, 'hub.log');
  let browser: Browser | null = null;
  const cleanUp = (): void => {
    killAllChildren();
    rmSync(work, { recursive: true, force: true });
  };
  guardRun(
    'bench:sync',
    s.timeoutS,
    () => {
      void browser?.close().catch(() => undefined);
      cleanUp();
    },
    () => tailOf(hubLog),
  );
  // The app runs in this process: its info lines (sign-ins, syncs) would drown the figures.
  setLogLevel('warn');

  try {
    const loadBefore = loadavg()[0] ?? 0;
    const now = new Date();
    const date = formatAthensDate(now);
    const renderSizes = [s.renderAppointments, s.renderAppointments ? s.renderReference : 0].filter((n) => n > 0);
    console.log(
      `bench:sync: ${s.syncAppointments} appointments of one KEP on ${date} (today in Athens; next working day ${nextWorkingDay(date)}, empty), ` +
        `${s.syncRuns} app syncs, ${s.sqliteRuns} SQLite runs each side; ` +
        (renderSizes.length ? `render: ${renderSizes.join(' and ')} rows, ${s.signIns} sign-ins and ${s.reloads} reloads each; ` : 'render: skipped; ') +
        `temporary files on ${fileSystemOf(work)}`,
    );

    const hubDir = join(work, 'hub-data');
    mkdirSync(hubDir);
    const setupStarted = performance.now();
    const keps = await prepareSyncHub(hubDir, date, [s.syncAppointments, ...renderSizes]);
    const hubStarted = performance.now();
    const hub = await startTsProcess('hub/src/cli.ts', ['serve', '--data-dir', hubDir, '--port', '0'], { cwd: ROOT, logFile: hubLog });
    const hubUrl = String(hub.ready.url);
    console.log(
      `hub      data: ${keps.length} KEPs, ${keps.reduce((n, k) => n + k.count, 0)} appointments in ${round((hubStarted - setupStarted) / 1000, 1)} s; ` +
        `hub process up in ${seconds(hubStarted)} s at ${hubUrl}`,
    );

    const syncStarted = performance.now();
    const sync = await syncPhase(s, work, hubUrl, keps[0] as SyncBenchKep, date, now);
    reportSync(sync, s.syncAppointments);
    console.log(`sync     part done in ${seconds(syncStarted)} s`);

    let renders: RenderPhase[] = [];
    if (renderSizes.length) {
      const renderStarted = performance.now();
      ensureRenderer(join(work, 'build.log'));
      browser = await launchChromium();
      console.log(`render   Chromium ${browser.version()} (${CHROMIUM_PATH})`);
      renders = await renderPhase(s, work, hubUrl, keps.slice(1), browser);
      await browser.close();
      browser = null;
      renders.forEach(reportRender);
      console.log(`render   part done in ${seconds(renderStarted)} s`);
    }
    await hub.stop();
    if (formatAthensDate(new Date()) !== date) console.log(`note     the Athens date changed during the run (${date} → ${formatAthensDate(new Date())})`);

    const startSyncP50 = stat(sync.runs.map((r) => r.startSyncMs)).p50;
    const syncP50 = stat(sync.runs.map((r) => r.syncMs)).p50;
    const replaceP50 = stat(sync.replaceDayMs).p50;
    const bareP50 = stat(sync.bareInsertMs).p50;
    console.log(
      `sync/baseline: the start's sync ×${round(startSyncP50 / bareP50, 1)}; right after a sign-in ×${round(syncP50 / bareP50, 1)}; ` +
        `replaceDay/baseline: ×${round(replaceP50 / bareP50, 1)}`,
    );
    console.log(`load average (1 min) ${round(loadBefore, 1)} at the start, ${round(loadavg()[0] ?? 0, 1)} at the end, on ${availableParallelism()} cores`);

    const renderJson: Record<string, number> = {};
    for (const r of renders) {
      const signIn = renderFigures(r.result.signIn);
      const reload = renderFigures(r.result.reload);
      renderJson[`render${r.kep.count}P50Ms`] = round(signIn.rows.p50, 1);
      renderJson[`render${r.kep.count}FrameP50Ms`] = round(signIn.frame.p50, 1);
      renderJson[`signIn${r.kep.count}HeaderP50Ms`] = round(signIn.user.p50, 1);
      renderJson[`answerToRows${r.kep.count}P50Ms`] = round(signIn.answer.p50, 1);
      renderJson[`askedToRows${r.kep.count}P50Ms`] = round(signIn.asked.p50, 1);
      renderJson[`sessionToRows${r.kep.count}P50Ms`] = round(signIn.session.p50, 1);
      if (r.result.reload.length) {
        renderJson[`reload${r.kep.count}P50Ms`] = round(reload.rows.p50, 1);
        renderJson[`reloadAskedToRows${r.kep.count}P50Ms`] = round(reload.asked.p50, 1);
      }
      if (r.result.scroll) {
        renderJson[`scroll${r.kep.count}Frames`] = r.result.scroll.wheel.frames;
        renderJson[`scroll${r.kep.count}DroppedFrames`] = r.result.scroll.wheel.dropped;
        renderJson[`scroll${r.kep.count}WorstFrameMs`] = round(r.result.scroll.wheel.worstMs, 1);
        renderJson[`scrollIdleDroppedFrames`] = r.result.scroll.idle.dropped;
      }
      if (r.result.reloadUnwatched.length) {
        const unwatched = renderFigures(r.result.reloadUnwatched);
        renderJson[`reloadUnwatched${r.kep.count}P50Ms`] = round(unwatched.rows.p50, 1);
        renderJson[`reloadUnwatchedAskedToRows${r.kep.count}P50Ms`] = round(unwatched.asked.p50, 1);
      }
    }
    console.log(
      JSON.stringify({
        bench: 'sync',
        appointments: s.syncAppointments,
        syncRuns: sync.runs.length,
        startSyncP50Ms: round(startSyncP50, 1),
        startSyncMinMs: round(min(sync.runs.map((r) => r.startSyncMs)), 1),
        coldStartSyncMs: round(sync.cold.startSyncMs, 1),
        syncP50Ms: round(syncP50, 1),
        syncMinMs: round(min(sync.runs.map((r) => r.syncMs)), 1),
        resyncP50Ms: round(stat(sync.runs.map((r) => r.resyncMs)).p50, 1),
        dayGetP50Ms: round(stat(sync.runs.map((r) => r.dayGetMs)).p50, 1),
        hubFetchP50Ms: round(stat(sync.fetches.map((f) => f.fetchMs)).p50, 1),
        validateP50Ms: round(stat(sync.fetches.map((f) => f.validateMs)).p50, 1),
        replaceDayP50Ms: round(replaceP50, 2),
        replaceDayMinMs: round(min(sync.replaceDayMs), 2),
        ...renderJson,
        baseline: { bareInsertP50Ms: round(bareP50, 2), bareInsertMinMs: round(min(sync.bareInsertMs), 2) },
        startRatio: round(startSyncP50 / bareP50, 1),
        ratio: round(syncP50 / bareP50, 1),
        replaceDayRatio: round(replaceP50 / bareP50, 1),
      }),
    );
  } finally {
    await browser?.close().catch(() => undefined);
    cleanUp();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench:sync failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
