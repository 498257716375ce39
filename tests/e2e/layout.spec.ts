import type { Page } from '@playwright/test';
import type { Language } from '../../src-shared/contract/ipc';
import { el } from '../../src-renderer/src/i18n/el';
import { en } from '../../src-renderer/src/i18n/en';
import { PNG_1PX } from '../support/files';
import { bookCallNow, passIdentityCheck, startCall, test } from './call-fixtures';
import { EMPLOYEE, expect, IT, KEP, PASSWORD } from './fixtures';

test.describe.configure({ timeout: 240_000 });

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1024, height: 768 },
  { width: 1400, height: 900 },
] as const;
const TEXTS = { el, en } as const;
/** A small but real PDF, as a KEP's document system would issue it. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/**
 * What sticks out sideways on the page: the document wider than the window, an element reaching
 * past the window's right edge, or a panel whose content is wider than the panel (it would scroll
 * or cut sideways). Text cut on purpose with an ellipsis is not overflow.
 */
function sidewaysOverflow(): string[] {
  const describe = (e: Element): string =>
    `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : ''}${e.getAttribute('data-testid') ? `[${e.getAttribute('data-testid')}]` : ''}`;
  const problems: string[] = [];
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth > width) problems.push(`document ${document.documentElement.scrollWidth} > ${width}`);
  for (const e of document.querySelectorAll('body *')) {
    const style = getComputedStyle(e);
    if (style.visibility === 'hidden' || style.clip !== 'auto') continue;
    const box = e.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (e.closest('.visually-hidden, .category-name, [hidden]')) continue;
    if (box.right > width + 1) problems.push(`${describe(e)} reaches ${Math.round(box.right)} > ${width}`);
    const clips = ['hidden', 'auto', 'scroll'].includes(style.overflowX);
    if (clips && style.textOverflow !== 'ellipsis' && e.scrollWidth > e.clientWidth + 1) {
      problems.push(`${describe(e)} holds ${e.scrollWidth} in ${e.clientWidth}`);
    }
  }
  return problems;
}

/** The screen at each size: nothing overflows sideways, and a screenshot of each to look at. */
async function checkScreen(page: Page, name: string, language: Language): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    // One frame for the layout to follow the new size.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.screenshot({ path: test.info().outputPath(`${name}-${size.width}-${language}.png`) });
    expect.soft(await page.evaluate(sidewaysOverflow), `${name} at ${size.width}×${size.height} in ${language}`).toEqual([]);
    expect.soft(await page.evaluate(() => window.scrollY), `${name}: the window itself never scrolls`).toBe(0);
  }
  await page.setViewportSize(SIZES[0]);
}

async function signInAs(page: Page, language: Language, username: string): Promise<void> {
  const t = TEXTS[language];
  await page.getByLabel(t['signIn.username']).fill(username);
  await page.getByLabel(t['signIn.password']).fill(PASSWORD);
  await page.getByRole('button', { name: t['signIn.submit'], exact: true }).click();
}

async function signOut(page: Page, language: Language): Promise<void> {
  await page.getByRole('button', { name: TEXTS[language]['session.signOut'] }).click();
  await expect(page.getByRole('heading', { name: TEXTS[language]['signIn.title'], exact: true })).toBeVisible();
}

/** Chosen on the sign-in screen itself, before anyone signs in. */
async function chooseLanguage(page: Page, language: Language): Promise<void> {
  await page.getByLabel(el['language.label']).selectOption(language);
  await expect(page.getByRole('heading', { name: TEXTS[language]['signIn.title'], exact: true })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

for (const language of ['el', 'en'] as const) {
  const t = TEXTS[language];

  test(`enrolment fits every size, with the language chosen first (${language})`, async ({ page, desk }) => {
    await page.setViewportSize(SIZES[0]);
    await page.goto(await desk.start('', ''));
    await expect(page.getByRole('heading', { name: el['enrol.title'] })).toBeVisible();
    await page.getByLabel(el['language.label']).selectOption(language);
    await expect(page.getByRole('heading', { name: t['enrol.title'] })).toBeVisible();
    await expect(page.getByText(t['app.state'])).toBeVisible();
    await page.getByRole('button', { name: t['enrol.submit'] }).click();
    await checkScreen(page, 'enrol', language);
  });

  test(`every desk screen fits 1366, 1024 and 1400 wide without sideways scrolling (${language})`, async ({ page: desk, hub, desk: app, joinAs }) => {
    await desk.setViewportSize(SIZES[0]);
    await desk.goto(await app.start(hub.url, hub.tokens[KEP.id] as string));
    await chooseLanguage(desk, language);
    await expect(desk.getByText(t['app.state'])).toBeVisible();
    await checkScreen(desk, 'sign-in', language);

    const { appointment, link } = bookCallNow(hub, {
      category: 1,
      interpreterNeeded: false,
      deliveryMethod: 'post',
      citizen: {
        firstName: 'Αικατερίνη',
        lastName: 'Παπαδημητροπούλου-Χατζηγεωργίου',
        afm: '123456783',
        email: 'katerina@example.com',
        phone: null,
        postalAddress: 'Λεωφόρος Βασιλίσσης Σοφίας 125, 115 21 Αθήνα',
      },
    });
    await signInAs(desk, language, EMPLOYEE.username);
    await expect(desk.getByTestId('user')).toContainText(EMPLOYEE.name);
    // Signed in: the focus is on the day, not lost on the page.
    await expect(desk.locator('#day-heading')).toBeFocused();

    // "All / Mine" is one Tab stop; the arrow keys choose.
    const all = desk.getByRole('radio', { name: t['filter.all'] });
    const mine = desk.getByRole('radio', { name: t['filter.mine'] });
    await all.focus();
    await desk.keyboard.press('ArrowRight');
    await expect(mine).toBeFocused();
    await expect(mine).toHaveAttribute('aria-checked', 'true');
    await expect(all).toHaveAttribute('tabindex', '-1');
    await desk.keyboard.press('ArrowLeft');
    await expect(all).toHaveAttribute('aria-checked', 'true');
    await desk.keyboard.press('Tab');
    await expect(mine).not.toBeFocused();
    await expect(all).not.toBeFocused();

    await desk.locator(`[data-appointment-id="${appointment.id}"]`).click();
    await expect(desk.getByTestId('appointment-detail')).toBeVisible();
    await checkScreen(desk, 'day', language);

    const citizen = await joinAs(link);
    await startCall(desk, appointment.id);
    await expect(desk.getByRole('heading', { name: t['call.heading'].replace('{name}', 'Αικατερίνη Παπαδημητροπούλου-Χατζηγεωργίου') })).toBeFocused();
    const check = desk.getByTestId('verification');
    await expect(check.getByTestId('verification-video')).toHaveAttribute('data-live', 'yes', { timeout: 15_000 });
    // The picture and the checklist are in view together, without scrolling.
    await expect(desk.locator('[data-testid="remote-video"][data-role="citizen"]')).toBeInViewport();
    await expect(check.getByTestId('check-face_visible')).toBeInViewport();
    await checkScreen(desk, 'call', language);

    // A file from the citizen: the notice says so in the desk's language, then goes.
    await citizen.getByTestId('file-input').setInputFiles({ name: 'ταυτότητα-πίσω-όψη-σκαναρισμένη.png', mimeType: 'image/png', buffer: PNG_1PX });
    const notice = desk.getByTestId('call-notice');
    await expect(notice).toHaveText(new RegExp(t['call.fileReceived'].split('{name}')[0]!), { timeout: 15_000 });
    await expect(notice).toHaveAttribute('role', 'status');
    if (language === 'el') {
      await desk.getByTestId('call-notice-dismiss').click();
      await expect(notice).toHaveCount(0);
    } else {
      await expect(notice).toHaveCount(0, { timeout: 15_000 });
    }

    await check.getByTestId('verification-fail').click();
    await expect(check.getByTestId('fail-reason')).toBeVisible();
    // Brought into view by scrolling its own panel: the window (and the header) stay put.
    const keepChecking = desk.getByRole('button', { name: t['verification.keepChecking'] });
    await keepChecking.scrollIntoViewIfNeeded();
    await expect(keepChecking).toBeInViewport();
    await expect(desk.getByTestId('user')).toBeInViewport();
    await checkScreen(desk, 'call-fail-form', language);
    await desk.getByRole('button', { name: t['verification.keepChecking'] }).click();

    await passIdentityCheck(desk);
    // A registered letter needs the case's protocol number.
    await desk.getByTestId('case-protocol').fill('4521/2026');
    await desk.getByTestId('case-save').click();
    await expect(desk.getByTestId('case-saved')).toBeVisible();
    const panel = desk.getByTestId('dispatch-panel');
    await panel
      .getByTestId('attach-document')
      .setInputFiles({ name: 'Πιστοποιητικό οικογενειακής κατάστασης με μακρύ όνομα.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect(panel.getByTestId('case-document')).toBeVisible();
    await panel.getByTestId('channel-post').click();
    await panel.getByTestId('dispatch-send').click();
    await desk.getByTestId('dispatch-confirm-yes').click();
    const post = panel.locator('[data-testid="dispatch-item"][data-channel="post"]');
    await expect(post).toHaveAttribute('data-state', 'queued', { timeout: 20_000 });
    await post.getByTestId('record-posting').scrollIntoViewIfNeeded();
    await checkScreen(desk, 'call-post', language);

    await desk.getByTestId('end-call').click();
    await desk.getByTestId('confirm-end').click();
    // Back at the day, on the appointment just served.
    await expect(desk.getByRole('listbox')).toBeFocused();
    await expect(desk.getByRole('listbox')).toHaveAttribute('aria-activedescendant', `appointment-${appointment.id}`);

    await signOut(desk, language);
    await signInAs(desk, language, 'nikos');
    await desk.locator('.list-row.status-booked').first().click();
    await desk.getByRole('button', { name: t['work.reschedule'] }).click();
    await expect(desk.getByLabel(t['work.newDate'])).toBeVisible();
    await checkScreen(desk, 'supervisor-reschedule', language);
    await desk.getByTestId('view-stats').click();
    await checkScreen(desk, 'supervisor-stats', language);

    await signOut(desk, language);
    await signInAs(desk, language, IT.username);
    await expect(desk.getByRole('heading', { name: t['it.title'] })).toBeVisible();
    await checkScreen(desk, 'it', language);
  });
}
