import { describe, expect, it } from 'vitest';
import { utf8Bytes, utf8Text } from '../../src-main/text/utf8';

const GREEK = JSON.stringify({ subject: 'Βεβαίωση μόνιμης κατοικίας 🏠', citizen: 'Ελένη Παπαδοπούλου', afm: '123456783' });

describe('utf8Text', () => {
  it('reads UTF-8 (Greek, characters beyond U+FFFF) and ASCII as Node does', () => {
    expect(utf8Text(Buffer.from(GREEK))).toBe(GREEK);
    expect(utf8Text(Buffer.from('{"subject":"\\u0392 ok"}'))).toBe('{"subject":"\\u0392 ok"}');
    expect(utf8Text(Buffer.alloc(0))).toBe('');
  });

  it('reads bytes that are no UTF-8 as Node does: each bad sequence a U+FFFD, for a schema check to refuse', () => {
    for (const bytes of [
      [0x7b, 0xce, 0x92, 0xff, 0x7d], // an invalid byte
      [0x7b, 0xed, 0xa0, 0x80, 0x7d], // an encoded surrogate
      [0x7b, 0xce], // cut off in the middle of a character
      [0xc0, 0xaf], // an overlong encoding
    ]) {
      const buffer = Buffer.from(bytes);
      expect(utf8Text(buffer)).toBe(buffer.toString('utf8'));
    }
    expect(utf8Text(Buffer.from([0x7b, 0xce, 0x92, 0xff, 0x7d]))).toBe('{Β\ufffd}');
  });
});

describe('utf8Bytes', () => {
  it('writes a text as Node does, Greek and characters beyond U+FFFF included', () => {
    for (const text of [GREEK, 'plain ASCII', '', 'ünïcödé']) expect(utf8Bytes(text).equals(Buffer.from(text))).toBe(true);
    expect(utf8Text(utf8Bytes(GREEK))).toBe(GREEK);
  });

  it('writes a lone surrogate as Node does, as U+FFFD', () => {
    expect(utf8Bytes('a\ud800b').equals(Buffer.from('a\ud800b'))).toBe(true);
    expect(utf8Bytes('a\ud800b').toString('utf8')).toBe('a\ufffdb');
  });
});
