import type { Browser, BrowserContext, Page } from '@playwright/test';
import {
  type AnswerSideState,
  callProbeScript,
  type CallProbeState,
  type ProbePeer,
  READ_ANSWER_SIDE,
  READ_PEERS,
  READ_PROBE,
  waitForPicture,
} from './call-probe';

/** The desk's picture of the citizen, as the e2e tests find it. */
const REMOTE_CITIZEN = '[data-testid="remote-video"][data-role="citizen"]';
const START_CALL = '[data-testid="start-call"]';

export interface AppPages {
  desk: Page;
  citizen: Page;
  /** The citizen page's address (its join link), to reload it. */
  link: string;
  /** Uncaught errors of the pages, "desk: …" / "citizen: …", in order. */
  errors: string[];
  close(): Promise<void>;
}

async function mediaContext(browser: Browser, viewport: { width: number; height: number }): Promise<BrowserContext> {
  return browser.newContext({ viewport, permissions: ['camera', 'microphone'] });
}

/** The desk app (the browser shell) signed in, its day on screen. */
async function openDesk(context: BrowserContext, shellUrl: string, user: { username: string; password: string }, timeoutMs: number): Promise<Page> {
  await context.addInitScript(callProbeScript(REMOTE_CITIZEN, START_CALL));
  const page = await context.newPage();
  await page.goto(shellUrl);
  await page.getByLabel('Όνομα χρήστη').fill(user.username, { timeout: timeoutMs });
  await page.getByLabel('Κωδικός πρόσβασης').fill(user.password);
  await page.getByRole('button', { name: 'Είσοδος' }).click();
  await page.getByTestId('user').waitFor({ timeout: timeoutMs });
  return page;
}

/** The citizen page from the join link through the device check into the lobby (as joinAsParticipant in the e2e tests). */
export async function enterLobby(page: Page, link: string, timeoutMs: number): Promise<void> {
  // The token is in the fragment: from another link of the page, only a new document reads it.
  if (page.url() !== 'about:blank') await page.goto('about:blank');
  await page.goto(link);
  await page.getByTestId('citizen-start').click({ timeout: timeoutMs });
  await page.locator('[data-testid="device-result-camera"][data-result="ok"]').waitFor({ timeout: timeoutMs });
  await page.getByTestId('device-continue').click({ timeout: timeoutMs });
  await page.getByTestId('lobby').waitFor({ timeout: timeoutMs });
}

export async function openApp(
  browser: Browser,
  shellUrl: string,
  link: string,
  user: { username: string; password: string },
  timeoutMs: number,
): Promise<AppPages> {
  const contexts: BrowserContext[] = [];
  try {
    const deskContext = await mediaContext(browser, { width: 1400, height: 900 });
    contexts.push(deskContext);
    const errors: string[] = [];
    deskContext.on('weberror', (e) => errors.push(`desk: ${e.error().message}`));
    const desk = await openDesk(deskContext, shellUrl, user, timeoutMs);
    const citizenContext = await mediaContext(browser, { width: 1200, height: 800 });
    contexts.push(citizenContext);
    // The probe on the citizen's side only notes when the offer came in and the answer went out.
    await citizenContext.addInitScript(callProbeScript('[data-testid="remote-video"]', null));
    citizenContext.on('weberror', (e) => errors.push(`citizen: ${e.error().message}`));
    const citizen = await citizenContext.newPage();
    await enterLobby(citizen, link, timeoutMs);
    return { desk, citizen, link, errors, close: async () => void (await Promise.all(contexts.map((c) => c.close().catch(() => undefined)))) };
  } catch (error) {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    throw error;
  }
}

/** How one app call went: the probe's notes, and how long the steps around it took (not measured). */
export interface AppCall {
  state: CallProbeState;
  /** The citizen page's notes on the offer and its answer. */
  answerSide: AnswerSideState | null;
  /** From the lobby entry's click until "start call" could be pressed. */
  selectMs: number;
  /**
   * From the lobby entry's click until the prepared connection is up on both pages (ICE and DTLS
   * done); near 0 when the desk, back at that appointment after the previous call, prepared it already.
   */
  preparedMs: number;
  /** The desk's prepared peer connection, from made to connected (page clock): the preparation itself. */
  prepareMs: number;
  /** Ending the call (end, outcome, confirm) until the desk is back at its day. */
  endMs: number;
  /** From the click until the citizen's picture at the desk has the camera's full width (not measured; NaN if not within 10 s). */
  fullSizeMs: number;
}

/** The width of the citizen's camera, as its page sends it. */
const CAMERA_WIDTH =
  "(window.__callProbe?.peers ?? []).flatMap((p) => p.pc.connectionState === 'closed' ? [] : p.pc.getSenders()).map((s) => s.track?.kind === 'video' ? s.track.getSettings().width ?? 0 : 0).reduce((a, b) => Math.max(a, b), 0)";

/** In the desk page: ms from the probe's start until the citizen's picture is `width` wide, NaN after 10 s. */
const fullSizeAt = (width: number): string => `new Promise((resolve) => {
  const video = document.querySelector(${JSON.stringify(`${REMOTE_CITIZEN} video`)});
  const begun = performance.now();
  const timer = setInterval(() => {
    if (video && video.videoWidth >= ${width}) resolve(performance.now() - window.__callProbe.state.startAt);
    else if (performance.now() - begun > 10000) resolve(Number.NaN);
    else return;
    clearInterval(timer);
  }, 20);
})`;

/**
 * One call as the employee makes it: the citizen waits in the lobby (the desk's lobby entry says
 * so, devices checked); the employee picks the entry and presses "start call" (the probe takes
 * the start at that click, in the page); the measurement ends at the first presented frame of the
 * citizen's video. The call is then ended with "Χρειάζεται συνέχεια" (incomplete), which keeps the
 * appointment booked, and the bench waits until the citizen's page has left the call.
 */
export async function appCall(pages: AppPages, appointmentId: string, timeoutMs: number): Promise<AppCall> {
  const { desk, citizen } = pages;
  const entry = desk.locator(`[data-testid="lobby-entry"][data-appointment-id="${appointmentId}"]`);
  await entry.locator('[data-testid="lobby-devices"][data-ok="yes"]').waitFor({ timeout: timeoutMs });
  const selectStarted = performance.now();
  await entry.getByRole('button').click({ timeout: timeoutMs });
  await desk.locator(`${START_CALL}:enabled`).waitFor({ timeout: timeoutMs });
  const selectMs = performance.now() - selectStarted;
  // As the employee would: the appointment selected, its citizen waiting; the click comes once
  // the call is prepared on both pages.
  const connectedPeer = (page: Page): Promise<ProbePeer | undefined> =>
    page.evaluate(READ_PEERS).then((peers) => (peers as ProbePeer[]).find((p) => p.state === 'connected'));
  let deskPeer: ProbePeer | undefined;
  while (!(deskPeer = await connectedPeer(desk)) || !(await connectedPeer(citizen))) {
    if (performance.now() - selectStarted > timeoutMs) throw new Error('the call was not prepared in time');
    await desk.waitForTimeout(10);
  }
  const preparedMs = performance.now() - selectStarted;
  const prepareMs = (deskPeer.connectedAt ?? deskPeer.madeAt) - deskPeer.madeAt;

  await desk.locator(START_CALL).click({ timeout: timeoutMs });
  const state = (await desk.evaluate(waitForPicture(timeoutMs))) as CallProbeState;
  const answerSide = (await citizen.evaluate(READ_ANSWER_SIDE).catch(() => null)) as AnswerSideState | null;
  const cameraWidth = (await citizen.evaluate(CAMERA_WIDTH)) as number;
  const fullSizeMs = cameraWidth > 0 ? ((await desk.evaluate(fullSizeAt(cameraWidth))) as number) : Number.NaN;

  const endStarted = performance.now();
  await endCall(pages, timeoutMs);
  return { state, answerSide, selectMs, preparedMs, prepareMs, endMs: performance.now() - endStarted, fullSizeMs };
}

/** Ends the desk's open call with the outcome "incomplete" and waits until both pages left it. */
export async function endCall(pages: AppPages, timeoutMs: number): Promise<void> {
  const { desk, citizen } = pages;
  await desk.getByTestId('end-call').click({ timeout: timeoutMs });
  await desk.locator('input[name="outcome"][value="incomplete"]').check({ timeout: timeoutMs });
  await desk.getByTestId('confirm-end').click({ timeout: timeoutMs });
  await desk.getByTestId('call').waitFor({ state: 'detached', timeout: timeoutMs });
  await citizen.getByTestId('call').waitFor({ state: 'detached', timeout: timeoutMs });
}

/** After a failed call: ends the desk's call if one is on screen, and puts the citizen back into the lobby. */
export async function recover(pages: AppPages, timeoutMs: number): Promise<void> {
  const { desk, citizen } = pages;
  if (
    await desk
      .getByTestId('end-call')
      .isVisible()
      .catch(() => false)
  ) {
    await endCall(pages, timeoutMs).catch(() => undefined);
  }
  if (
    await desk
      .getByTestId('call')
      .isVisible()
      .catch(() => false)
  ) {
    // A call view that failed before it was live offers "back".
    await desk
      .getByRole('button', { name: 'Επιστροφή στα ραντεβού' })
      .click({ timeout: 2000 })
      .catch(() => undefined);
  }
  await backToLobby(citizen, timeoutMs);
}

/**
 * Reloads the citizen page: the tab keeps the join link and its device check, so it goes straight
 * back to waiting with the same participant link (a new connection, a new participant id).
 */
export async function backToLobby(citizen: Page, timeoutMs: number): Promise<void> {
  await citizen.reload();
  const lobby = citizen.getByTestId('lobby');
  const start = citizen.getByTestId('citizen-start');
  await lobby.or(start).first().waitFor({ timeout: timeoutMs });
  if (await lobby.isVisible()) return;
  await start.click({ timeout: timeoutMs });
  await citizen.locator('[data-testid="device-result-camera"][data-result="ok"]').waitFor({ timeout: timeoutMs });
  await citizen.getByTestId('device-continue').click({ timeout: timeoutMs });
  await lobby.waitFor({ timeout: timeoutMs });
}

/** The desk's probe as it stands (for error messages). */
export const readDeskProbe = (pages: AppPages): Promise<CallProbeState | null> => pages.desk.evaluate(READ_PROBE) as Promise<CallProbeState | null>;
