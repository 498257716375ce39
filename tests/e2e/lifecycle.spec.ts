import type { Page } from '@playwright/test';
import { bookAppointment } from '../support/booking';
import { withHubStore } from './call-fixtures';
import { expect, KEP, test } from './fixtures';

const row = (page: Page, id: string) => page.locator(`[data-appointment-id="${id}"]`);

test('a no-show is confirmed first, then can be undone, with focus on the next control each time', async ({ page, hub, openApp }) => {
  const late = withHubStore(hub.dataDir, (store) =>
    bookAppointment(store, KEP.id, -15, {
      citizen: { firstName: 'Ιωάννα', lastName: 'Καραγιάννη', afm: '123456783', email: null, phone: null, postalAddress: null },
    }),
  );
  await openApp(page);
  await row(page, late.id).click();
  await expect(row(page, late.id)).toHaveAttribute('data-state', 'window_open');

  await page.getByTestId('no-show').click();
  const confirm = page.getByTestId('no-show-confirm');
  await expect(confirm).toContainText('Να καταγραφεί ότι ο πολίτης δεν προσήλθε;');
  await expect(confirm.getByRole('button', { name: 'Επιβεβαίωση' })).toBeFocused();
  // «Άκυρο» records nothing.
  await confirm.getByRole('button', { name: 'Άκυρο' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(row(page, late.id)).toHaveAttribute('data-state', 'window_open');

  await page.getByTestId('no-show').click();
  await page.getByTestId('no-show-confirm').getByRole('button', { name: 'Επιβεβαίωση' }).click();
  await expect(row(page, late.id)).toHaveAttribute('data-state', 'no_show');
  await expect(page.getByTestId('detail-state')).toHaveText('Δεν προσήλθε');
  await expect(page.getByTestId('no-show-undo')).toBeFocused();
  await expect(page.getByTestId('start-call')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('no-show-recorded.png') });
  await expect.poll(() => withHubStore(hub.dataDir, (store) => store.getAppointment(late.id)?.status), { timeout: 10_000 }).toBe('no_show');

  await page.getByTestId('no-show-undo').click();
  await expect(page.getByTestId('no-show-undone')).toBeVisible();
  await expect(row(page, late.id)).toHaveAttribute('data-state', 'window_open');
  await expect(page.getByTestId('start-call')).toBeVisible();
  await expect.poll(() => withHubStore(hub.dataDir, (store) => store.getAppointment(late.id)?.status), { timeout: 10_000 }).toBe('booked');
  await page.screenshot({ path: test.info().outputPath('no-show-undone.png') });
});

test('a call that ended unfinished reads "needs follow-up" and offers neither a call nor a no-show', async ({ page, hub, openApp }) => {
  const unfinished = withHubStore(hub.dataDir, (store) => {
    const booked = bookAppointment(store, KEP.id, -12, {
      citizen: { firstName: 'Σπύρος', lastName: 'Αλεξίου', afm: '123456783', email: null, phone: null, postalAddress: null },
    });
    store.updateWork(booked, { callOutcome: 'incomplete', callEndedAt: new Date().toISOString() });
    return booked;
  });
  await openApp(page);
  await row(page, unfinished.id).click();
  await expect(row(page, unfinished.id)).toHaveAttribute('data-state', 'needs_follow_up');
  await expect(row(page, unfinished.id)).toContainText('Χρειάζεται συνέχεια');
  await expect(page.getByTestId('follow-up-note')).toBeVisible();
  await expect(page.getByTestId('start-call')).toHaveCount(0);
  await expect(page.getByTestId('no-show')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('needs-follow-up.png') });
});
