/**
 * `tsx bench/render-trace.ts`: what the renderer's main thread does between asking main for the
 * day (day.get) and showing its rows, after a sign-in and after a reload. Not a benchmark (no
 * figures to compare): a look inside one sample of what bench:sync times, from Chromium's own
 * trace (CDP Tracing). Prints the main thread's tasks in that window, and writes the raw traces
 * (open them in Chromium's Performance panel) and screenshots to the directory it names. The
 * page's marks name every message sent and heard on the bridge's WebSocket, with its size.
 *
 * Settings (environment): TRACE_ROWS (1000), TRACE_OUT (a fresh temporary directory),
 * TRACE_RENDERER (a built renderer to serve instead of out/renderer),
 * TRACE_CATEGORIES (Chromium's trace categories), TRACE_PROFILE (set: a CPU profile of each
 * first, self time by function, mapped to the sources if the build has maps: electron-vite
 * build --sourcemap).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, CDPSession, Page } from '@playwright/test';
import { formatAthensDate } from '../src-shared/domain/athens-time';
import { type BenchChild, startTsProcess } from './lib/child-process';
import { startRenderShell } from './lib/render-shell';
import { setting } from './lib/settings';
import { BENCH_PASSWORD, prepareSyncHub } from './lib/sync-fixture';
import { launchChromium } from './lib/sync-render';

const ROOT = resolve(__dirname, '..');
const CATEGORIES = process.env.TRACE_CATEGORIES ?? 'devtools.timeline,v8.execute,disabled-by-default-devtools.timeline,blink.user_timing,loading';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown> };
}

/** Marks the page's own clock at the moments bench:sync's probe watches: day.get sent, its answer heard. */
const PROBE = `(() => {
  const Native = window.WebSocket;
  const send = Native.prototype.send;
  Native.prototype.send = function (data) {
    if (typeof data === 'string' && data.includes('"channel":"day.get"')) performance.mark('probe:day.get sent');
    if (typeof data === 'string') performance.mark('send ' + (/"channel":"([^"]+)"/.exec(data)?.[1] ?? '?') + ' #' + (/"id":(\\d+)/.exec(data)?.[1] ?? ''));
    return send.call(this, data);
  };
  const Watched = function (...args) {
    const socket = new Native(...args);
    socket.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      performance.mark('recv ' + (/^\\{"id":(\\d+)/.exec(event.data)?.[1] ?? event.data.slice(0, 30)) + ' ' + event.data.length);
      if (event.data.startsWith('{"event":"session.changed"')) performance.mark('probe:session heard');
      else if (event.data.includes('"appointments":[')) performance.mark('probe:day heard');
    });
    return socket;
  };
  Watched.prototype = Native.prototype;
  Object.assign(Watched, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  window.WebSocket = Watched;
})();`;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The JS self time of a CPU profile by function, mapped to the sources when the build has source maps (--sourcemap). */
async function profiled(cdp: CDPSession, label: string, act: () => Promise<void>): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await act();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const maps = new Map<string, TraceMap | null>();
  const where = (f: ProfileNode['callFrame']): string => {
    if (!f.url) return f.functionName || '(native)';
    const file = f.url.replace(/^https?:\/\/[^/]+\//, '');
    if (!maps.has(file)) {
      const mapFile = join(ROOT, 'out/renderer', `${file}.map`);
      maps.set(file, existsSync(mapFile) ? new TraceMap(readFileSync(mapFile, 'utf8')) : null);
    }
    const map = maps.get(file);
    const at = map && f.lineNumber >= 0 ? originalPositionFor(map, { line: f.lineNumber + 1, column: f.columnNumber }) : null;
    return at?.source
      ? `${at.name ?? f.functionName} ${at.source.replace(/^.*?(node_modules|src-)/, '$1')}:${at.line}`
      : `${f.functionName} ${file}:${f.lineNumber}:${f.columnNumber}`;
  };
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const key = where(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`\n${label}: CPU profile, self time by function (${total.toFixed(0)} ms sampled)`);
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${ms.toFixed(1).padStart(6)} ms  ${key}`);
}

async function traced(cdp: CDPSession, act: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  await act();
  await cdp.send('Tracing.end');
  await done;
  return events;
}

const rowsShown = (page: Page, rows: number): Promise<unknown> => page.locator(`[role="option"][aria-setsize="${rows}"]`).first().waitFor({ timeout: 30_000 });

/** The main thread's top-level tasks from day.get to the day's rows, with what each mostly was. */
function summarize(label: string, events: TraceEvent[]): void {
  const main = events.find(
    (e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.name === 'probe:day.get sent'),
  );
  if (!main) {
    console.log(`${label}: no renderer thread with the probe's marks`);
    return;
  }
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid).sort((a, b) => a.ts - b.ts);
  const mark = (name: string): number | undefined => mine.find((e) => e.name === name)?.ts;
  const asked = mark('probe:day.get sent');
  const heard = mark('probe:day heard');
  const session = mark('probe:session heard');
  const from = session ?? asked ?? 0;
  console.log(
    `\n${label}: session heard ${session ?? '-'}; day.get sent +${((asked ?? 0) - from) / 1000} ms; answer heard +${((heard ?? 0) - from) / 1000} ms`,
  );
  const tasks = mine.filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.ts + (e.dur ?? 0) >= from - 5_000);
  for (const task of tasks.slice(0, 60)) {
    const end = task.ts + (task.dur ?? 0);
    const inner = mine.filter((e) => e.ph === 'X' && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end && e !== task && (e.dur ?? 0) > 300);
    const what = inner
      .slice(0, 8)
      .map(
        (e) =>
          `${e.name}${e.args?.data?.type ? `(${String(e.args.data.type)})` : ''}${e.args?.data?.functionName ? `(${String(e.args.data.functionName)})` : ''} ${((e.dur ?? 0) / 1000).toFixed(1)}`,
      )
      .join(' | ');
    const marks = mine.filter((e) => e.name.startsWith('probe:') && e.ts >= task.ts && e.ts <= end).map((e) => e.name);
    if ((task.dur ?? 0) < 500 && marks.length === 0) continue;
    console.log(`  +${((task.ts - from) / 1000).toFixed(1).padStart(6)} ms  ${((task.dur ?? 0) / 1000).toFixed(1).padStart(6)} ms  ${marks.join(',')} ${what}`);
  }
}

async function main(): Promise<void> {
  const rows = setting('TRACE_ROWS', 1000, 1);
  const out = process.env.TRACE_OUT ?? mkdtempSync(join(tmpdir(), 'kep-render-trace-'));
  mkdirSync(out, { recursive: true });
  const date = formatAthensDate(new Date());
  const hubDir = join(out, 'hub-data');
  mkdirSync(hubDir, { recursive: true });
  const [kep] = await prepareSyncHub(hubDir, date, [rows]);
  if (!kep) throw new Error('no KEP');
  const children: BenchChild[] = [];
  let browser: Browser | null = null;
  try {
    const hub = await startTsProcess('hub/src/cli.ts', ['serve', '--data-dir', hubDir, '--port', '0'], { cwd: ROOT, logFile: join(out, 'hub.log') });
    children.push(hub);
    const renderer = process.env.TRACE_RENDERER ? resolve(process.env.TRACE_RENDERER) : undefined;
    const shell = await startRenderShell(join(out, 'shell'), join(out, 'shell.log'), String(hub.ready.url), kep, renderer);
    children.push(shell);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript(PROBE);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(String(shell.ready.url));
    await page.getByText(kep.name).first().waitFor({ timeout: 30_000 });
    const signIn = async (): Promise<void> => {
      await page.getByLabel('Όνομα χρήστη').fill(kep.username);
      await page.getByLabel('Κωδικός πρόσβασης').fill(BENCH_PASSWORD);
      await page.getByRole('button', { name: 'Είσοδος' }).click();
      await rowsShown(page, rows);
    };
    // One untimed round first: main's caches and the page's code warm, as in bench:sync's later samples.
    await signIn();
    await page.getByRole('button', { name: 'Αποσύνδεση' }).click();
    await page.getByRole('button', { name: 'Είσοδος' }).waitFor();
    if (process.env.TRACE_PROFILE) {
      await profiled(cdp, 'sign-in', signIn);
      await page.reload({ waitUntil: 'commit' });
      await rowsShown(page, rows);
      await profiled(cdp, 'reload', async () => {
        await page.reload({ waitUntil: 'commit' });
        await rowsShown(page, rows);
      });
      await page.getByRole('button', { name: 'Αποσύνδεση' }).click();
      await page.getByRole('button', { name: 'Είσοδος' }).waitFor();
    }
    const signInTrace = await traced(cdp, signIn);
    writeFileSync(join(out, 'sign-in.json'), JSON.stringify({ traceEvents: signInTrace }));
    summarize('sign-in', signInTrace);
    await page.screenshot({ path: join(out, 'sign-in.png') });
    await page.reload({ waitUntil: 'commit' });
    await rowsShown(page, rows);
    const reloadTrace = await traced(cdp, async () => {
      await page.reload({ waitUntil: 'commit' });
      await rowsShown(page, rows);
    });
    writeFileSync(join(out, 'reload.json'), JSON.stringify({ traceEvents: reloadTrace }));
    summarize('reload', reloadTrace);
    await page.screenshot({ path: join(out, 'reload.png') });
    console.log(`\ntraces and screenshots in ${out}`);
  } finally {
    await browser?.close();
    for (const child of children.reverse()) await child.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
