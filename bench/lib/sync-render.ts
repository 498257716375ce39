import { type Browser, type CDPSession, chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/support/chromium';
import { BENCH_PASSWORD, type SyncBenchKep } from './sync-fixture';
import { openUnwatchedPage, type UnwatchedPage } from './unwatched-chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** The list of the day as the e2e tests find it: the listbox named for the day, its options. */
const LIST_SELECTOR = '[role="listbox"][aria-label="Ραντεβού της ημέρας"]';

/**
 * Runs in the page before its own scripts, on every navigation. It notes, in the page's clock
 * (performance.now(), 0 at navigation start), when the sign-in button was clicked, when the
 * signed-in header appeared, when the day was first on screen, and the first frame after that
 * (requestAnimationFrame, then a task: the frame with the rows has been produced).
 *
 * The list is virtualized: only the rows near the view are in the DOM, each saying its place in
 * the day (aria-posinset of aria-setsize). "On screen" is therefore: the list knows all `rows`
 * (its options' aria-setsize) and the options in the DOM cover the list's visible height (from
 * its top, or the day's first row, down to its bottom, or the day's last row; the now-marker
 * between two rows counts as covered). `rows` is then what aria-setsize says, checked against
 * the day's size by the caller.
 * The bridge's WebSocket is watched too (its constructor wrapped, so the probe hears a message
 * before the page does): when the page last sent `day.get` before the rows showed, and when its
 * answer arrived. Answer → rows is the renderer's own part; asked → rows adds main and the hop.
 * And, after a click, when main's news of the signed-in session (session.changed) reached the
 * page: session → rows is the day's whole part of a sign-in, whenever the page asks for the day.
 * A string, not a function: the page must not depend on how tsx compiled this file.
 */
function probeScript(rows: number): string {
  return `(() => {
  const state = { clickAt: null, sessionAt: null, userAt: null, rowsAt: null, frameAt: null, rows: 0, askedAt: null, askedId: null, answerAt: null };
  Object.defineProperty(window, '__kepBench', { value: state });
  const reset = () => { state.sessionAt = null; state.userAt = null; state.rowsAt = null; state.frameAt = null; state.rows = 0; state.askedAt = null; state.askedId = null; state.answerAt = null; };
  const Native = window.WebSocket;
  const send = Native.prototype.send;
  Native.prototype.send = function (data) {
    if (state.rowsAt === null && typeof data === 'string' && data.includes('"channel":"day.get"')) {
      state.askedId = Number(/"id":(\\d+)/.exec(data)?.[1]);
      state.askedAt = performance.now();
      state.answerAt = null;
    }
    return send.call(this, data);
  };
  const Watched = function (...args) {
    const socket = new Native(...args);
    socket.addEventListener('message', (event) => {
      if (state.rowsAt !== null || typeof event.data !== 'string') return;
      if (state.clickAt !== null && state.sessionAt === null && event.data.startsWith('{"event":"session.changed","payload":{"user"')) state.sessionAt = performance.now();
      if (state.askedId !== null && Number(/^\\{"id":(\\d+)/.exec(event.data)?.[1]) === state.askedId) state.answerAt = performance.now();
    });
    return socket;
  };
  Watched.prototype = Native.prototype;
  Object.assign(Watched, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  window.WebSocket = Watched;
  document.addEventListener('click', (event) => {
    if (event.target instanceof Element && event.target.closest('button[type="submit"]')) {
      reset();
      state.clickAt = performance.now();
    }
  }, true);
  const check = () => {
    if (state.userAt === null && document.querySelector('[data-testid="user"]')) state.userAt = performance.now();
    if (state.rowsAt !== null) return;
    const list = document.querySelector(${JSON.stringify(LIST_SELECTOR)});
    const options = list ? [...list.querySelectorAll('[role="option"]')] : [];
    const count = Number(options[0]?.getAttribute('aria-setsize') ?? 0);
    if (count < ${rows}) return;
    const view = list.getBoundingClientRect();
    let top = Infinity, bottom = -Infinity;
    // The now-marker, a line between two rows, covers its part of the list as the rows do.
    for (const shown of [...options, ...list.querySelectorAll('[data-testid="now-marker"]')]) {
      const r = shown.getBoundingClientRect();
      if (r.bottom <= view.top || r.top >= view.bottom) continue;
      const at = Number(shown.getAttribute('aria-posinset'));
      top = Math.min(top, at === 1 ? -Infinity : r.top);
      bottom = Math.max(bottom, at === count ? Infinity : r.bottom);
    }
    if (top > view.top + 1 || bottom < view.bottom - 1) return;
    state.rowsAt = performance.now();
    state.rows = count;
    requestAnimationFrame(() => setTimeout(() => { state.frameAt = performance.now(); }, 0));
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
})();`;
}

interface ProbeState {
  clickAt: number | null;
  sessionAt: number | null;
  userAt: number | null;
  rowsAt: number | null;
  frameAt: number | null;
  rows: number;
  askedAt: number | null;
  answerAt: number | null;
}

/** Where the renderer's main thread spent a sample, from Chromium's own counters (CDP Performance). */
export interface MainThreadMs {
  script: number;
  style: number;
  layout: number;
  /** Every task of the main thread, the above included. */
  tasks: number;
}

/** One measured appearance of the day: times from its start (a click, or navigation start). */
export interface RenderSample {
  /** Until the signed-in header is in the DOM (sign-in only; NaN for a reload). */
  userMs: number;
  /** Until the rows in view are on screen and the list knows every row. */
  rowsMs: number;
  /** Until the first frame after that. */
  frameMs: number;
  /** From the page's last day.get before the rows showed, to the rows on screen. */
  askedToRowsMs: number;
  /** From that day.get's answer reaching the page, to the rows on screen. */
  answerToRowsMs: number;
  /** From main's news of the signed-in session reaching the page, to the rows on screen (sign-in only; NaN for a reload). */
  sessionToRowsMs: number;
  mainThread: MainThreadMs;
}

const METRICS = { script: 'ScriptDuration', style: 'RecalcStyleDuration', layout: 'LayoutDuration', tasks: 'TaskDuration' } as const;

/** CDP's send, from Playwright's session or from an unwatched page. */
type CdpSend = (method: 'Performance.getMetrics') => Promise<{ metrics: Array<{ name: string; value: number }> }>;

async function readMainThread(cdp: CDPSession | { send: CdpSend }): Promise<MainThreadMs> {
  const { metrics } = await (cdp.send as CdpSend)('Performance.getMetrics');
  const get = (name: string): number => (metrics.find((m) => m.name === name)?.value ?? Number.NaN) * 1000;
  return { script: get(METRICS.script), style: get(METRICS.style), layout: get(METRICS.layout), tasks: get(METRICS.tasks) };
}

const minus = (a: MainThreadMs, b: MainThreadMs): MainThreadMs => ({
  script: a.script - b.script,
  style: a.style - b.style,
  layout: a.layout - b.layout,
  tasks: a.tasks - b.tasks,
});

/** The page's animation frames over a stretch of time: how many, how many late, the latest. */
export interface FrameCount {
  frames: number;
  /** Frames more than twice the 60 Hz interval after the one before. */
  dropped: number;
  worstMs: number;
}

/** Wheel-scrolling the day's list, with the same page idle as the baseline: what the machine alone drops. */
export interface ScrollResult {
  idle: FrameCount;
  wheel: FrameCount;
  /** How far the list scrolled, and the place in the day of the row at its middle when it stopped. */
  scrolledPx: number;
  rowInView: number;
}

export interface RenderResult {
  signIn: RenderSample[];
  reload: RenderSample[];
  /** The same reloads in a Chromium no Playwright watches (unwatched-chromium.ts). */
  reloadUnwatched: RenderSample[];
  scroll: ScrollResult | null;
}

export const DROPPED_FRAME_MS = 2 * (1000 / 60);
const WHEEL_EVENTS = 60;
const WHEEL_DELTA_PX = 240;

/**
 * requestAnimationFrame's intervals in the page while `during` runs. Strings, not functions, as
 * the probe: tsx's helpers (__name) do not exist in the page.
 */
async function countFrames(page: Page, during: () => Promise<void>): Promise<FrameCount> {
  await page.evaluate(`(() => {
    const frames = { deltas: [], stop: false };
    Object.defineProperty(window, '__kepFrames', { value: frames, configurable: true });
    let last = 0;
    const tick = (at) => {
      frames.deltas.push(at - last);
      last = at;
      if (!frames.stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame((at) => {
      last = at;
      requestAnimationFrame(tick);
    });
  })()`);
  await during();
  const deltas = (await page.evaluate('(() => { window.__kepFrames.stop = true; return window.__kepFrames.deltas; })()')) as number[];
  return { frames: deltas.length, dropped: deltas.filter((d) => d > DROPPED_FRAME_MS).length, worstMs: Math.max(0, ...deltas) };
}

/**
 * The list from the day's first row, idle for two seconds, then 60 wheel events of 240 px, 16 ms
 * apart. Not in a test: Playwright's test runner, tracing, snapshots the DOM at every action
 * (50–85 ms of the page's main thread each), which is most of what such a count then says.
 */
async function measureScroll(page: Page): Promise<ScrollResult> {
  const list = page.locator(LIST_SELECTOR);
  await list.focus();
  await page.keyboard.press('Home');
  await list.hover();
  const idle = await countFrames(page, () => page.waitForTimeout(2000));
  const wheel = await countFrames(page, async () => {
    for (let i = 0; i < WHEEL_EVENTS; i += 1) {
      await page.mouse.wheel(0, WHEEL_DELTA_PX);
      await page.waitForTimeout(16);
    }
  });
  const where = (await page.evaluate(`(() => {
    const el = document.querySelector(${JSON.stringify(LIST_SELECTOR)});
    const box = el.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return { scrolledPx: el.scrollTop, rowInView: Number(hit?.closest('[role="option"]')?.getAttribute('aria-posinset') ?? 0) };
  })()`)) as Pick<ScrollResult, 'scrolledPx' | 'rowInView'>;
  return { idle, wheel, ...where };
}

/**
 * Polls the probe until the rows have been framed. Not waitForFunction: with a string predicate
 * it evals in the page, which the renderer's CSP (script-src 'self') forbids. The poll interval
 * does not matter: the times are taken in the page.
 */
async function waitForRows(
  page: Pick<Page, 'evaluate'> | Pick<UnwatchedPage, 'evaluate'>,
  timeoutMs: number,
  read = 'window.__kepBench ?? null',
): Promise<ProbeState> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const state = (await (page.evaluate as (expression: string) => Promise<unknown>)(read)) as ProbeState | null;
    if (state?.frameAt !== null && state?.frameAt !== undefined) return state;
    if (performance.now() > until) throw new Error(`The day did not show every row within ${timeoutMs} ms (probe: ${JSON.stringify(state)}).`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const since = (from: number | null, at: number | null): number => (from === null || at === null ? Number.NaN : at - from);

const dayParts = (s: ProbeState): Pick<RenderSample, 'askedToRowsMs' | 'answerToRowsMs' | 'sessionToRowsMs'> => ({
  askedToRowsMs: since(s.askedAt, s.rowsAt),
  answerToRowsMs: since(s.answerAt, s.rowsAt),
  sessionToRowsMs: since(s.sessionAt, s.rowsAt),
});

async function signIn(page: Page, cdp: CDPSession, kep: SyncBenchKep, timeoutMs: number): Promise<RenderSample> {
  await page.getByLabel('Όνομα χρήστη').fill(kep.username);
  await page.getByLabel('Κωδικός πρόσβασης').fill(BENCH_PASSWORD);
  const before = await readMainThread(cdp);
  await page.getByRole('button', { name: 'Είσοδος' }).click();
  const s = await waitForRows(page, timeoutMs);
  const mainThread = minus(await readMainThread(cdp), before);
  if (s.rows !== kep.count) throw new Error(`The day shows ${s.rows} rows, not ${kep.count}.`);
  return { userMs: since(s.clickAt, s.userAt), rowsMs: since(s.clickAt, s.rowsAt), frameMs: since(s.clickAt, s.frameAt), ...dayParts(s), mainThread };
}

/**
 * Opens the shell's address in a fresh context, waits for the workstation's first sync (the
 * sign-in card names the KEP), then times `signIns` sign-ins from the click on "Είσοδος" (signing
 * out between them) and `reloads` reloads with the session kept, from navigation start; then the
 * same reloads again in a Chromium that Playwright does not watch (unwatched-chromium.ts).
 */
export async function measureRender(
  browser: Browser,
  shellUrl: string,
  kep: SyncBenchKep,
  runs: { signIns: number; reloads: number; scroll: boolean; timeoutMs: number },
): Promise<RenderResult> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const result: RenderResult = { signIn: [], reload: [], reloadUnwatched: [], scroll: null };
  try {
    await context.addInitScript(probeScript(kep.count));
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.goto(shellUrl);
    await page.getByText(kep.name).first().waitFor({ timeout: runs.timeoutMs });

    for (let i = 0; i < runs.signIns; i += 1) {
      if (i > 0) {
        await page.getByRole('button', { name: 'Αποσύνδεση' }).click();
        await page.getByRole('button', { name: 'Είσοδος' }).waitFor({ timeout: runs.timeoutMs });
      }
      result.signIn.push(await signIn(page, cdp, kep, runs.timeoutMs));
    }
    if (runs.signIns === 0) await signIn(page, cdp, kep, runs.timeoutMs);
    for (let i = 0; i < runs.reloads; i += 1) {
      await page.reload({ waitUntil: 'commit' });
      const s = await waitForRows(page, runs.timeoutMs);
      // The counters start again with the new document: what they say now is this load's.
      result.reload.push(reloadSample(s, await readMainThread(cdp), kep));
    }
    if (runs.scroll) result.scroll = await measureScroll(page);
  } finally {
    await context.close();
  }
  // The session stays signed in in main: the other browser opens on the day.
  if (runs.reloads > 0) result.reloadUnwatched = await unwatchedReloads(shellUrl, kep, runs.reloads, runs.timeoutMs);
  return result;
}

function reloadSample(s: ProbeState, mainThread: MainThreadMs, kep: SyncBenchKep): RenderSample {
  if (s.rows !== kep.count) throw new Error(`After a reload the day shows ${s.rows} rows, not ${kep.count}.`);
  return { userMs: Number.NaN, rowsMs: s.rowsAt ?? Number.NaN, frameMs: s.frameAt ?? Number.NaN, ...dayParts(s), mainThread };
}

/** `reloads` reloads of the signed-in shell in a Chromium without Playwright, after one untimed load. */
async function unwatchedReloads(shellUrl: string, kep: SyncBenchKep, reloads: number, timeoutMs: number): Promise<RenderSample[]> {
  const page = await openUnwatchedPage(probeScript(kep.count), 1400, 900);
  try {
    await page.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.send('Page.navigate', { url: shellUrl });
    await waitForRows(page, timeoutMs);
    const samples: RenderSample[] = [];
    for (let i = 0; i < reloads; i += 1) {
      // Page.reload answers before the old document is gone: its probe must not be read as the new one's.
      await page.evaluate('window.__kepOldDocument = true');
      await page.send('Page.reload');
      const s = await waitForRows(page, timeoutMs, 'window.__kepOldDocument ? null : window.__kepBench ?? null');
      samples.push(reloadSample(s, await readMainThread(page), kep));
    }
    return samples;
  } finally {
    await page.close();
  }
}
