import { describe, expect, it } from 'vitest';
import { el as pageEl } from '../../hub/web/i18n/el';
import { createI18n } from '../../src-renderer/src/i18n/create-i18n';
import { el } from '../../src-renderer/src/i18n/el';
import type { Dictionary } from '../../src-web/i18n/translate';

/** Plural messages of a dictionary: each needs its own form for one in Greek, or it reads «1 έγγραφα». */
function pluralKeys(dictionary: Dictionary): string[] {
  return Object.entries(dictionary)
    .filter(([, message]) => typeof message !== 'string')
    .map(([key]) => key);
}

describe('Greek texts read as Greek', () => {
  it('says one document in the singular when a dispatch is confirmed', () => {
    const { t } = createI18n('el');
    expect(t('dispatch.confirm.email', { count: 1, address: 'a@example.gr' })).toBe('Να σταλεί 1 έγγραφο με e-mail στο a@example.gr;');
    expect(t('dispatch.confirm.email', { count: 2, address: 'a@example.gr' })).toBe('Να σταλούν 2 έγγραφα με e-mail στο a@example.gr;');
    expect(t('dispatch.confirm.inbox', { count: 1 })).toBe('Να τοποθετηθεί 1 έγγραφο στη θυρίδα του πολίτη;');
  });

  it('gives every Greek plural message a form for one', () => {
    for (const dictionary of [el, pageEl] as Dictionary[]) {
      for (const key of pluralKeys(dictionary)) expect({ key, one: (dictionary[key] as { one?: string }).one !== undefined }).toEqual({ key, one: true });
    }
  });

  it('names the e-mail field in Greek, so an upper-case label does not read «EMAIL»', () => {
    expect(el['detail.email']).toBe('Ηλεκτρονικό ταχυδρομείο');
  });
});
