/**
 * A lone UTF-16 surrogate (half of a pair, without the other half). `encodeURIComponent` throws
 * on one, so it is replaced first. (`String.prototype.toWellFormed` does the same, but the
 * project's TypeScript library, ES2023, does not know it yet.)
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The string with every lone surrogate replaced by U+FFFD, as `toWellFormed` would. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * `Content-Disposition: attachment` with the document's own name: Greek names go in the RFC 5987
 * `filename*` (UTF-8), and an ASCII `filename` is there for the rare client that ignores it. The
 * fallback keeps only printable ASCII other than `"`, `\` and `%` (so no control characters, CR
 * or LF either: each becomes `_`), and is `document.pdf` when nothing readable is left. Never
 * throws, whatever the name.
 */
export function attachmentDisposition(name: string): string {
  const whole = wellFormed(name);
  const ascii = whole.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const fallback = /[A-Za-z0-9]/.test(ascii.replace(/\.pdf$/i, '')) ? ascii : 'document.pdf';
  const encoded = encodeURIComponent(whole).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
