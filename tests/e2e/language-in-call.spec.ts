import type { Page } from '@playwright/test';
import { bookCallNow, expectMediaFlowing, startCall, test, TRACK_PEER_CONNECTIONS } from './call-fixtures';
import { expect } from './fixtures';

/** How many peer connections the page has made, and how many of them are still open. */
function peerConnections(page: Page): Promise<{ made: number; open: number }> {
  return page.evaluate(() => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
    return { made: pcs.length, open: pcs.filter((pc) => pc.connectionState !== 'closed').length };
  });
}

test.describe.configure({ timeout: 150_000 });

test('switching the language during a call keeps the call', async ({ page: desk, joinAs, hub, openApp }) => {
  await desk.addInitScript(TRACK_PEER_CONNECTIONS);
  await openApp(desk);
  const { appointment, link } = bookCallNow(hub, { category: 1, interpreterNeeded: false });
  const citizen = await joinAs(link);
  await startCall(desk, appointment.id);
  await expectMediaFlowing(desk);
  const before = await peerConnections(desk);
  expect(before.open).toBeGreaterThan(0);

  await desk.getByLabel('Γλώσσα').selectOption('en');
  await expect(desk.getByTestId('end-call')).toHaveText('End call');

  // A torn-down call closes its peer connections and makes new ones; a kept call does neither.
  await desk.waitForTimeout(3_000);
  expect(await peerConnections(desk)).toEqual(before);
  await expect(citizen.getByTestId('call')).toBeVisible();
  await expectMediaFlowing(desk);

  await desk.getByLabel('Language').selectOption('el');
  await expect(desk.getByTestId('end-call')).toHaveText('Τερματισμός κλήσης');
  await desk.waitForTimeout(1_000);
  expect(await peerConnections(desk)).toEqual(before);
});
