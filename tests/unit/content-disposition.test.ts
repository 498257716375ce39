import { validateHeaderValue } from 'node:http';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { attachmentDisposition, wellFormed } from '../../hub/src/http/content-disposition';
import { documentNameSchema } from '../../src-shared/protocol/dispatch';

/** The two names of a header value, the way a client reads them. */
function parse(header: string): { fallback: string; name: string } {
  const match = /^attachment; filename="([^"]*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+.^_`|~%-]+)$/.exec(header);
  if (!match) throw new Error(`Not the expected Content-Disposition: ${header}`);
  return { fallback: match[1]!, name: decodeURIComponent(match[2]!) };
}

/** Node's own check of a header value (it refuses CR, LF and other characters outside latin1). */
const expectValidHeader = (header: string): void => expect(() => validateHeaderValue('content-disposition', header)).not.toThrow();

describe('Content-Disposition of an inbox document', () => {
  it('keeps a plain ASCII name as it is', () => {
    const header = attachmentDisposition('certificate-2026.pdf');
    expect(header).toBe(`attachment; filename="certificate-2026.pdf"; filename*=UTF-8''certificate-2026.pdf`);
    expectValidHeader(header);
  });

  it('gives a Greek name in filename* and document.pdf as the fallback', () => {
    const name = 'Βεβαίωση μόνιμης κατοικίας (τελική).pdf';
    const header = attachmentDisposition(name);
    expect(parse(header)).toEqual({ fallback: 'document.pdf', name });
    // RFC 5987 attr-chars only: the brackets and the apostrophe are percent-encoded too.
    expect(header).toContain('%28%CF%84%CE%B5%CE%BB%CE%B9%CE%BA%CE%AE%29.pdf');
    expectValidHeader(header);
  });

  it('keeps quotes, backslashes, CR, LF and other control characters out of the fallback, and the name whole in filename*', () => {
    const name = 'a"b\\c\r\nSet-Cookie: x=1;d\te\x00f\x7f%20.pdf';
    const header = attachmentDisposition(name);
    const { fallback, name: decoded } = parse(header);
    expect(fallback).toBe('a_b_c__Set-Cookie: x=1;d_e_f__20.pdf');
    expect([...fallback].every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) <= 0x7e && c !== '"' && c !== '\\')).toBe(true);
    expect(decoded).toBe(name);
    expect(header).not.toMatch(/[\r\n]/);
    expectValidHeader(header);
  });

  it('keeps a semicolon inside the quoted fallback and percent-encodes it in filename*', () => {
    const header = attachmentDisposition('Αίτηση; τελική.pdf');
    expect(header).toContain("filename*=UTF-8''%CE%91%CE%AF%CF%84%CE%B7%CF%83%CE%B7%3B%20");
    expect(parse(header)).toEqual({ fallback: 'document.pdf', name: 'Αίτηση; τελική.pdf' });
    const mixed = attachmentDisposition('Αίτηση 12; final.pdf');
    expect(parse(mixed)).toEqual({ fallback: '______ 12; final.pdf', name: 'Αίτηση 12; final.pdf' });
    expectValidHeader(mixed);
  });

  it('does not throw on a lone UTF-16 surrogate: it becomes U+FFFD, and a whole pair is kept', () => {
    const lone = 'Βεβαίωση \uD800 τέλος.pdf';
    expect(() => encodeURIComponent(lone)).toThrow(URIError);
    const header = attachmentDisposition(lone);
    expect(parse(header).name).toBe('Βεβαίωση \uFFFD τέλος.pdf');
    expectValidHeader(header);

    const trailing = 'report\uDC00.pdf';
    expect(parse(attachmentDisposition(trailing))).toEqual({ fallback: 'report_.pdf', name: 'report\uFFFD.pdf' });
    expect(parse(attachmentDisposition('end\uD83D.pdf')).name).toBe('end\uFFFD.pdf');
    expect(parse(attachmentDisposition('\uDE00\uD83Dx.pdf')).name).toBe('\uFFFD\uFFFDx.pdf');

    const emoji = 'ok \uD83D\uDE00.pdf';
    expect(parse(attachmentDisposition(emoji))).toEqual({ fallback: 'ok __.pdf', name: emoji });
  });

  it('gives one U+FFFD per lone surrogate for a name that went through the hub’s store', () => {
    // SQLite keeps a lone surrogate's three UTF-8-like bytes, which come back as three U+FFFD:
    // the name is made well-formed when the dispatch is taken, before it is stored.
    const db = new Database(':memory:');
    try {
      db.exec('CREATE TABLE docs (name TEXT)');
      db.prepare('INSERT INTO docs VALUES (?)').run(documentNameSchema.parse('Βεβαίωση \uD800 x\uDC00.pdf'));
      const stored = db.prepare<[], { name: string }>('SELECT name FROM docs').get()!.name;
      expect(parse(attachmentDisposition(stored))).toEqual({ fallback: '________ _ x_.pdf', name: 'Βεβαίωση \uFFFD x\uFFFD.pdf' });
    } finally {
      db.close();
    }
  });

  it('replaces lone surrogates as String.prototype.toWellFormed does', () => {
    const samples = ['', 'plain', '\uD800', '\uDC00', '\uDC00\uD800', '\uD800\uDC00', 'a\uD83D\uDE00b\uD83Dc\uDE00', 'Ελληνικά\uDBFF'];
    const native = (String.prototype as { toWellFormed?: (this: string) => string }).toWellFormed;
    for (const sample of samples) {
      expect(wellFormed(sample)).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      if (native) expect(wellFormed(sample)).toBe(native.call(sample));
    }
    expect(wellFormed('a\uD800b')).toBe('a\uFFFDb');
  });
});
