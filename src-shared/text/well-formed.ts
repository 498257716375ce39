/**
 * A lone UTF-16 surrogate (half of a pair, without the other half). Text with one cannot be
 * written as UTF-8: `encodeURIComponent` throws, and SQLite stores its three raw bytes, which
 * come back as three U+FFFD. (`String.prototype.toWellFormed` does the same replacement, but the
 * project's TypeScript library, ES2023, does not know it yet.)
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The string with every lone surrogate replaced by one U+FFFD, as `toWellFormed` would. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}
