/**
 * `npm run bench:call`: how long the employee waits for the citizen's picture. With the citizen
 * already waiting in the lobby, from the click on "start call" in the desk app until the first
 * frame of the citizen's video is presented on the desk; p50 and p95 over BENCH_CALLS calls.
 *
 * The real thing, on 127.0.0.1: a hub process (demo-setup, then serve), the app's main services
 * behind the browser shell (a child process) with the built renderer, and the citizen page the
 * hub serves at /join, both in one headless Chromium with the fake camera and microphone. Every
 * app call has its own appointment starting now: a call ended with "Χρειάζεται συνέχεια" leaves
 * its appointment "needs follow-up", which the desk no longer offers to call, so between calls the
 * citizen page opens the next appointment's link and waits in its lobby (not measured).
 *
 * The app prepares the call before the click (PROTOCOL.md §5.2a): the employee picks the lobby
 * entry, and the click comes once the prepared connection is up on both pages, as an employee
 * would click after reading the entry; the preparation's own time is printed apart.
 *
 * Baseline, same run, same browser, same hub: a bare RTCPeerConnection offer/answer between two
 * pages (a workstation socket and a participant socket, signals relayed by the hub), from the
 * start of the offer to the first presented frame on the desk page. Both are timed in the desk
 * page's own clock by the same probe (bench/lib/call-probe.ts: the frame is
 * requestVideoFrameCallback's); app and baseline calls take turns, so that whatever else the
 * machine does weighs on both alike. A few warm-up calls of each come first and are reported apart.
 * The steps in between (camera, offer, answer at each end, ICE, DTLS, stream, frame) are printed
 * as p50s, the citizen side's set in the desk's clock (performance.timeOrigin). The citizen's first
 * picture starts small (src-web/media/first-picture.ts): when it reaches the camera's full width
 * at the desk is printed apart.
 *
 * One thing differs from a plain run of the app: the hub allows room operations faster than its
 * default (a call is opened and closed every few seconds on one socket).
 *
 * Settings (environment): BENCH_CALLS (20), BENCH_WARMUP (2), BENCH_CALL_TIMEOUT_MS (15000),
 * BENCH_TIMEOUT_S (230), BENCH_SKIP_BUILD (1 to use the renderer and citizen page already built),
 * BENCH_DEBUG_DIR (screenshots of both pages when an app call fails), CHROMIUM_PATH
 * (/usr/bin/chromium). The last line printed is one JSON object.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from '@playwright/test';
import { joinUrl } from '../src-shared/protocol/hub-api';
import { CHROMIUM_PATH } from '../tests/support/chromium';
import { type AppPages, appCall, enterLobby, openApp, readDeskProbe, recover } from './lib/call-app';
import { type BaselinePages, openBaseline, socketIoBundle } from './lib/call-baseline';
import { buildAll, DEMO_PASSWORD, DESK_USER, killCommands, prepareCallHub } from './lib/call-fixture';
import { type CallSample, pictureSeen, sampleOf, STEP_NAMES, type StepName } from './lib/call-probe';
import { type BenchChild, killAllChildren, startTsProcess, tailOf } from './lib/child-process';
import { guardRun } from './lib/run-guard';
import { setting } from './lib/settings';
import { describeFigures, type Figures, figures, firstLine, ms, round, secondsSince } from './lib/stats';
import { launchChromium } from './lib/sync-render';

const ROOT = resolve(__dirname, '..');

interface Settings {
  calls: number;
  warmup: number;
  callTimeoutMs: number;
  timeoutS: number;
  skipBuild: boolean;
}

function readSettings(): Settings {
  return {
    calls: setting('BENCH_CALLS', 20, 1),
    warmup: setting('BENCH_WARMUP', 2, 0),
    callTimeoutMs: setting('BENCH_CALL_TIMEOUT_MS', 15_000, 1000),
    timeoutS: setting('BENCH_TIMEOUT_S', 230, 30),
    skipBuild: process.env.BENCH_SKIP_BUILD === '1',
  };
}

const STEP_LABELS: Record<StepName, string> = {
  openOut: '"call.open" on the desk\'s WebSocket',
  tracks: 'tracks started at the citizen',
  gumStart: 'camera asked',
  gumEnd: 'camera open',
  pc: 'peer connection made',
  offer: 'offer set',
  offerOut: "offer on the page's WebSocket",
  offerIn: 'offer at the citizen',
  answerOut: 'answer made there',
  answerIn: "answer on the page's WebSocket",
  answer: 'answer set',
  ice: 'ICE connected',
  dtls: 'DTLS connected',
  track: 'remote track',
  channel: 'data channel open',
  src: 'stream on the video',
  received: 'first frame received',
  size: 'picture size known',
  frame: 'first frame shown',
};

/** The p50 of each step seen in the samples, in the order of the steps. */
function stepLine(samples: readonly CallSample[]): string {
  return STEP_NAMES.map((name) => [name, figures(samples.map((s) => s.steps[name])).p50] as const)
    .filter(([, v]) => Number.isFinite(v))
    .map(([name, v]) => `${STEP_LABELS[name]} ${round(v, 0)}`)
    .join(' → ');
}

interface Side {
  samples: CallSample[];
  warmup: CallSample[];
  failures: string[];
}

const newSide = (): Side => ({ samples: [], warmup: [], failures: [] });

async function main(): Promise<void> {
  const s = readSettings();
  const started = performance.now();
  const work = mkdtempSync(join(tmpdir(), 'kep-bench-call-'));
  const hubLog = join(work, 'hub.log');
  const shellLog = join(work, 'shell.log');
  let browser: Browser | null = null;
  const cleanUp = (): void => {
    killCommands();
    killAllChildren();
    rmSync(work, { recursive: true, force: true });
  };
  guardRun(
    'bench:call',
    s.timeoutS,
    () => {
      void browser?.close().catch(() => undefined);
      cleanUp();
    },
    () => `hub log:\n${tailOf(hubLog)}\nshell log:\n${tailOf(shellLog)}`,
  );

  let hub: BenchChild | null = null;
  let shell: BenchChild | null = null;
  let app: AppPages | null = null;
  let baseline: BaselinePages | null = null;
  try {
    const loadBefore = loadavg()[0] ?? 0;
    console.log(
      `bench:call: ${s.calls} calls each of the app and of the baseline (after ${s.warmup} warm-up calls each), taking turns; ` +
        `citizen waiting in the lobby, from "start call" to the first frame of the citizen's video at the desk`,
    );

    if (s.skipBuild) console.log('build    skipped (BENCH_SKIP_BUILD=1): using out/renderer and hub/dist/web as they are');
    else {
      const buildStarted = performance.now();
      const how = await buildAll(ROOT, join(work, 'build.log'));
      console.log(`build    ${how}: ${secondsSince(buildStarted)} s`);
    }

    const setupStarted = performance.now();
    const hubDir = join(work, 'hub-data');
    mkdirSync(hubDir);
    const data = await prepareCallHub(ROOT, hubDir, join(work, 'demo-setup.log'), s.warmup + s.calls + 10);
    hub = await startTsProcess('hub/src/cli.ts', ['serve', '--data-dir', hubDir, '--port', '0'], { cwd: ROOT, logFile: hubLog });
    const hubUrl = String(hub.ready.url);
    const shellDir = join(work, 'desk-data');
    mkdirSync(shellDir);
    // The credential goes in the environment (a command line is visible to everyone); the child inherits ours.
    process.env.KEP_HUB_TOKEN = data.app.workstationToken;
    shell = await startTsProcess('src-main/shell/cli.ts', [`--data-dir=${shellDir}`, `--hub-url=${hubUrl}`], {
      cwd: ROOT,
      logFile: shellLog,
    });
    browser = await launchChromium();
    const socketIo = await socketIoBundle(ROOT);
    app = await openApp(browser, String(shell.ready.url), joinUrl(hubUrl, data.app.joinToken), { username: DESK_USER, password: DEMO_PASSWORD }, 30_000);
    baseline = await openBaseline(browser, hubUrl, socketIo, data.baseline);
    console.log(
      `setup    hub at ${hubUrl}, browser shell, Chromium ${browser.version()} (${CHROMIUM_PATH}); desk signed in, both citizens waiting: ${secondsSince(setupStarted)} s`,
    );

    const appSide = newSide();
    const baseSide = newSide();
    const openMs: number[] = [];
    const selectMs: number[] = [];
    const preparedMs: number[] = [];
    const prepareMs: number[] = [];
    const endMs: number[] = [];
    const fullSizeMs: number[] = [];
    let recoveries = 0;
    let turn = 0;
    const deadline = started + (s.timeoutS - 25) * 1000;
    const wanted = s.warmup + s.calls;

    let appointmentId = data.app.appointmentId;
    /** The citizen page on the next appointment's link, waiting in its lobby. */
    const nextAppointment = async (pages: AppPages): Promise<void> => {
      const next = data.appQueue.shift();
      if (!next) return;
      appointmentId = next.appointmentId;
      pages.link = joinUrl(hubUrl, next.joinToken);
      await enterLobby(pages.citizen, pages.link, s.callTimeoutMs);
    };
    const runApp = async (warm: boolean, label: string): Promise<string> => {
      const pages = app as AppPages;
      try {
        const call = await appCall(pages, appointmentId, s.callTimeoutMs);
        if (!pictureSeen(call.state)) throw new Error(`no picture within ${s.callTimeoutMs} ms: ${JSON.stringify(call.state)}`);
        const sample = sampleOf(call.state, call.answerSide);
        (warm ? appSide.warmup : appSide.samples).push(sample);
        if (!warm) {
          selectMs.push(call.selectMs);
          preparedMs.push(call.preparedMs);
          prepareMs.push(call.prepareMs);
          endMs.push(call.endMs);
          fullSizeMs.push(call.fullSizeMs);
        }
        await nextAppointment(pages);
        return `app ${ms(sample.totalMs)}${sample.byFrame ? '' : ' (size, no frame reported)'}`;
      } catch (error) {
        const probe = await readDeskProbe(pages).catch(() => null);
        if (process.env.BENCH_DEBUG_DIR) {
          const base = join(process.env.BENCH_DEBUG_DIR, `call-${turn + 1}`);
          await pages.desk.screenshot({ path: `${base}-desk.png` }).catch(() => undefined);
          await pages.citizen.screenshot({ path: `${base}-citizen.png` }).catch(() => undefined);
        }
        appSide.failures.push(`${label}: ${firstLine(error)}`);
        console.log(`${label} app call failed: ${firstLine(error)}; probe ${JSON.stringify(probe)}`);
        recoveries += 1;
        await recover(pages, s.callTimeoutMs).catch((e: unknown) => console.log(`${label} recovery failed: ${firstLine(e)}`));
        await nextAppointment(pages).catch((e: unknown) => console.log(`${label} next appointment failed: ${firstLine(e)}`));
        return 'app failed';
      }
    };
    const runBaseline = async (warm: boolean, label: string): Promise<string> => {
      try {
        const call = await (baseline as BaselinePages).call(s.callTimeoutMs);
        if (!pictureSeen(call.state)) throw new Error(`no picture within ${s.callTimeoutMs} ms: ${JSON.stringify(call.state)}`);
        const sample = sampleOf(call.state, call.answerSide);
        (warm ? baseSide.warmup : baseSide.samples).push(sample);
        if (!warm) openMs.push(call.openMs);
        return `baseline ${ms(sample.totalMs)}${sample.byFrame ? '' : ' (size, no frame reported)'}`;
      } catch (error) {
        baseSide.failures.push(`${label}: ${firstLine(error)}`);
        console.log(`${label} baseline call failed: ${firstLine(error)}`);
        return 'baseline failed';
      }
    };

    // Turns: the app first on even turns, the baseline first on odd ones. A failed call is made
    // again in a later turn (up to 10 extra turns), within the time left.
    const done = (side: Side): number => side.warmup.length + side.samples.length;
    while ((done(appSide) < wanted || done(baseSide) < wanted) && turn < wanted + 10) {
      if (performance.now() > deadline) {
        console.log(`stopping early: less than 25 s of the ${s.timeoutS} s budget left`);
        break;
      }
      const label = `call ${String(turn + 1).padStart(2)}`;
      const appNeeded = done(appSide) < wanted;
      const baseNeeded = done(baseSide) < wanted;
      const parts: string[] = [];
      const order = turn % 2 === 0 ? (['app', 'baseline'] as const) : (['baseline', 'app'] as const);
      for (const which of order) {
        if (which === 'app' && appNeeded) parts.push(await runApp(done(appSide) < s.warmup, label));
        if (which === 'baseline' && baseNeeded) parts.push(await runBaseline(done(baseSide) < s.warmup, label));
      }
      const warm = turn < s.warmup ? ' (warm-up)' : '';
      console.log(`${label}${warm}: ${parts.join(', ')}`);
      turn += 1;
    }

    const pageErrors = [...app.errors];
    await baseline.close();
    baseline = null;
    await app.close();
    app = null;
    await browser.close();
    browser = null;
    await shell.stop();
    shell = null;
    await hub.stop();
    hub = null;

    // Report.
    const appF = figures(appSide.samples.map((x) => x.totalMs));
    const baseF = figures(baseSide.samples.map((x) => x.totalMs));
    const prepF = figures(prepareMs);
    const frameCount = (side: Side): string => `${side.samples.filter((x) => x.byFrame).length}/${side.samples.length}`;
    const sizeOf = (side: Side): string => {
      const last = side.samples[side.samples.length - 1];
      return last ? `${last.width}×${last.height}` : 'n/a';
    };
    console.log('');
    console.log(
      `app      click on "start call" → first frame of the citizen: ${describeFigures(appF)} (${appSide.samples.length} calls; frames reported ${frameCount(appSide)}, ${sizeOf(appSide)})`,
    );
    console.log(`app      steps, p50 ms from the click: ${stepLine(appSide.samples)}`);
    const busy = (side: Side): string =>
      `p50 ${ms(figures(side.samples.map((x) => x.longTasksMs)).p50)} in long tasks, longest p50 ${ms(figures(side.samples.map((x) => x.longestTaskMs)).p50)}`;
    console.log(`app      desk page's main thread before the first frame: ${busy(appSide)}`);
    console.log(
      `app      around it (not measured): lobby entry → "start call" enabled p50 ${ms(figures(selectMs).p50)}; end call with outcome → both back p50 ${ms(figures(endMs).p50)}`,
    );
    const fullSizeF = figures(fullSizeMs);
    console.log(
      `app      after the first frame (not measured): the citizen's picture at the camera's full width p50 ${ms(fullSizeF.p50)} after the click (p95 ${ms(fullSizeF.p95)}; ` +
        `${fullSizeMs.filter(Number.isFinite).length}/${fullSizeMs.length} within 10 s)`,
    );
    console.log(
      `app      before the click (not measured): the prepared connection, desk's peer made → connected p50 ${ms(prepF.p50)} (p95 ${ms(prepF.p95)}); ` +
        `lobby entry → prepared on both pages p50 ${ms(figures(preparedMs).p50)} (the desk, back at the appointment after the previous call, prepares it at once)`,
    );
    console.log(
      `baseline start of the offer → first frame: ${describeFigures(baseF)} (${baseSide.samples.length} calls; frames reported ${frameCount(baseSide)}, ${sizeOf(baseSide)})`,
    );
    console.log(`baseline steps, p50 ms from the offer's start: ${stepLine(baseSide.samples)}`);
    console.log(`baseline desk page's main thread before the first frame: ${busy(baseSide)}`);
    console.log(`baseline room:open round trip before it (not measured): p50 ${ms(figures(openMs).p50)}`);
    if (appSide.warmup.length || baseSide.warmup.length) {
      console.log(
        `warm-up  app ${appSide.warmup.map((x) => ms(x.totalMs)).join(', ') || 'none'}; baseline ${baseSide.warmup.map((x) => ms(x.totalMs)).join(', ') || 'none'}`,
      );
    }
    const ratio = appF.p50 / baseF.p50;
    console.log(`app/baseline p50 ×${round(ratio)}, p95 ×${round(appF.p95 / baseF.p95)}; app p50 − baseline p50 = ${ms(appF.p50 - baseF.p50)}`);
    const failures = [...appSide.failures, ...baseSide.failures];
    console.log(
      `failures ${failures.length}${failures.length ? `: ${failures.join('; ')}` : ''}${recoveries ? ` (${recoveries} recoveries by reloading the citizen page)` : ''}`,
    );
    if (pageErrors.length) console.log(`page errors ${pageErrors.length}: ${[...new Set(pageErrors)].slice(0, 5).join('; ')}`);
    console.log(
      `load average (1 min) ${round(loadBefore, 1)} at the start, ${round(loadavg()[0] ?? 0, 1)} at the end, on ${availableParallelism()} cores; whole run ${secondsSince(started)} s`,
    );
    const calls = Math.min(appSide.samples.length, baseSide.samples.length);
    const out = (f: Figures) => ({ p50Ms: round(f.p50, 1), p95Ms: round(f.p95, 1), minMs: round(f.min, 1), maxMs: round(f.max, 1) });
    console.log(
      JSON.stringify({
        bench: 'call',
        calls,
        app: out(appF),
        baseline: out(baseF),
        ratioP50: round(ratio),
        prepareP50Ms: round(prepF.p50, 1),
        fullSizeP50Ms: round(fullSizeF.p50, 1),
        failures: failures.length,
      }),
    );
    if (calls < s.calls) process.exitCode = 1;
  } catch (error) {
    console.error(`bench:call failed: ${error instanceof Error ? error.message : String(error)}`);
    console.error(`hub log:\n${tailOf(hubLog)}\nshell log:\n${tailOf(shellLog)}`);
    process.exitCode = 1;
  } finally {
    await baseline?.close().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await shell?.stop(3000).catch(() => undefined);
    await hub?.stop(3000).catch(() => undefined);
    cleanUp();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(`bench:call failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
