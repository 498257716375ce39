import type { Page } from '@playwright/test';
import { bookCallNow, expectRemoteVideo, test, TRACK_PEER_CONNECTIONS } from './call-fixtures';
import { expect } from './fixtures';

/**
 * The prepared call (PROTOCOL.md §5.2a): while the citizen waits and the desk is on their
 * appointment, the peer connection is set up, and not one byte of audio or video flows either way
 * until the employee clicks "start call"; a prepared citizen who is not called loses the connection.
 */
test.describe.configure({ timeout: 150_000 });

interface RtpBytes {
  audioIn: number;
  videoIn: number;
  audioOut: number;
  videoOut: number;
}

/** RTP bytes over every peer connection the page made, by kind and direction (getStats). */
async function rtpBytes(page: Page): Promise<RtpBytes> {
  return page.evaluate(async () => {
    const total = { audioIn: 0, videoIn: 0, audioOut: 0, videoOut: 0 };
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s: { type: string; kind?: string; bytesReceived?: number; bytesSent?: number }) => {
        const kind = s.kind === 'audio' ? 'audio' : 'video';
        if (s.type === 'inbound-rtp') total[`${kind}In`] += s.bytesReceived ?? 0;
        if (s.type === 'outbound-rtp') total[`${kind}Out`] += s.bytesSent ?? 0;
      });
    }
    return total;
  });
}

/** The connection states of the page's peer connections, in the order they were made. */
const connectionStates = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.map((pc) => pc.connectionState));

/** The page's peer connections that are connected (ICE and DTLS done). */
const connected = async (page: Page): Promise<number> => (await connectionStates(page)).filter((s) => s === 'connected').length;

const NOTHING: RtpBytes = { audioIn: 0, videoIn: 0, audioOut: 0, videoOut: 0 };

async function selectFromLobby(desk: Page, appointmentId: string): Promise<void> {
  const entry = desk.locator(`[data-testid="lobby-entry"][data-appointment-id="${appointmentId}"]`);
  await expect(entry.getByTestId('lobby-devices')).toHaveAttribute('data-ok', 'yes', { timeout: 15_000 });
  await entry.getByRole('button').click();
}

/** A citizen waiting, the desk on their appointment, and the call prepared: ICE and DTLS done on both pages. */
async function preparedCall(
  desk: Page,
  { hub, openApp, joinAs }: { hub: Parameters<typeof bookCallNow>[0]; openApp: (page: Page) => Promise<void>; joinAs: (link: string) => Promise<Page> },
): Promise<Page> {
  await desk.addInitScript(TRACK_PEER_CONNECTIONS);
  await openApp(desk);
  const { appointment, link } = bookCallNow(hub, { category: 1, interpreterNeeded: false });
  const citizen = await joinAs(link);
  await selectFromLobby(desk, appointment.id);
  await expect.poll(() => connected(desk), { timeout: 20_000 }).toBe(1);
  await expect.poll(() => connected(citizen), { timeout: 20_000 }).toBe(1);
  return citizen;
}

test.describe('the prepared call', () => {
  test('no audio or video flows either way before the click; after it, both ways, on the prepared connection', async ({ page: desk, joinAs, hub, openApp }) => {
    const citizen = await preparedCall(desk, { hub, openApp, joinAs });
    for (let i = 0; i < 4; i += 1) {
      expect(await rtpBytes(desk)).toEqual(NOTHING);
      expect(await rtpBytes(citizen)).toEqual(NOTHING);
      await citizen.waitForTimeout(1000);
    }
    await expect(citizen.getByTestId('lobby')).toContainText('Περιμένετε την κλήση');
    await expect(citizen.getByTestId('call')).toHaveCount(0);
    await expect(desk.getByTestId('call')).toHaveCount(0);

    await desk.getByTestId('start-call').click();
    await expect(citizen.getByTestId('call')).toBeVisible({ timeout: 15_000 });
    await expectRemoteVideo(desk, 'citizen');
    await expectRemoteVideo(citizen, 'employee');
    await expect.poll(async () => Math.min(...Object.values(await rtpBytes(desk))), { timeout: 15_000 }).toBeGreaterThan(1000);
    await expect.poll(async () => Math.min(...Object.values(await rtpBytes(citizen))), { timeout: 15_000 }).toBeGreaterThan(1000);
    // The call runs on the connection prepared before the click: no other one was made.
    expect(await connectionStates(citizen)).toEqual(['connected']);
    expect(await connectionStates(desk)).toEqual(['connected']);
  });

  test('the citizen’s picture at the desk, started small, reaches the camera’s full size within 5 s of the click', async ({
    page: desk,
    joinAs,
    hub,
    openApp,
  }) => {
    const citizen = await preparedCall(desk, { hub, openApp, joinAs });

    await desk.getByTestId('start-call').click();
    const clicked = Date.now();
    await expectRemoteVideo(desk, 'citizen');
    const video = desk.locator('[data-testid="remote-video"][data-role="citizen"] video');
    const size = (): Promise<string> => video.evaluate((v: HTMLVideoElement) => `${v.videoWidth}×${v.videoHeight}`);
    // What the citizen's camera gives (the fake camera: 1280×720 for the page's ideal).
    const camera = await citizen.evaluate(() => {
      const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
      const track = pcs.flatMap((pc) => pc.getSenders()).find((s) => s.track?.kind === 'video')?.track;
      const { width, height } = track?.getSettings() ?? {};
      return `${width}×${height}`;
    });
    expect(camera).toBe('1280×720');
    await expect.poll(size, { timeout: Math.max(100, clicked + 5000 - Date.now()), intervals: [100] }).toBe(camera);
  });

  test('a prepared citizen who is not called loses the connection: the desk moves on, or goes away', async ({
    page: desk,
    joinAs,
    hub,
    openApp,
    desk: deskProcess,
  }) => {
    await desk.addInitScript(TRACK_PEER_CONNECTIONS);
    await openApp(desk);
    const { appointment, link } = bookCallNow(hub, { category: 1, interpreterNeeded: false });
    const other = bookCallNow(hub, { category: 1, interpreterNeeded: false }, 10).appointment;
    const citizen = await joinAs(link);
    await selectFromLobby(desk, appointment.id);
    await expect.poll(() => connected(citizen), { timeout: 20_000 }).toBe(1);

    // The employee moves on to another appointment.
    await desk.locator(`[role="option"][data-appointment-id="${other.id}"]`).click();
    await expect.poll(async () => (await connectionStates(citizen)).filter((s) => s !== 'closed').length, { timeout: 15_000 }).toBe(0);
    await expect.poll(async () => (await connectionStates(desk)).filter((s) => s !== 'closed').length, { timeout: 15_000 }).toBe(0);
    await expect(citizen.getByTestId('lobby')).toBeVisible();

    // Back on the citizen: prepared again; then the desk goes away.
    await selectFromLobby(desk, appointment.id);
    await expect.poll(() => connected(citizen), { timeout: 20_000 }).toBe(1);
    expect(await rtpBytes(citizen)).toEqual(NOTHING);
    await deskProcess.stop();
    await expect.poll(async () => (await connectionStates(citizen)).filter((s) => s !== 'closed').length, { timeout: 15_000 }).toBe(0);
    await expect(citizen.getByTestId('lobby')).toBeVisible();
  });
  test('a citizen who comes back while the desk prepares is connected at once, even when the desk’s offer beats the hub’s answer to the page', async ({
    page: desk,
    browser,
    hub,
    openApp,
  }) => {
    await desk.addInitScript(TRACK_PEER_CONNECTIONS);
    await openApp(desk);
    const { appointment, link } = bookCallNow(hub, { category: 1, interpreterNeeded: false });

    // The citizen's socket, through the test: once asked, the hub's answer to room:join is held
    // back 2 s, so the desk's offer to the new connection reaches the page before it.
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, permissions: ['camera', 'microphone'] });
    let holdJoinAnswer = false;
    await context.routeWebSocket(/\/socket\.io\//, (page) => {
      const server = page.connectToServer();
      let joinAck: string | null = null;
      page.onMessage((message) => {
        const join = typeof message === 'string' ? /^42(\d+)\["room:join"/.exec(message) : null;
        if (join) joinAck = `43${join[1]}[`;
        server.send(message);
      });
      server.onMessage((message) => {
        if (holdJoinAnswer && joinAck && typeof message === 'string' && message.startsWith(joinAck)) setTimeout(() => page.send(message), 2000);
        else page.send(message);
      });
    });
    await context.addInitScript(TRACK_PEER_CONNECTIONS);
    const citizen = await context.newPage();
    const enterLobby = async (): Promise<void> => {
      await citizen.getByTestId('citizen-start').click();
      await expect(citizen.getByTestId('device-result-camera')).toHaveAttribute('data-result', 'ok', { timeout: 30_000 });
      await citizen.getByTestId('device-continue').click();
      await expect(citizen.getByTestId('lobby')).toBeVisible();
    };
    try {
      await citizen.goto(link);
      await enterLobby();
      await selectFromLobby(desk, appointment.id);
      await expect.poll(() => connected(citizen), { timeout: 20_000 }).toBe(1);

      holdJoinAnswer = true;
      await citizen.reload();
      // The page remembers its device check: it goes back to the lobby by itself.
      await expect(citizen.getByTestId('lobby')).toBeVisible({ timeout: 15_000 });
      // Without the early offer kept for it, the page waits for the desk's next one (20 s on).
      await expect.poll(() => connected(citizen), { timeout: 10_000 }).toBe(1);
      expect(await rtpBytes(citizen)).toEqual(NOTHING);
    } finally {
      await context.close();
    }
  });
});
