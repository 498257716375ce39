import { describe, expect, it } from 'vitest';
import type { InboxErrorKind } from '../../hub/web/inbox';
import { createI18n as createPageI18n } from '../../hub/web/i18n/create-i18n';
import { el as pageEl } from '../../hub/web/i18n/el';
import { en as pageEn } from '../../hub/web/i18n/en';
import { verificationStateSchema } from '../../src-shared/contract/ipc';
import { FAIL_REASONS } from '../../src-shared/domain/verification';
import { ERROR_CODES, ERROR_REASONS } from '../../src-shared/errors';
import { createI18n } from '../../src-renderer/src/i18n/create-i18n';
import { el } from '../../src-renderer/src/i18n/el';
import { en } from '../../src-renderer/src/i18n/en';
import { createTranslate, type Dictionary, paramNames } from '../../src-web/i18n/translate';

const LANGUAGES = ['el', 'en'] as const;

/** Every key in both, every text non-empty, and each key's parameters the same in both. */
function expectSameShape(primary: Dictionary, other: Dictionary): void {
  expect(Object.keys(other).sort()).toEqual(Object.keys(primary).sort());
  for (const [key, message] of Object.entries(primary)) {
    const translated = other[key];
    if (translated === undefined) throw new Error(`${key} is missing`);
    for (const text of [message, translated].flatMap((m) => (typeof m === 'string' ? [m] : Object.values(m)))) {
      expect(text?.trim(), key).toBeTruthy();
    }
    expect({ key, params: paramNames(translated) }).toEqual({ key, params: paramNames(message) });
    expect({ key, plural: typeof translated === 'string' }).toEqual({ key, plural: typeof message === 'string' });
  }
}

describe('the i18n engine', () => {
  const dictionary = {
    files: { one: '{count} file in {place}', other: '{count} files in {place}' },
    greeting: 'Hello {name}',
  } as const;

  it('fills parameters and picks the plural form by the language rules', () => {
    const t = createTranslate<typeof dictionary>(dictionary, 'en-GB');
    expect(t('greeting', { name: 'Maria' })).toBe('Hello Maria');
    expect(t('files', { count: 1, place: 'the call' })).toBe('1 file in the call');
    expect(t('files', { count: 0, place: 'the call' })).toBe('0 files in the call');
    expect(t('files', { count: 2, place: 'the call' })).toBe('2 files in the call');
  });

  it('types the parameters of each message', () => {
    const t = createTranslate<typeof dictionary>(dictionary, 'en-GB');
    // @ts-expect-error a message with parameters needs them
    t('greeting');
    // @ts-expect-error a parameter the message does not have
    t('greeting', { nom: 'Maria' });
    // @ts-expect-error the plural count is a number
    t('files', { count: '2', place: 'x' });
    expect(t('files', { count: 3, place: 'x' })).toBe('3 files in x');
  });

  it('says "1 appointment", not "1 appointments"', () => {
    expect(createI18n('en').t('day.count', { count: 1 })).toBe('1 appointment');
    expect(createI18n('en').t('day.count', { count: 2 })).toBe('2 appointments');
    expect(createI18n('el').t('outbox.pending', { count: 1 })).toBe('Εκκρεμεί 1 αλλαγή προς αποστολή');
    expect(createI18n('el').t('outbox.pending', { count: 3 })).toBe('Εκκρεμούν 3 αλλαγές προς αποστολή');
    expect(createPageI18n('en', () => undefined).t('lobby.waitingFor', { count: 1 })).toBe('You have been waiting for 1 minute.');
    expect(createPageI18n('el', () => undefined).t('lobby.startsIn', { count: 5 })).toBe('Το ραντεβού αρχίζει σε 5 λεπτά.');
  });
});

describe('the dictionaries', () => {
  it('give the desk the same keys and parameters in Greek and English', () => expectSameShape(el, en));
  it('give the citizen page the same keys and parameters in Greek and English', () => expectSameShape(pageEl, pageEn));
});

describe('errors a person can read', () => {
  const ENGLISH = 'main-side English, for the log';

  it.each(LANGUAGES)('has a text for every error code and reason in %s, never main’s message', (language) => {
    const { errorText } = createI18n(language);
    const dictionary: Dictionary = language === 'el' ? el : en;
    for (const code of ERROR_CODES) {
      expect(dictionary[`error.${code}`], code).toBeTruthy();
      const text = errorText({ code, message: ENGLISH });
      expect(text.trim(), code).toBeTruthy();
      expect(text, code).not.toContain(ENGLISH);
      for (const reason of ERROR_REASONS) {
        expect(dictionary[`error.reason.${reason}`], reason).toBeTruthy();
        const withReason = errorText({ code, message: ENGLISH, reason });
        expect(withReason, reason).toBe(dictionary[`error.reason.${reason}`]);
      }
    }
  });

  it('shows the Greek text of a reason, not the code’s', () => {
    expect(createI18n('el').errorText({ code: 'locked', message: 'Video not live: frozen', reason: 'video.frozen' })).toBe(
      'Σε παύση: η εικόνα του πολίτη έχει παγώσει.',
    );
  });

  it.each(LANGUAGES)('has a text for every pause of the identity check and every fail reason in %s', (language) => {
    const dictionary: Dictionary = language === 'el' ? el : en;
    const pauses = verificationStateSchema.shape.video.shape.reason.unwrap().options;
    expect(pauses.length).toBeGreaterThan(0);
    for (const pause of pauses) expect(dictionary[`verification.paused.${pause}`], pause).toBeTruthy();
    for (const reason of FAIL_REASONS) expect(dictionary[`verification.reason.${reason}`], reason).toBeTruthy();
  });

  it.each(LANGUAGES)('has a text for every document error of the citizen page in %s', (language) => {
    const kinds = ['unauthorized', 'forbidden', 'expired', 'rate_limited', 'invalid', 'unavailable', 'network'] as const satisfies readonly InboxErrorKind[];
    // Fails to compile when inbox.ts gains a kind this list lacks.
    const complete: Exclude<InboxErrorKind, (typeof kinds)[number]> extends never ? true : false = true;
    expect(complete).toBe(true);
    const { t } = createPageI18n(language, () => undefined);
    for (const kind of kinds) expect(t(`docs.error.${kind}`).trim(), kind).toBeTruthy();
  });
});
