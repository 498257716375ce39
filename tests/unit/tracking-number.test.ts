import { describe, expect, it } from 'vitest';
import { isValidTrackingNumber, normalizeTrackingNumber, s10CheckDigit } from '../../src-shared/domain/tracking-number';

describe('registered-mail tracking number (UPU S10)', () => {
  it('computes the check digit from the weighted serial', () => {
    // 1·8 + 2·6 + 3·4 + 4·2 + 5·3 + 6·5 + 7·9 + 8·7 = 204 = 18·11 + 6 → 11 − 6 = 5
    expect(s10CheckDigit('12345678')).toBe(5);
    expect(isValidTrackingNumber('RR123456785GR')).toBe(true);
    expect(isValidTrackingNumber('RE123456785GR')).toBe(true);
  });

  it('turns a check of 10 into 0 and a check of 11 into 5', () => {
    // 1·8 + 2·6 + 3·4 + 4·2 + 5·3 + 6·5 + 1·9 + 4·7 = 122 = 11·11 + 1 → 11 − 1 = 10 → 0
    expect(s10CheckDigit('12345614')).toBe(0);
    expect(isValidTrackingNumber('RR123456140GR')).toBe(true);
    expect(isValidTrackingNumber('RR123456141GR')).toBe(false);
    // 1·8 + 2·6 + 3·4 + 4·2 + 5·3 + 6·5 + 0·9 + 2·7 = 99 = 9·11 → 11 − 0 = 11 → 5
    expect(s10CheckDigit('12345602')).toBe(5);
    expect(isValidTrackingNumber('RR123456025GR')).toBe(true);
    expect(isValidTrackingNumber('RR123456020GR')).toBe(false);
    // All zeros: a sum of 0 is also a check of 11.
    expect(s10CheckDigit('00000000')).toBe(5);
  });

  it('catches a mistyped digit or two swapped neighbours', () => {
    expect(isValidTrackingNumber('RR123456784GR')).toBe(false);
    expect(isValidTrackingNumber('RR123456775GR')).toBe(false);
    expect(isValidTrackingNumber('RR213456785GR')).toBe(false);
  });

  it('accepts the number as people copy it: lower case, with spaces', () => {
    expect(normalizeTrackingNumber(' rr 123 456 785 gr ')).toBe('RR123456785GR');
    expect(normalizeTrackingNumber('RR\t123456785\nGR')).toBe('RR123456785GR');
    expect(isValidTrackingNumber('rr123456785gr')).toBe(true);
    expect(isValidTrackingNumber('RR 1234 5678 5 GR')).toBe(true);
  });

  it('rejects anything not shaped like S10', () => {
    for (const text of [
      '',
      'RR12345678GR',
      'RR1234567855GR',
      'R1123456785GR',
      'RR123456785G',
      'RR123456785G1',
      '12123456785GR',
      'RR-123456785-GR',
      'ΡΡ123456785GR',
    ]) {
      expect(isValidTrackingNumber(text), text).toBe(false);
    }
  });
});
