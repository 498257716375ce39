import type { Page } from '@playwright/test';
import type { RoomMember } from '../../src-shared/protocol/signaling';
import { accessTokenFor, connectSocket, type HubSocket, roomStateWhere } from '../support/sockets';
import { joinUrl } from '../../src-shared/protocol/hub-api';
import { bookCallNow, withHubStore } from './call-fixtures';
import { expect, type HubProcess, KEP, test } from './fixtures';

/** A KEP workstation's live connection, as the desk app holds it: it is told who waits. */
async function deskSocket(hub: HubProcess): Promise<HubSocket> {
  const workstationToken = hub.tokens[KEP.id] as string;
  const accessToken = await withHubStore(hub.dataDir, (store) => accessTokenFor(store, workstationToken));
  return connectSocket(hub.url, { kind: 'workstation', workstationToken, accessToken });
}

async function newCitizenPage(page: Page): Promise<Page> {
  await page.context().grantPermissions(['camera', 'microphone']);
  return page;
}

test.describe('the citizen page', () => {
  test('opens from a join link in Greek, checks the devices, and waits where the KEP can see it', async ({ hub, page }) => {
    const { appointment, link } = bookCallNow(hub, { category: 1, interpreterNeeded: false }, 5);
    const desk = await deskSocket(hub);
    try {
      await newCitizenPage(page);
      await page.goto(link);
      // Greek by default, and the credential leaves the address bar at once.
      await expect(page.locator('html')).toHaveAttribute('lang', 'el');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Καλώς ήρθατε');
      await expect(page.getByText('Έχετε έτοιμη την αστυνομική σας ταυτότητα ή το διαβατήριό σας.')).toBeVisible();
      expect(new URL(page.url()).hash).toBe('');

      await page.getByTestId('citizen-start').click();
      await expect(page.getByTestId('device-result-camera')).toHaveAttribute('data-result', 'ok');
      await expect(page.getByTestId('device-result-microphone')).toHaveAttribute('data-result', 'ok');
      await expect(page.getByTestId('device-result-speaker')).toHaveAttribute('data-result', 'untested');
      await page.getByRole('button', { name: 'Ακούστε έναν δοκιμαστικό ήχο' }).click();
      await page.getByRole('button', { name: 'Ναι, τον άκουσα' }).click();
      await expect(page.getByTestId('device-result-speaker')).toHaveAttribute('data-result', 'ok');

      const waiting = roomStateWhere(desk, (s) => s.appointmentId === appointment.id && s.waiting.some((m) => m.devices !== null), 15_000);
      await page.getByTestId('device-continue').click();
      const lobby = page.getByTestId('lobby');
      await expect(lobby).toBeVisible();
      const athens = (iso: string): string =>
        new Intl.DateTimeFormat('el-GR', { timeZone: 'Europe/Athens', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
      await expect(page.getByTestId('appointment-time')).toContainText(`${athens(appointment.startsAt)} – ${athens(appointment.endsAt)}`);
      await expect(page.getByTestId('appointment-kep')).toHaveText(KEP.name);
      await expect(page.getByTestId('lobby-connection')).toHaveAttribute('data-state', 'connected');

      // The KEP sees the citizen waiting, with the device check as the page found it.
      const state = await waiting;
      const citizen = state.waiting.find((m) => m.role === 'citizen') as RoomMember;
      expect(citizen.devices).toEqual({ camera: 'ok', microphone: 'ok', speaker: 'ok' });
      expect(state.open).toBe(false);

      // A reload in the same tab goes straight back to waiting, with the same link.
      await page.reload();
      await expect(page.getByTestId('lobby-connection')).toHaveAttribute('data-state', 'connected');
    } finally {
      desk.close();
      // The page leaves before the hub stops: a hub stopping under a connected page that keeps
      // reconnecting takes many seconds to exit.
      await page.close();
    }
  });

  test('a link that is not valid is explained in plain words', async ({ hub, page }) => {
    await newCitizenPage(page);
    // No link at all.
    await page.goto(`${hub.url}/join`);
    await expect(page.getByTestId('page-error')).toContainText('Δεν βρέθηκε ο σύνδεσμος του ραντεβού σας');

    // A link the hub refuses (forged; too early or cancelled look the same to the page).
    await page.goto('about:blank');
    // Whole in shape (a join claim and a signature of full length), so only the hub can refuse it.
    await page.goto(joinUrl(hub.url, `eyJ0eXAiOiJqb2luIn0.${'bm90LWEtcmVhbC1zaWduYXR1cmU'.padEnd(43, 'A')}`));
    await page.getByTestId('citizen-start').click();
    await page.getByTestId('device-continue').click();
    const error = page.getByTestId('page-error');
    await expect(error).toContainText('Ο σύνδεσμος δεν λειτουργεί αυτή τη στιγμή');
    await expect(error).toContainText('15 λεπτά πριν από την ώρα του ραντεβού σας');
    await expect(page.getByTestId('lobby')).toHaveCount(0);
    await page.close(); // before the hub stops (see the first test)
  });

  test('a link cut short says so at once, before the device check', async ({ hub, page }) => {
    const { link } = bookCallNow(hub, { category: 1, interpreterNeeded: false }, 5);
    await newCitizenPage(page);
    await page.goto(link.slice(0, -6));
    const error = page.getByTestId('page-error');
    await expect(error).toContainText('Ο σύνδεσμος δεν είναι ολόκληρος');
    await expect(error).toContainText('αντιγράψτε τον ολόκληρο');
    await expect(page.getByTestId('citizen-start')).toHaveCount(0);
    await expect(page.getByTestId('device-continue')).toHaveCount(0);
    await page.close(); // before the hub stops (see the first test)
  });

  test('switches to English, and remembers it', async ({ hub, page }) => {
    const { link } = bookCallNow(hub, { category: 1, interpreterNeeded: false }, 5);
    await newCitizenPage(page);
    await page.goto(link);
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome');
    await expect(page.getByTestId('citizen-start')).toHaveText('Continue: check camera and sound');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome');
    await page.getByTestId('citizen-start').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Camera and sound check');
    await expect(page.getByTestId('device-result-camera')).toHaveText('Works');
    await page.getByTestId('device-continue').click();
    await expect(page.getByTestId('lobby')).toContainText('Waiting for the call');
    await expect(page.getByTestId('lobby-connection')).toContainText('You are connected');
    await page.close(); // before the hub stops (see the first test)
  });
});
