import { describe, expect, it } from 'vitest';
import { utf8Text } from '../../src-main/text/utf8';

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
