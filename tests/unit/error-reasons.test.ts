import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_REASONS } from '../../src-shared/errors';

// Read as text: the renderer's dictionaries are outside main's type-checked project.
const dictionary = (language: 'el' | 'en'): string => readFileSync(new URL(`../../src-renderer/src/i18n/${language}.ts`, import.meta.url), 'utf8');

describe('error reasons', () => {
  it('each has its text for people in Greek and in English', () => {
    for (const language of ['el', 'en'] as const) {
      const text = dictionary(language);
      for (const reason of ERROR_REASONS) expect(text, `${language}: ${reason}`).toContain(`'error.reason.${reason}':`);
    }
  });
});
