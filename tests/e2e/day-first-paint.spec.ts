import type { Page } from '@playwright/test';
import { formatAthensDate } from '../../src-shared/domain/athens-time';
import { EMPLOYEE, expect, KEP, signIn, test } from './fixtures';

/**
 * What the day shows while main is still answering day.get, after a sign-in and after a reload:
 * nothing that says something untrue. A note that the day is empty (or was never synced), or a
 * count of 0, drawn before the day's rows arrive, is a flash of a wrong answer on a day that has
 * appointments.
 * Watched from before the page's own scripts, on every navigation, so no frame escapes it.
 */
const WATCH_EMPTY_NOTE = `(() => {
  const seen = [];
  Object.defineProperty(window, '__emptyNotes', { value: seen });
  new MutationObserver(() => {
    const note = document.querySelector('[data-testid="day-empty"]');
    if (note && !seen.includes(note.textContent)) seen.push(note.textContent);
    // The heading's count and the filters' count (an aria-live region: a screen reader says it).
    for (const count of document.querySelectorAll('.day-count, .filter-count')) {
      if (/^0\\D/.test(count.textContent) && !seen.includes(count.textContent)) seen.push(count.textContent);
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
})();`;

const rows = (page: Page) => page.getByRole('listbox', { name: 'Ραντεβού της ημέρας' }).getByRole('option');
const emptyNotes = (page: Page): Promise<string[]> => page.evaluate('window.__emptyNotes') as Promise<string[]>;

test('a day with appointments never says it is empty while it loads, signed in or reloaded', async ({ page, hub, desk }) => {
  const expected = await hub.appointments(KEP.id, formatAthensDate(new Date()));
  expect(expected.length).toBeGreaterThan(0);
  await page.context().addInitScript(WATCH_EMPTY_NOTE);
  await page.goto(await desk.start(hub.url, hub.tokens[KEP.id] as string));
  // The KEP's name comes with the first sync: from then on the cache holds the day.
  await page.getByText(KEP.name).first().waitFor();
  await signIn(page, EMPLOYEE.username);
  await expect(rows(page)).toHaveCount(expected.length);
  expect(await emptyNotes(page)).toEqual([]);

  await page.reload();
  await expect(rows(page)).toHaveCount(expected.length);
  expect(await emptyNotes(page)).toEqual([]);
});
