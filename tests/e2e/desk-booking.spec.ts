import type { Page } from '@playwright/test';
import { EMPLOYEE, expect, KEP, signIn, test } from './fixtures';

const SUPERVISOR = { username: 'nikos', name: 'Νίκος Οικονόμου' };
const CITIZEN = 'Γιώργος Αντωνίου';

/** Fills the dialog with the keyboard only, from its first field to the booking button. */
async function fillByKeyboard(page: Page): Promise<void> {
  const dialog = page.getByTestId('booking-dialog');
  await expect(dialog.getByLabel('Όνομα', { exact: true })).toBeFocused();
  await page.keyboard.type('Γιώργος');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Αντωνίου');
  await page.keyboard.press('Tab');
  await page.keyboard.type('123456789');
  // The AFM is checked as it is typed.
  await expect(dialog.getByText('Ο ΑΦΜ δεν είναι έγκυρος')).toBeVisible();
  await page.keyboard.press('Backspace');
  await page.keyboard.type('3');
  await expect(dialog.getByText('Ο ΑΦΜ δεν είναι έγκυρος')).toHaveCount(0);
  await page.keyboard.press('Tab');
  await page.keyboard.type('giorgos@example.com');
  await page.keyboard.press('Tab');
  await page.keyboard.type('210 1234567');
  await page.keyboard.press('Tab');
  await expect(dialog.getByTestId('booking-category-1')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(dialog.getByTestId('booking-category-1')).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(dialog.getByTestId('booking-service')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(dialog.getByTestId('booking-documents')).toBeVisible();
  await page.keyboard.press('Tab');
  await page.keyboard.type('Χρειάζεται το Ε9 για δήλωση.');
  await expect(dialog.getByTestId('booking-day')).toBeEnabled();
  await page.keyboard.press('Tab');
  await expect(dialog.getByTestId('booking-day')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(dialog.getByTestId('booking-time')).toBeEnabled();
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowDown');
  await expect(dialog.getByTestId('booking-time')).not.toHaveValue('');
}

test.describe('booking by phone at the desk', () => {
  test('an employee books by keyboard, sees it in the day; a supervisor sees who booked', async ({ page, hub, desk }) => {
    test.setTimeout(120_000);
    await page.goto(await desk.start(hub.url, hub.tokens[KEP.id] as string));
    await signIn(page, EMPLOYEE.username);
    await expect(page.getByTestId('user')).toContainText(EMPLOYEE.name);

    await page.getByTestId('open-booking').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Νέο ραντεβού για πολίτη (τηλεφωνικά)' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('booking-category-1')).toBeVisible({ timeout: 15_000 });
    // Escape closes it and gives the focus back to its button.
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('open-booking')).toBeFocused();
    await page.keyboard.press('Enter');

    await fillByKeyboard(page);
    const day = await page.getByTestId('booking-day').inputValue();
    await page.screenshot({ path: test.info().outputPath('booking-dialog-el.png') });
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('booking-delivery-email')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('booking-submit')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('booking-done')).toContainText('Το ραντεβού κλείστηκε');
    await page.screenshot({ path: test.info().outputPath('booking-done-el.png') });
    await page.keyboard.press('Enter');
    await expect(dialog).toHaveCount(0);

    // It arrives in the day through the hub's change feed.
    await page.locator(`.day-tab[data-date="${day}"]`).click();
    const row = page.getByRole('option').filter({ hasText: CITIZEN });
    await expect(row).toBeVisible({ timeout: 15_000 });
    // An employee's list has no who-booked marks.
    await expect(row.getByTestId('booked-by-mark')).toHaveCount(0);

    // The dialog in English.
    await page.getByLabel('Γλώσσα').selectOption('en');
    await page.getByTestId('open-booking').click();
    const english = page.getByRole('dialog', { name: 'New appointment for a citizen (by phone)' });
    await expect(english.getByTestId('booking-category-1')).toBeVisible();
    await english.getByTestId('booking-category-3').check();
    await expect(english.getByTestId('booking-interpreter')).toBeVisible();
    await english.getByTestId('booking-service').selectOption({ index: 1 });
    await english.getByTestId('booking-submit').click();
    await expect(english.getByTestId('booking-missing')).toContainText('Fill in:');
    await page.screenshot({ path: test.info().outputPath('booking-dialog-en.png') });
    await page.keyboard.press('Escape');
    await page.getByLabel('Language').selectOption('el');

    // A supervisor sees who booked, in the list and in the detail.
    await page.getByRole('button', { name: 'Αποσύνδεση' }).click();
    await signIn(page, SUPERVISOR.username);
    await expect(page.getByTestId('user')).toContainText(SUPERVISOR.name);
    await page.locator(`.day-tab[data-date="${day}"]`).click();
    const supervisorRow = page.getByRole('option').filter({ hasText: CITIZEN });
    await expect(supervisorRow.getByTestId('booked-by-mark')).toHaveText('Τηλ.');
    await supervisorRow.click();
    await expect(page.getByTestId('detail-booked-by')).toHaveText(`${EMPLOYEE.name} (τηλεφωνικά)`);
    await page.getByTestId('appointment-detail').screenshot({ path: test.info().outputPath('booked-by-detail.png') });
  });
});
