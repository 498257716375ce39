import { failingUpdateReport, postFleetReport } from '../support/fleet';
import { EMPLOYEE, expect, IT, KEP, PASSWORD, signIn, test } from './fixtures';

test('IT enrols a new workstation with a one-time code, then the employee signs in', async ({ page, hub, desk }) => {
  await page.goto(await desk.start('', ''));
  await expect(page.getByRole('heading', { name: 'Εγγραφή σταθμού εργασίας' })).toBeVisible();

  // Mistakes get clear answers.
  await page.getByRole('button', { name: 'Εγγραφή' }).click();
  await expect(page.getByText('Συμπληρώστε αυτό το πεδίο.')).toHaveCount(3);
  await page.getByLabel('Διεύθυνση κόμβου').fill('hub.kep.gov.gr');
  await page.getByLabel('Κωδικός εγγραφής').fill('AAAA-BBBB-CCCC');
  await page.getByLabel('Όνομα σταθμού').fill('Γκισέ 2');
  await page.getByRole('button', { name: 'Εγγραφή' }).click();
  await expect(page.getByText('Γράψτε την πλήρη διεύθυνση του κόμβου, π.χ. https://hub.kep.gov.gr')).toBeVisible();
  // A hub across the network only over https: the credential and passwords never travel in clear.
  await page.getByLabel('Διεύθυνση κόμβου').fill('http://hub.kep.gov.gr');
  await page.getByRole('button', { name: 'Εγγραφή' }).click();
  await expect(page.getByText(/πρέπει να ξεκινά με https:\/\//)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('enrol-cleartext.png') });
  await page.getByLabel('Διεύθυνση κόμβου').fill(hub.url);
  await page.getByRole('button', { name: 'Εγγραφή' }).click();
  await expect(page.getByRole('alert')).toContainText('Ο κωδικός εγγραφής δεν είναι έγκυρος ή έχει ήδη χρησιμοποιηθεί');
  await page.screenshot({ path: test.info().outputPath('enrol-error.png') });

  await page.getByLabel('Κωδικός εγγραφής').fill(await hub.enrolmentCode(KEP.id));
  await page.getByRole('button', { name: 'Εγγραφή' }).click();

  await expect(page.getByRole('heading', { name: 'Είσοδος' })).toBeVisible();
  // No OS keychain in this shell: the workstation says where its credential is kept.
  await expect(page.getByTestId('credential-warning')).toBeVisible();
  await signIn(page, EMPLOYEE.username, 'not the password');
  await expect(page.getByRole('alert')).toHaveText('Λάθος όνομα χρήστη ή κωδικός πρόσβασης.');
  await page.screenshot({ path: test.info().outputPath('sign-in-error.png') });
  await signIn(page, EMPLOYEE.username);
  await expect(page.getByTestId('user')).toContainText(EMPLOYEE.name);
  await expect(page.getByTestId('kep-name')).toHaveText(KEP.name);
  await expect(page.getByRole('listbox').getByRole('option').first()).toBeVisible();
});

test('IT staff see the workstation, not the citizens', async ({ page, hub, desk }) => {
  await page.goto(await desk.start(hub.url, hub.tokens[KEP.id] as string));
  await signIn(page, IT.username, PASSWORD);
  await expect(page.getByRole('heading', { name: 'Ρυθμίσεις σταθμού εργασίας' })).toBeVisible();
  await expect(page.getByText('Ορίζονται στο αρχείο ρυθμίσεων του σταθμού')).toBeVisible();
  await expect(page.getByRole('listbox')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('it-panel.png') });
});

test('IT staff see the KEP’s desks: versions, and a desk whose update fails', async ({ page, hub, desk }) => {
  // A second desk of the KEP, enrolled over the hub's API, whose updater keeps failing.
  const enrol = await fetch(`${hub.url}/api/v1/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: await hub.enrolmentCode(KEP.id), label: 'Γκισέ 2' }),
  });
  const { workstationToken } = (await enrol.json()) as { workstationToken: string };
  expect(await postFleetReport(hub.url, workstationToken, failingUpdateReport())).toBe(200);

  await page.goto(await desk.start(hub.url, hub.tokens[KEP.id] as string));
  await signIn(page, IT.username, PASSWORD);
  const fleet = page.getByTestId('fleet');
  await expect(fleet.getByRole('heading', { name: 'Σταθμοί του ΚΕΠ' })).toBeVisible();
  const failing = fleet.getByTestId('fleet-desk').filter({ hasText: 'Γκισέ 2' });
  await expect(failing).toContainText('1.3.0');
  await expect(failing).toContainText('Σφάλμα');
  await expect(failing).toContainText('η ενημέρωση αποτυγχάνει');

  // Adoption over time: today, one desk on each version, drawn and as a table.
  const adoption = fleet.getByTestId('fleet-adoption');
  await expect(adoption.getByRole('img')).toHaveAccessibleName(/Σταθμοί που ανέφεραν την έκδοσή τους στις .*: 2\./);
  await adoption.getByText('Τα στοιχεία σε πίνακα').click();
  await expect(adoption.getByRole('columnheader')).toHaveText(['Ημέρα', '1.3.0', '0.1.0']);
  await expect(adoption.getByRole('row').nth(1).getByRole('cell')).toHaveText(['1', '1']);
  await fleet.screenshot({ path: test.info().outputPath('it-fleet.png') });
});
