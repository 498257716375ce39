/**
 * Greek tax number (ΑΦΜ): nine digits, the last a check digit over the first eight
 * (sum of digit·2^(8−i), mod 11, mod 10). All zeros passes the arithmetic but is never issued.
 */
export function isValidAfm(value: string): boolean {
  if (!/^\d{9}$/.test(value) || value === '000000000') return false;
  return afmCheckDigit(value.slice(0, 8)) === Number(value[8]);
}

export function afmCheckDigit(firstEight: string): number {
  if (!/^\d{8}$/.test(firstEight)) throw new RangeError('AFM body must be eight digits');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(firstEight[i]) * 2 ** (8 - i);
  return (sum % 11) % 10;
}
