/**
 * `Content-Disposition: attachment` with the document's own name: Greek names go in the RFC 5987
 * `filename*` (UTF-8), and an ASCII `filename` is there for the rare client that ignores it.
 */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const fallback = /[A-Za-z0-9]/.test(ascii.replace(/\.pdf$/i, '')) ? ascii : 'document.pdf';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
