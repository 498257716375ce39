import { wellFormed } from '../../../src-shared/text/well-formed';

// Names are made well-formed when a dispatch is taken (documentNameSchema); this is for the rest
// (names stored before that), since `encodeURIComponent` throws on a lone surrogate.
export { wellFormed };

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
