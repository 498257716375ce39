import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { PNG_1PX } from '../support/files';
import { bookCallNow, bytesReceived, expectMediaFlowing, expectRemoteVideo, test, TRACK_PEER_CONNECTIONS, withHubStore } from './call-fixtures';
import { join } from 'node:path';
import { APP_DATABASE_FILE } from '../../src-main/db/app-database';
import { openDatabase } from '../../src-main/db/open-database';
import { expect } from './fixtures';

/** The desk selects the waiting citizen from the lobby and starts the call. */
async function callFromLobby(desk: Page, appointmentId: string): Promise<void> {
  const entry = desk.locator(`[data-testid="lobby-entry"][data-appointment-id="${appointmentId}"]`);
  await expect(entry).toBeVisible({ timeout: 15_000 });
  await expect(entry.getByTestId('lobby-devices')).toHaveAttribute('data-ok', 'yes');
  await entry.getByRole('button').click();
  await desk.getByTestId('start-call').click();
  await expect(desk.getByTestId('call')).toBeVisible();
}

// Two or three Chromium contexts with live media, and a hub and an app process, on two cores.
test.describe.configure({ timeout: 150_000 });

test.describe('the call', () => {
  test('employee and citizen see and hear each other; mute, camera off, chat and a file reach the other side', async ({
    page: desk,
    joinAs,
    hub,
    openApp,
    desk: deskProcess,
  }) => {
    await desk.addInitScript(TRACK_PEER_CONNECTIONS);
    await openApp(desk);
    const { appointment, link } = bookCallNow(hub, { category: 1, interpreterNeeded: false });
    const citizen = await joinAs(link);
    await expect(citizen.getByTestId('lobby')).toContainText(
      new Intl.DateTimeFormat('el-GR', { timeZone: 'Europe/Athens', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
        new Date(appointment.startsAt),
      ),
    );

    await callFromLobby(desk, appointment.id);
    await expect(citizen.getByTestId('call')).toBeVisible({ timeout: 15_000 });
    await expectRemoteVideo(desk, 'citizen');
    await expectRemoteVideo(citizen, 'employee');
    await expectMediaFlowing(desk);
    await expectMediaFlowing(citizen);
    await expect(desk.getByTestId('quality').first()).toContainText(/ms/, { timeout: 10_000 });
    await desk.screenshot({ path: test.info().outputPath('desk-call.png') });
    await citizen.screenshot({ path: test.info().outputPath('citizen-call.png') });

    // Mute and camera off, seen by the other side.
    const remoteCitizen = desk.locator('[data-testid="remote-video"][data-role="citizen"]');
    await citizen.getByTestId('toggle-audio').click();
    await expect(remoteCitizen).toHaveAttribute('data-audio', 'off');
    await expect(remoteCitizen).toContainText('σε σίγαση');
    // The citizen's camera stays on until the identity check (tests/e2e/verification.spec.ts); the desk's can go off.
    await expect(citizen.getByTestId('toggle-video')).toBeDisabled();
    const remoteEmployee = citizen.locator('[data-testid="remote-video"][data-role="employee"]');
    await desk.getByTestId('toggle-video').click();
    await expect(remoteEmployee).toHaveAttribute('data-camera', 'off');
    await desk.getByTestId('toggle-audio').click();
    await expect(remoteEmployee).toHaveAttribute('data-audio', 'off');
    await desk.getByTestId('toggle-video').click();
    await expect(remoteEmployee).toHaveAttribute('data-camera', 'on');

    // Chat both ways.
    await desk.getByTestId('chat-input').fill('Καλημέρα σας, με ακούτε;');
    await desk.getByTestId('chat-input').press('Enter');
    await expect(citizen.locator('[data-testid="chat-message"][data-from-role="employee"]')).toContainText('Καλημέρα σας, με ακούτε;');
    await citizen.getByTestId('chat-input').fill('Ναι, σας ακούω.');
    await citizen.getByTestId('chat-send').click();
    await expect(desk.locator('[data-testid="chat-message"][data-from-role="citizen"]')).toContainText('Ναι, σας ακούω.');

    // A file from the citizen, kept with the appointment at the desk.
    await citizen.getByTestId('file-input').setInputFiles({ name: 'ταυτότητα.png', mimeType: 'image/png', buffer: PNG_1PX });
    await expect(desk.getByTestId('call-file')).toContainText('ταυτότητα.png', { timeout: 15_000 });
    await expect(citizen.getByTestId('file-status')).toHaveAttribute('data-state', 'sent');
    const [saved] = await Promise.all([desk.waitForEvent('download'), desk.getByTestId('call-file').getByRole('button').click()]);
    expect(saved.suggestedFilename()).toBe('ταυτότητα.png');
    expect(readFileSync((await saved.path())!).equals(PNG_1PX)).toBe(true);

    // End with an outcome: the citizen is told, the appointment is completed at the hub.
    await desk.getByTestId('end-call').click();
    await desk.getByLabel('Η υπόθεση εξυπηρετήθηκε').check();
    await desk.getByTestId('confirm-end').click();
    await expect(citizen.getByTestId('call-ended')).toBeVisible();
    await expect.poll(() => withHubStore(hub.dataDir, (store) => store.getAppointment(appointment.id)?.status), { timeout: 20_000 }).toBe('completed');

    // The desk's audit trail has the call, the file and the outcome, by this employee.
    const db = openDatabase(join(deskProcess.dataDir, APP_DATABASE_FILE), { readonly: true });
    try {
      const rows = db.prepare('SELECT kind, appointment_id AS appointmentId FROM audit_log ORDER BY seq').all() as Array<{
        kind: string;
        appointmentId: string | null;
      }>;
      expect(rows.filter((r) => r.appointmentId === appointment.id).map((r) => r.kind)).toEqual(['call.open', 'call.fileReceived', 'call.end']);
      expect(rows.map((r) => r.kind)).toContain('session.signIn');
    } finally {
      db.close();
    }
  });

  test('a broken peer connection is set up again, and a hub restart leaves the media flowing', async ({ page: desk, joinAs, hub, openApp }) => {
    await desk.addInitScript(TRACK_PEER_CONNECTIONS);
    await openApp(desk);
    const { appointment, link } = bookCallNow(hub, { category: 1, interpreterNeeded: false });
    const citizen = await joinAs(link);
    await callFromLobby(desk, appointment.id);
    await expectRemoteVideo(desk, 'citizen');

    // The desk's peer connection dies under it; a new one is signalled and the picture returns.
    const pcsBefore = await desk.evaluate(() => (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.length);
    await desk.evaluate(() => (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.forEach((pc) => pc.close()));
    await expect(desk.locator('[data-testid="remote-video"][data-role="citizen"]')).toHaveAttribute('data-state', 'reconnecting', { timeout: 10_000 });
    await expect
      .poll(() => desk.evaluate(() => (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.length), { timeout: 15_000 })
      .toBeGreaterThan(pcsBefore);
    await expect(desk.locator('[data-testid="remote-video"][data-role="citizen"]')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    await expectRemoteVideo(desk, 'citizen');
    await expectMediaFlowing(desk);
    await expectMediaFlowing(citizen);

    // The desk is muted through the restart: the citizen still sees it afterwards.
    await desk.getByTestId('toggle-audio').click();
    await expect(citizen.locator('[data-testid="remote-video"][data-role="employee"]')).toHaveAttribute('data-audio', 'off');

    // The hub goes away: the call says so, and media keeps flowing peer to peer.
    const port = Number(new URL(hub.url).port);
    await hub.stop();
    await expect(desk.getByTestId('call-hub-notice')).toBeVisible({ timeout: 15_000 });
    await expect(citizen.getByTestId('call-hub-notice')).toBeVisible({ timeout: 15_000 });
    await expectMediaFlowing(desk);
    await expectMediaFlowing(citizen);
    await desk.screenshot({ path: test.info().outputPath('desk-hub-down.png') });

    // Back on the same address: the desk re-opens the call, nobody's peer is replaced.
    const pcsDuring = await desk.evaluate(() => (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.length);
    await hub.start(port);
    await expect(desk.getByTestId('call-hub-notice')).toBeHidden({ timeout: 20_000 });
    await expect(citizen.getByTestId('call-hub-notice')).toBeHidden({ timeout: 20_000 });
    await desk.getByTestId('chat-input').fill('Είμαστε ξανά συνδεδεμένοι.');
    await desk.getByTestId('chat-send').click();
    await expect(citizen.locator('[data-testid="chat-message"][data-from-role="employee"]')).toContainText('Είμαστε ξανά', { timeout: 20_000 });
    await expectMediaFlowing(desk);
    await expect(citizen.locator('[data-testid="remote-video"][data-role="employee"]')).toHaveAttribute('data-audio', 'off');
    expect(await desk.evaluate(() => (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.length)).toBe(pcsDuring);
    expect(await bytesReceived(citizen)).toBeGreaterThan(0);
  });

  test('a sign-language interpreter joins a category 3 call as a third participant everyone sees', async ({ page: desk, joinAs, hub, openApp }) => {
    await desk.addInitScript(TRACK_PEER_CONNECTIONS);
    await openApp(desk);
    const { appointment, link } = bookCallNow(hub, { category: 3, interpreterNeeded: true });
    const citizen = await joinAs(link);
    await callFromLobby(desk, appointment.id);
    await expectRemoteVideo(desk, 'citizen');

    await desk.getByTestId('invite-interpreter').click();
    const invitation = await desk.getByTestId('interpreter-link').inputValue();
    expect(invitation).toMatch(/\/join#/);
    const interpreter = await joinAs(invitation);
    await expect(interpreter.getByTestId('call')).toBeVisible({ timeout: 15_000 });

    await expectRemoteVideo(desk, 'interpreter');
    await expectRemoteVideo(citizen, 'interpreter');
    await expectRemoteVideo(interpreter, 'employee');
    await expectRemoteVideo(interpreter, 'citizen');
    await expect(desk.getByTestId('remote-video')).toHaveCount(2);
    await expectMediaFlowing(interpreter);
    await desk.screenshot({ path: test.info().outputPath('desk-three.png') });
    await interpreter.screenshot({ path: test.info().outputPath('interpreter-three.png') });
  });
});

test('device settings show the camera and the microphone level, and remember the choice', async ({ page, hub, openApp, joinAs }) => {
  await openApp(page);
  const { appointment, link } = bookCallNow(hub, { category: 1, interpreterNeeded: false });
  await page.getByTestId('open-devices').click();
  const dialog = page.getByTestId('device-settings');
  await expect(dialog).toBeVisible();
  await expect.poll(() => dialog.locator('video').evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 10_000 }).toBeGreaterThan(0);
  // The fake microphone beeps for 20 ms every 500 ms: the meter moves for a reading or two (100 ms
  // each). Looked at every 50 ms: expect.poll's own steps grow to 1 s, a multiple of the beeps'
  // period, and then can fall in the silence between them at every try.
  await expect.poll(() => dialog.getByRole('meter').getAttribute('aria-valuenow').then(Number), { intervals: [50], timeout: 10_000 }).toBeGreaterThan(0);
  const microphone = dialog.getByTestId('device-microphoneId');
  const choice = await microphone.locator('option').nth(1).getAttribute('value');
  expect(choice).toBeTruthy();
  await microphone.selectOption(choice!);
  await page.screenshot({ path: test.info().outputPath('device-settings.png') });
  await dialog.getByTestId('device-save').click();
  await expect(dialog).toBeHidden();

  await page.reload();
  await page.getByTestId('open-devices').click();
  await expect(page.getByTestId('device-microphoneId')).toHaveValue(choice!);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('device-settings')).toBeHidden();

  // The lobby, as the employee sees it when a citizen arrives.
  await joinAs(link);
  await expect(page.locator(`[data-testid="lobby-entry"][data-appointment-id="${appointment.id}"]`)).toContainText('κάμερα και μικρόφωνο λειτουργούν');
  await page.screenshot({ path: test.info().outputPath('lobby.png') });
});
