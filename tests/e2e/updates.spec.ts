import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_VERSION } from '../../src-main/app/version';
import { runToEnd } from '../support/processes';
import { EMPLOYEE, expect, IT, KEP, PASSWORD, signIn, test } from './fixtures';

/** A version above the one this build runs, whatever package.json says. */
const NEXT_VERSION = `${Number(APP_VERSION.split('.')[0]) + 1}.0.0`;

test('an employee is told plainly that an update is ready and installs when the app closes', async ({ page, hub, desk }) => {
  // IT publishes a release to every desk of the stable channel with the hub's own CLI.
  const installer = join(hub.dataDir, 'kep-live-desk-next.AppImage');
  writeFileSync(installer, randomBytes(256 * 1024));
  await runToEnd('hub/src/cli.ts', [
    'release-publish',
    '--data-dir',
    hub.dataDir,
    '--file',
    installer,
    '--version',
    NEXT_VERSION,
    '--platform',
    'linux',
    '--channel',
    'stable',
    '--percent',
    '100',
  ]);

  // The desk checks the hub's feed at start, downloads and verifies the installer (never installs in the shell).
  await page.goto(await desk.start(hub.url, hub.tokens[KEP.id] as string, ['--self-update']));
  await signIn(page, EMPLOYEE.username);
  await expect(page.getByTestId('user')).toContainText(EMPLOYEE.name);
  const notice = page.getByTestId('update-notice');
  await expect(notice).toHaveText('Η ενημέρωση είναι έτοιμη· θα εγκατασταθεί όταν κλείσετε την εφαρμογή', { timeout: 30_000 });
  await page.screenshot({ path: test.info().outputPath('update-ready-employee.png') });

  // IT sees the same desk ready, in the panel and in the fleet.
  await page.getByRole('button', { name: 'Αποσύνδεση' }).click();
  await signIn(page, IT.username, PASSWORD);
  await expect(page.getByText(`η ${NEXT_VERSION} είναι έτοιμη για εγκατάσταση`)).toBeVisible();
  const fleet = page.getByTestId('fleet');
  // The desk reports its new state a couple of seconds after it changed; IT refreshes the table.
  await expect(async () => {
    await fleet.getByRole('button', { name: 'Ανανέωση' }).click();
    await expect(fleet.getByTestId('fleet-desk').first()).toContainText('Έτοιμη για εγκατάσταση', { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await page.screenshot({ path: test.info().outputPath('update-ready-it.png'), fullPage: true });
});
