import type { Page } from '@playwright/test';
import { bookCallNow, CHECK_ITEMS, startCall, test, withHubStore } from './call-fixtures';
import { expect } from './fixtures';

test.describe.configure({ timeout: 150_000 });

/** The citizen's picture stops reaching the desk (as with a covered or failed camera), or comes back. */
async function citizenVideo(citizen: Page, on: boolean): Promise<void> {
  await citizen.evaluate(async (on) => {
    const w = window as unknown as { __pcs: RTCPeerConnection[]; __track?: MediaStreamTrack | null };
    for (const pc of w.__pcs) {
      for (const sender of pc.getSenders()) {
        if (on && sender.track === null && w.__track) await sender.replaceTrack(w.__track);
        if (!on && sender.track?.kind === 'video') {
          w.__track = sender.track;
          await sender.replaceTrack(null);
        }
      }
    }
  }, on);
}

test('the identity check accepts ticks only while the citizen video arrives; passing it unlocks the case and frees the camera', async ({
  page: desk,
  joinAs,
  hub,
  openApp,
}) => {
  await openApp(desk);
  const { appointment, link } = bookCallNow(hub, { category: 1, interpreterNeeded: false });
  const citizen = await joinAs(link);
  await startCall(desk, appointment.id);

  // Before the check: the case is locked, and the citizen cannot turn the camera off.
  await expect(desk.getByTestId('case-panel')).toHaveAttribute('data-locked', 'yes');
  await expect(desk.getByTestId('case-locked')).toContainText('έλεγχος ταυτότητας');
  await expect(citizen.getByTestId('toggle-video')).toBeDisabled();
  await expect(citizen.getByTestId('camera-hint')).toHaveAttribute('data-optional', 'no');

  const check = desk.getByTestId('verification');
  await expect(check.getByTestId('verification-video')).toHaveAttribute('data-live', 'yes', { timeout: 15_000 });
  await check.getByTestId('check-face_visible').click();
  await expect(check.getByTestId('check-face_visible')).toBeChecked();

  // The picture stops: the checklist pauses and says so, and main refuses a tick.
  await citizenVideo(citizen, false);
  await expect(check.getByTestId('verification-video')).toHaveAttribute('data-live', 'no', { timeout: 15_000 });
  await desk.screenshot({ path: test.info().outputPath('verification-paused.png') });
  await check.getByTestId('check-id_front_back').click();
  await expect(check.getByTestId('verification-problem')).toBeVisible();
  await expect(check.getByTestId('check-id_front_back')).not.toBeChecked();

  await citizenVideo(citizen, true);
  await expect(check.getByTestId('verification-video')).toHaveAttribute('data-live', 'yes', { timeout: 15_000 });
  for (const item of CHECK_ITEMS.slice(1)) {
    await check.getByTestId(`check-${item}`).click();
    await expect(check.getByTestId(`check-${item}`)).toBeChecked();
  }
  await expect(check).toHaveAttribute('data-outcome', 'passed');

  // Passed: the citizen may go audio-only, and the case opens.
  await expect(citizen.getByTestId('camera-hint')).toHaveAttribute('data-optional', 'yes');
  await citizen.getByTestId('toggle-video').click();
  await expect(desk.locator('[data-testid="remote-video"][data-role="citizen"]')).toHaveAttribute('data-camera', 'off');
  await expect(desk.getByTestId('case-panel')).toHaveAttribute('data-locked', 'no');
  await desk.getByTestId('case-protocol').fill('4521/2026');
  await desk.getByTestId('case-form-copies').fill('δύο');
  await desk.getByTestId('case-save').click();
  await expect(desk.getByTestId('case-problem')).toContainText('δέχεται μόνο ακέραιο αριθμό');
  await desk.getByTestId('case-form-copies').fill('2');
  await desk.getByTestId('case-form-purpose').fill('Για υποβολή σε δημόσια υπηρεσία');
  await desk.getByTestId('case-status').selectOption('awaiting_document');
  await desk.getByTestId('case-save').click();
  await expect(desk.getByTestId('case-saved')).toBeVisible();
  await desk.screenshot({ path: test.info().outputPath('verification-passed.png') });
});

test('a failed identity check ends the appointment with its reason', async ({ page: desk, joinAs, hub, openApp }) => {
  await openApp(desk);
  const { appointment, link } = bookCallNow(hub, { category: 1, interpreterNeeded: false });
  const citizen = await joinAs(link);
  await startCall(desk, appointment.id);
  await desk.getByTestId('verification-fail').click();
  await desk.getByTestId('fail-reason').selectOption('document_not_accepted');
  await desk.getByTestId('confirm-fail').click();
  await expect(desk.getByTestId('verification')).toHaveAttribute('data-outcome', 'failed');
  await expect(citizen.getByTestId('call-ended')).toBeVisible({ timeout: 15_000 });
  await expect.poll(() => withHubStore(hub.dataDir, (store) => store.getAppointment(appointment.id)?.status), { timeout: 20_000 }).toBe('failed_verification');
  await expect(desk.getByTestId('case-locked')).toContainText('απέτυχε');
});
