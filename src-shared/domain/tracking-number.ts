/**
 * Registered-mail tracking numbers in the UPU S10 format that ELTA uses: two letters for the
 * service, eight digits, a check digit and the country, e.g. RE123456785GR. The check digit
 * catches a mistyped digit before the number goes on record.
 */
const S10 = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/;
const WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7] as const;

/** Upper-cases and drops spaces, as people copy the number off the receipt. */
export function normalizeTrackingNumber(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

export function s10CheckDigit(serial: string): number {
  const sum = [...serial].reduce((total, digit, i) => total + Number(digit) * WEIGHTS[i]!, 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 0 : check === 11 ? 5 : check;
}

export function isValidTrackingNumber(input: string): boolean {
  const match = S10.exec(normalizeTrackingNumber(input));
  return match !== null && s10CheckDigit(match[2]!) === Number(match[3]);
}
