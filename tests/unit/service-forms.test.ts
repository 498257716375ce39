import { describe, expect, it } from 'vitest';
import { describeFormProblem, FORM_FIELDS, formProblem } from '../../src-shared/domain/service-forms';
import { CATEGORIES } from '../../src-shared/domain/services';

describe('service forms in the case record', () => {
  it('gives every category a form, with keys unique within it', () => {
    for (const c of CATEGORIES) {
      const keys = FORM_FIELDS[c].map((f) => f.key);
      expect(keys.length).toBeGreaterThan(0);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('accepts the form’s own fields, empty or well-formed', () => {
    expect(formProblem(1, { purpose: 'Για το Δημόσιο', copies: '2' })).toBeNull();
    expect(formProblem(2, { businessAfm: '123456783', gemiNumber: '' })).toBeNull();
    expect(formProblem(3, {})).toBeNull();
  });

  it('refuses unknown fields, non-numbers and invalid AFMs', () => {
    expect(describeFormProblem(formProblem(1, { gemiNumber: '1' })!)).toMatch(/not a field/);
    expect(describeFormProblem(formProblem(1, { copies: 'δύο' })!)).toMatch(/whole number/);
    expect(formProblem(2, { businessAfm: '123456789' })).toMatchObject({ key: 'businessAfm', problem: 'afm' });
  });
});
