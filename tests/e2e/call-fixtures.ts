import type { Browser, BrowserContext, Page } from '@playwright/test';
import { issueJoinToken } from '../../hub/src/auth/join-links';
import { HubStore } from '../../hub/src/store/hub-store';
import type { Appointment } from '../../src-shared/domain/appointment';
import { joinUrl } from '../../src-shared/protocol/hub-api';
import { bookAppointment } from '../support/booking';
import { expect, type HubProcess, KEP, test as base } from './fixtures';

/**
 * The hub's own store, opened beside the running hub process (SQLite in WAL mode allows it), for
 * as long as `run` takes, a promise included.
 */
export function withHubStore<T>(dataDir: string, run: (store: HubStore) => T): T {
  const store = new HubStore(dataDir);
  let result: T;
  try {
    result = run(store);
  } catch (error) {
    store.close();
    throw error;
  }
  if (result instanceof Promise) return result.finally(() => store.close()) as T;
  store.close();
  return result;
}

/** An appointment of the demo KEP starting now (or in `startsInMinutes`), and its citizen's join link. */
export function bookCallNow(hub: HubProcess, overrides: Partial<Appointment> = {}, startsInMinutes = 0): { appointment: Appointment; link: string } {
  return withHubStore(hub.dataDir, (store) => {
    const appointment = bookAppointment(store, KEP.id, startsInMinutes, overrides);
    return { appointment, link: joinUrl(hub.url, issueJoinToken(store, appointment.id, 'citizen').token) };
  });
}

/** The desk picks the waiting citizen from the lobby and calls them, until their video arrives. */
export async function startCall(desk: Page, appointmentId: string): Promise<void> {
  const entry = desk.locator(`[data-testid="lobby-entry"][data-appointment-id="${appointmentId}"]`);
  await expect(entry).toBeVisible({ timeout: 15_000 });
  await entry.getByRole('button').click();
  await desk.getByTestId('start-call').click();
  await expectRemoteVideo(desk, 'citizen');
}

export const CHECK_ITEMS = ['face_visible', 'id_front_back', 'security_features', 'photo_matches', 'data_matches', 'document_valid', 'reason_confirmed'];

/** Ticks the whole checklist while the citizen's video arrives. */
export async function passIdentityCheck(desk: Page): Promise<void> {
  const check = desk.getByTestId('verification');
  await expect(check.getByTestId('verification-video')).toHaveAttribute('data-live', 'yes', { timeout: 15_000 });
  for (const item of CHECK_ITEMS) {
    await check.getByTestId(`check-${item}`).click();
    await expect(check.getByTestId(`check-${item}`)).toBeChecked();
  }
  await expect(check).toHaveAttribute('data-outcome', 'passed');
}

/**
 * Keeps every RTCPeerConnection a page makes on `window.__pcs`, so a test can read its statistics
 * or break it. Test-only: the app itself exposes nothing of the kind.
 */
export const TRACK_PEER_CONNECTIONS = `
  (() => {
    const Original = window.RTCPeerConnection;
    window.__pcs = [];
    window.RTCPeerConnection = function (...args) {
      const pc = new Original(...args);
      window.__pcs.push(pc);
      return pc;
    };
    window.RTCPeerConnection.prototype = Original.prototype;
    Object.setPrototypeOf(window.RTCPeerConnection, Original);
  })();
`;

/** Bytes received over all of the page's open peer connections. */
export async function bytesReceived(page: Page): Promise<number> {
  return page.evaluate(async () => {
    let total = 0;
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s: { type: string; bytesReceived?: number }) => {
        if (s.type === 'inbound-rtp') total += s.bytesReceived ?? 0;
      });
    }
    return total;
  });
}

/** Media is flowing into the page: its received byte count keeps rising. */
export async function expectMediaFlowing(page: Page): Promise<void> {
  const before = await bytesReceived(page);
  await expect.poll(() => bytesReceived(page), { timeout: 10_000 }).toBeGreaterThan(before + 10_000);
}

/** The picture of the remote participant with this role is decoded (its video has a size). */
export async function expectRemoteVideo(page: Page, role: 'employee' | 'citizen' | 'interpreter'): Promise<void> {
  const video = page.locator(`[data-testid="remote-video"][data-role="${role}"] video`);
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 20_000 }).toBeGreaterThan(0);
}

/** A citizen (or interpreter) page in its own browser context, through the device check into the lobby (or straight into a call already open). */
async function joinAsParticipant(browser: Browser, link: string, contexts: BrowserContext[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, permissions: ['camera', 'microphone'] });
  contexts.push(context);
  await context.addInitScript(TRACK_PEER_CONNECTIONS);
  const page = await context.newPage();
  await page.goto(link);
  await page.getByTestId('citizen-start').click();
  await expect(page.getByTestId('device-result-camera')).toHaveAttribute('data-result', 'ok', { timeout: 30_000 });
  await page.getByTestId('device-continue').click();
  await expect(page.getByTestId('lobby').or(page.getByTestId('call'))).toBeVisible();
  return page;
}

/**
 * `joinAs(link)`: a citizen or interpreter joining from their own browser context. The contexts
 * are closed after the test: live cameras and peer connections left behind would load the
 * machine for every test that follows.
 */
export const test = base.extend<{ joinAs(link: string): Promise<Page> }>({
  joinAs: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    await use((link) => joinAsParticipant(browser, link, contexts));
    await Promise.all(contexts.map((c) => c.close()));
  },
});
