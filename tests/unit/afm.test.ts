import { describe, expect, it } from 'vitest';
import { afmCheckDigit, isValidAfm } from '../../src-shared/domain/afm';

describe('AFM', () => {
  it('accepts numbers whose check digit matches', () => {
    expect(afmCheckDigit('09000000')).toBe(((9 * 128) % 11) % 10);
    expect(isValidAfm(`09000000${((9 * 128) % 11) % 10}`)).toBe(true);
    expect(isValidAfm('123456783')).toBe(true);
  });

  it('rejects a wrong check digit, wrong length, letters and all zeros', () => {
    expect(isValidAfm('123456789')).toBe(false);
    expect(isValidAfm('12345678')).toBe(false);
    expect(isValidAfm('1234567833')).toBe(false);
    expect(isValidAfm('12345678a')).toBe(false);
    expect(isValidAfm(' 123456783')).toBe(false);
    expect(isValidAfm('000000000')).toBe(false);
  });

  it('maps a remainder of 10 to check digit 0', () => {
    // Find a body whose sum mod 11 is 10 and check the rule's second modulo.
    const body = Array.from({ length: 100000 }, (_, i) => String(i).padStart(8, '0')).find((b) => {
      let s = 0;
      for (let i = 0; i < 8; i++) s += Number(b[i]) * 2 ** (8 - i);
      return s % 11 === 10;
    });
    expect(body).toBeDefined();
    expect(afmCheckDigit(body as string)).toBe(0);
    expect(isValidAfm(`${body}0`)).toBe(true);
  });
});
