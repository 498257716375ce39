/**
 * Semantic-version order (semver.org §11) for the versions appVersionSchema admits: numbers
 * compare as numbers, a pre-release comes before its release, and pre-release identifiers
 * compare numerically when both are numbers, else as text.
 */
export function compareVersions(a: string, b: string): number {
  const [coreA = '', preA] = splitAt(a);
  const [coreB = '', preB] = splitAt(b);
  const numbersA = coreA.split('.').map(Number);
  const numbersB = coreB.split('.').map(Number);
  for (let i = 0; i < 3; i += 1) {
    const difference = (numbersA[i] ?? 0) - (numbersB[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  if (preA === undefined || preB === undefined) return preA === preB ? 0 : preA === undefined ? 1 : -1;
  const idsA = preA.split('.');
  const idsB = preB.split('.');
  for (let i = 0; i < Math.min(idsA.length, idsB.length); i += 1) {
    const order = compareIdentifiers(idsA[i] as string, idsB[i] as string);
    if (order !== 0) return order;
  }
  return Math.sign(idsA.length - idsB.length);
}

function splitAt(version: string): [string, string | undefined] {
  const dash = version.indexOf('-');
  return dash === -1 ? [version, undefined] : [version.slice(0, dash), version.slice(dash + 1)];
}

function compareIdentifiers(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) return Math.sign(Number(a) - Number(b));
  if (numeric.test(a) !== numeric.test(b)) return numeric.test(a) ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
