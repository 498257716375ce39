import { describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../src-shared/contract/ipc';
import { updateNotice, updateSummary } from '../../src-renderer/src/i18n/update-texts';
import { createI18n } from '../../src-renderer/src/i18n/create-i18n';

const idle: UpdateStatus = { state: 'idle', version: null, percent: null, message: null, checkedAt: null, installWindow: null, selfUpdating: true };
const el = createI18n('el');
const en = createI18n('en');

describe("the desk's update notice", () => {
  it('says nothing while idle or checking', () => {
    expect(updateNotice(idle, false, el.t)).toBeNull();
    expect(updateNotice({ ...idle, state: 'checking' }, true, el.t)).toBeNull();
  });

  it('shows the download with its percent', () => {
    expect(updateNotice({ ...idle, state: 'downloading', version: '1.5.0', percent: 42 }, false, en.t)).toBe('Downloading update 1.5.0: 42%');
  });

  it('tells the employee when a ready update installs: on closing, or after the window opens outside a call', () => {
    const ready: UpdateStatus = { ...idle, state: 'ready', version: '1.5.0', percent: 100 };
    expect(updateNotice(ready, false, el.t)).toBe('Η ενημέρωση είναι έτοιμη· θα εγκατασταθεί όταν κλείσετε την εφαρμογή');
    expect(updateNotice({ ...ready, installWindow: { from: '22:00', to: '06:00' } }, false, el.t)).toBe(
      'Η ενημέρωση είναι έτοιμη· θα εγκατασταθεί μετά τις 22:00, εκτός κλήσης',
    );
  });

  it('shows a failure to IT only', () => {
    const failed: UpdateStatus = { ...idle, state: 'error', version: '1.5.0', message: 'sha512 checksum mismatch' };
    expect(updateNotice(failed, false, el.t)).toBeNull();
    expect(updateNotice(failed, true, en.t)).toBe('Updating the app failed: sha512 checksum mismatch');
  });

  it("gives IT the version, the state, the last check and the updater's message", () => {
    const failed: UpdateStatus = { ...idle, state: 'error', version: '1.5.0', message: 'sha512 checksum mismatch', checkedAt: '2026-12-03T08:05:00.000Z' };
    expect(updateSummary('1.4.0', failed, en)).toBe('Version 1.4.0; error: sha512 checksum mismatch · last checked 03/12, 10:05');
    expect(updateSummary('1.4.0', idle, el)).toBe('Έκδοση 1.4.0· καμία ενημέρωση σε εκκρεμότητα · δεν έχει γίνει ακόμη έλεγχος');
  });

  it('says plainly when the build never updates itself, instead of "not checked yet"', () => {
    expect(updateSummary('0.1.0', { ...idle, selfUpdating: false }, el)).toBe(
      'Έκδοση 0.1.0· αυτή η εγκατάσταση (ανάπτυξη ή περιηγητής) δεν ενημερώνεται αυτόματα',
    );
  });
});
