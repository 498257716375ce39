/**
 * `npm run bench:start`: how long the desk's main services take from process start to the day
 * served, on a desk with a year behind it.
 *
 * A hub process holds BENCH_START_APPOINTMENTS bookings of one KEP for today (Athens). The desk's
 * data directory is built once: enrolled, an employee's session stored and the day synced into the
 * cache (by the app itself), then BENCH_START_AUDIT_ENTRIES chained audit entries written straight
 * into its log (a year's trail), and one untimed start of the shell, as the desk started yesterday
 * (it leaves the code cache the timed starts compile from: src-main/shell/cached-start.ts).
 * Before each run a day's work of BENCH_START_DAY_ENTRIES entries is appended: what a start has to
 * verify since the last one.
 *
 * Each run spawns the built browser shell (`node out/shell/cli.cjs`, bundled as electron-vite
 * bundles main for Electron: scripts/build-shell.ts) and times, from the spawn, its ready line and
 * then the day served: the page's `day.get` for today, asked as the page asks it (after
 * its first requests, app.info among them), answered over the shell's bridge WebSocket
 * with every appointment. Baseline, same runs interleaved: bare `node` of an empty script to its
 * first line of output. The same start from source (`node --import tsx src-main/shell/cli.ts`, as
 * in development and the tests) is timed too, against bare `node --import tsx`, and printed apart.
 *
 * Loopback only; stops by itself. Settings (environment): BENCH_START_RUNS (7),
 * BENCH_START_APPOINTMENTS (2000), BENCH_START_AUDIT_ENTRIES (300000), BENCH_START_DAY_ENTRIES
 * (1000), BENCH_START_CPU_PROF (a directory: the last run's built shell writes its CPU profile
 * there), BENCH_SKIP_BUILD (1 to use out/shell as built), BENCH_TIMEOUT_S (300).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatAthensDate } from '../src-shared/domain/athens-time';
import { setLogLevel } from '../src-shared/log';
import { buildShell, SHELL_BUNDLE } from '../scripts/build-shell';
import { type BenchChild, killAllChildren, startNodeProcess, startTsProcess, tailOf } from './lib/child-process';
import { guardRun } from './lib/run-guard';
import { setting } from './lib/settings';
import { fetchDayFromShell } from './lib/shell-day-probe';
import { appendAuditEntries, cachedDay, prepareDesk } from './lib/start-fixture';
import { round, summarize } from './lib/stats';
import { prepareSyncHub, type SyncBenchKep } from './lib/sync-fixture';

const ROOT = resolve(__dirname, '..');
const GOAL_OVER_BARE_MS = 300;

interface Settings {
  runs: number;
  appointments: number;
  auditEntries: number;
  dayEntries: number;
  cpuProfDir: string | null;
  skipBuild: boolean;
  timeoutS: number;
}

function readSettings(): Settings {
  return {
    runs: setting('BENCH_START_RUNS', 7, 1),
    appointments: setting('BENCH_START_APPOINTMENTS', 2000, 1),
    auditEntries: setting('BENCH_START_AUDIT_ENTRIES', 300_000, 0),
    dayEntries: setting('BENCH_START_DAY_ENTRIES', 1000, 0),
    cpuProfDir: process.env.BENCH_START_CPU_PROF ? resolve(process.env.BENCH_START_CPU_PROF) : null,
    skipBuild: process.env.BENCH_SKIP_BUILD === '1',
    timeoutS: setting('BENCH_TIMEOUT_S', 300, 10),
  };
}

const secondsSince = (since: number): number => round((performance.now() - since) / 1000, 1);
const list = (values: readonly number[]): string => values.map((v) => round(v, 0)).join(', ');
const p50 = (values: readonly number[]): number => summarize(values).p50;

interface ShellRun {
  readyMs: number;
  dayMs: number;
}

/** The shell as a desk runs it (built), or as development and the tests run it (from source). */
type ShellKind = 'built' | 'source';

/** One start of the browser shell on the desk's data, timed from the spawn to the day served. */
async function timeShellStart(
  work: string,
  dataDir: string,
  hubUrl: string,
  kep: SyncBenchKep,
  kind: ShellKind,
  nodeArgs: readonly string[] = [],
): Promise<ShellRun> {
  const started = performance.now();
  let shell: BenchChild | null = null;
  try {
    const args = [`--data-dir=${dataDir}`, `--hub-url=${hubUrl}`, `--renderer-dir=${join(work, 'renderer')}`];
    const options = {
      cwd: ROOT,
      logFile: join(work, 'shell.log'),
      // A start that re-hashes the whole trail (before the checkpoint, or the first after it) takes long.
      timeoutMs: 120_000,
      nodeArgs,
    };
    shell = await (kind === 'built' ? startNodeProcess(SHELL_BUNDLE, args, options) : startTsProcess('src-main/shell/cli.ts', args, options));
    const readyMs = performance.now() - started;
    const served = await fetchDayFromShell(String(shell.ready.url), formatAthensDate(new Date()), 30_000);
    const dayMs = performance.now() - started;
    if (served !== kep.count) throw new Error(`the shell served ${served} appointments, not ${kep.count}`);
    return { readyMs, dayMs };
  } finally {
    await shell?.stop();
  }
}

/** Bare node (the goal's baseline) or bare node with tsx: an empty script's first line of output, from the spawn. */
async function timeBare(work: string, kind: ShellKind): Promise<number> {
  const started = performance.now();
  const options = { cwd: ROOT, logFile: join(work, 'bare.log') };
  const child = await (kind === 'built' ? startNodeProcess(join(work, 'empty.js'), [], options) : startTsProcess(join(work, 'empty.ts'), [], options));
  const ms = performance.now() - started;
  await child.stop();
  return ms;
}

async function main(): Promise<void> {
  const s = readSettings();
  const work = mkdtempSync(join(tmpdir(), 'kep-bench-start-'));
  const hubLog = join(work, 'hub.log');
  const cleanUp = (): void => {
    killAllChildren();
    rmSync(work, { recursive: true, force: true });
  };
  guardRun('bench:start', s.timeoutS, cleanUp, () => `${tailOf(hubLog)}\n${tailOf(join(work, 'shell.log'))}`);
  // The desk is prepared in this process: its info lines would drown the figures.
  setLogLevel('warn');

  try {
    const loadBefore = loadavg()[0] ?? 0;
    const date = formatAthensDate(new Date());
    console.log(
      `bench:start: ${s.runs} runs; a cached day of ${s.appointments} appointments on ${date}, ${s.auditEntries} audit entries, ${s.dayEntries} more before each start`,
    );
    // The shell reads only the page's index.html at start; the page itself is not loaded.
    mkdirSync(join(work, 'renderer'));
    writeFileSync(join(work, 'renderer', 'index.html'), '<!doctype html><html><head></head><body></body></html>\n');
    writeFileSync(join(work, 'empty.ts'), "process.stdout.write('{}\\n');\n");
    writeFileSync(join(work, 'empty.js'), "process.stdout.write('{}\\n');\n");
    if (!s.skipBuild) await buildShell();

    const hubDir = join(work, 'hub-data');
    mkdirSync(hubDir);
    const [kep] = (await prepareSyncHub(hubDir, date, [s.appointments])) as [SyncBenchKep];
    const hub = await startTsProcess('hub/src/cli.ts', ['serve', '--data-dir', hubDir, '--port', '0'], { cwd: ROOT, logFile: hubLog });
    const hubUrl = String(hub.ready.url);
    // The shell's credential comes from the environment, as on a desk; children inherit ours.
    process.env.KEP_HUB_TOKEN = kep.workstationToken;

    const deskDir = join(work, 'desk');
    const setupStarted = performance.now();
    await prepareDesk(deskDir, hubUrl, kep, date);
    const { actorId, appointmentIds } = cachedDay(deskDir);
    const auditStarted = performance.now();
    const seq = appendAuditEntries(deskDir, s.auditEntries, actorId, appointmentIds);
    console.log(`setup    desk synced in ${round((auditStarted - setupStarted) / 1000, 1)} s; ${seq} audit entries written in ${secondsSince(auditStarted)} s`);
    const warm = await timeShellStart(work, deskDir, hubUrl, kep, 'built');
    await timeShellStart(work, deskDir, hubUrl, kep, 'source');
    await timeBare(work, 'built');
    await timeBare(work, 'source');
    console.log(`setup    first start (untimed: the desk's start of the day before) served the day in ${round(warm.dayMs, 0)} ms`);

    const shellRuns: ShellRun[] = [];
    const sourceRuns: ShellRun[] = [];
    const bareMs: number[] = [];
    const bareTsxMs: number[] = [];
    for (let i = 0; i < s.runs; i += 1) {
      const profile = s.cpuProfDir && i === s.runs - 1 ? ['--cpu-prof', `--cpu-prof-dir=${s.cpuProfDir}`] : [];
      // Which goes first alternates, so whatever else the machine does weighs on both alike.
      appendAuditEntries(deskDir, s.dayEntries, actorId, appointmentIds);
      if (i % 2 === 0) bareMs.push(await timeBare(work, 'built'));
      shellRuns.push(await timeShellStart(work, deskDir, hubUrl, kep, 'built', profile));
      if (i % 2 === 1) bareMs.push(await timeBare(work, 'built'));
      appendAuditEntries(deskDir, s.dayEntries, actorId, appointmentIds);
      if (i % 2 === 0) bareTsxMs.push(await timeBare(work, 'source'));
      sourceRuns.push(await timeShellStart(work, deskDir, hubUrl, kep, 'source'));
      if (i % 2 === 1) bareTsxMs.push(await timeBare(work, 'source'));
    }
    await hub.stop();

    const readyP50 = p50(shellRuns.map((r) => r.readyMs));
    const dayP50 = p50(shellRuns.map((r) => r.dayMs));
    const bareP50 = p50(bareMs);
    const over = dayP50 - bareP50;
    const sourceP50 = p50(sourceRuns.map((r) => r.dayMs));
    const bareTsxP50 = p50(bareTsxMs);
    console.log(`shell    spawn → ready line p50 ${round(readyP50, 0)} ms; runs ${list(shellRuns.map((r) => r.readyMs))}`);
    console.log(`shell    spawn → day of ${kep.count} served p50 ${round(dayP50, 0)} ms; runs ${list(shellRuns.map((r) => r.dayMs))}`);
    console.log(`baseline bare node, empty script → first output p50 ${round(bareP50, 0)} ms; runs ${list(bareMs)}`);
    console.log(`day served − bare: ${round(over, 0)} ms (goal ≤ ${GOAL_OVER_BARE_MS} ms)`);
    console.log(
      `source   from source under tsx: day served p50 ${round(sourceP50, 0)} ms vs bare node --import tsx ${round(bareTsxP50, 0)} ms (+${round(sourceP50 - bareTsxP50, 0)} ms; development and tests, not a desk)`,
    );
    if (s.cpuProfDir) console.log(`profile  the last run's CPU profile is in ${s.cpuProfDir}`);
    console.log(`load average (1 min) ${round(loadBefore, 1)} at the start, ${round(loadavg()[0] ?? 0, 1)} at the end, on ${availableParallelism()} cores`);
    console.log(
      JSON.stringify({
        bench: 'start',
        runs: s.runs,
        appointments: s.appointments,
        auditEntries: seq + 2 * s.runs * s.dayEntries,
        dayEntriesPerRun: s.dayEntries,
        readyP50Ms: round(readyP50, 0),
        dayServedP50Ms: round(dayP50, 0),
        baseline: { bareNodeP50Ms: round(bareP50, 0) },
        fromSource: { dayServedP50Ms: round(sourceP50, 0), bareTsxP50Ms: round(bareTsxP50, 0) },
        overBareMs: round(over, 0),
        ratio: round(dayP50 / bareP50, 2),
        goal: { overBareMs: GOAL_OVER_BARE_MS },
        met: over <= GOAL_OVER_BARE_MS,
      }),
    );
  } finally {
    cleanUp();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench:start failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
