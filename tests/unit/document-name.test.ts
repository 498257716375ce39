import { describe, expect, it } from 'vitest';
import { documentNameSchema } from '../../src-shared/protocol/dispatch';

const parse = (name: string) => documentNameSchema.safeParse(name);

describe('document names (PROTOCOL §5b.2)', () => {
  it('refuse every control character: C0, DEL and C1', () => {
    for (const code of [0x00, 0x09, 0x1f, 0x7f, 0x80, 0x85, 0x9b, 0x9f]) {
      const result = parse(`Βεβαίωση${String.fromCodePoint(code)}τελική.pdf`);
      expect(result.success, `U+${code.toString(16).padStart(4, '0')}`).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('A document name cannot contain slashes or control characters');
    }
  });

  it('keep the printable characters around them, Latin-1 and Greek included', () => {
    for (const name of ['report~1.pdf', 'Ä\u00a0é ¼.pdf', 'Βεβαίωση μόνιμης κατοικίας (τελική).pdf', 'ok \uD83D\uDE00.pdf']) {
      expect(parse(name)).toEqual({ success: true, data: name });
    }
  });

  it('turn each lone surrogate into one U+FFFD', () => {
    expect(parse('Βεβαίωση \uD800 τέλος.pdf').data).toBe('Βεβαίωση \uFFFD τέλος.pdf');
    expect(parse('\uDE00\uD83Dx.pdf').data).toBe('\uFFFD\uFFFDx.pdf');
    expect(parse(' a\uDC00.pdf ').data).toBe('a\uFFFD.pdf');
  });
});
