import { describe, expect, it } from 'vitest';
import { jsonNestingExceeds, MAX_JSON_DEPTH, payloadShapeProblem } from '../../hub/src/limits/payload-shape';
import { seededRandom } from '../support/seeded-random';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');
const nested = (depth: number, open = '[', close = ']'): string => `${open.repeat(depth)}${close.repeat(depth)}`;

/** The depth JSON.parse sees, measured the slow way (fine for the small values of the property test). */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

describe('the JSON nesting scan', () => {
  it('allows exactly the limit and refuses one level more, arrays and objects alike', () => {
    expect(jsonNestingExceeds(bytes(nested(MAX_JSON_DEPTH)))).toBe(false);
    expect(jsonNestingExceeds(bytes(nested(MAX_JSON_DEPTH + 1)))).toBe(true);
    const objects = (depth: number): string => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
    expect(jsonNestingExceeds(bytes(objects(MAX_JSON_DEPTH)))).toBe(false);
    expect(jsonNestingExceeds(bytes(objects(MAX_JSON_DEPTH + 1)))).toBe(true);
    expect(jsonNestingExceeds(bytes(nested(1_000_000)))).toBe(true);
  });

  it('reads brackets inside strings as text, escaped quotes and backslashes included', () => {
    expect(jsonNestingExceeds(bytes(JSON.stringify({ a: '['.repeat(100) })))).toBe(false);
    expect(jsonNestingExceeds(bytes(JSON.stringify({ a: '\\"[[[[', b: '\\', c: '"'.repeat(40) + '['.repeat(40) })))).toBe(false);
    // The string ends at the quote after an even run of backslashes: what follows is structure.
    expect(jsonNestingExceeds(bytes(`["\\\\",${nested(40)}]`))).toBe(true);
    expect(jsonNestingExceeds(bytes(`["\\"${nested(40)}"]`))).toBe(false);
    expect(jsonNestingExceeds(bytes(`{"κλειδί ${'['.repeat(50)}":1}`))).toBe(false);
  });

  it('agrees with the depth of the value, on random documents (seed 12)', () => {
    const { int, pick } = seededRandom(12);
    const text = (): string => Array.from({ length: int(6) }, () => pick(['[', ']', '{', '}', '"', '\\', 'a', 'ω', ':'])).join('');
    const value = (depth: number): unknown => {
      const kind = depth >= 6 ? pick(['n', 's']) : pick(['n', 's', 'a', 'o', 'a', 'o']);
      if (kind === 'n') return int(100);
      if (kind === 's') return text();
      const children = Array.from({ length: int(4) }, () => value(depth + 1));
      return kind === 'a' ? children : Object.fromEntries(children.map((child) => [text(), child]));
    };
    for (let n = 0; n < 2000; n++) {
      const document = value(0);
      const json = JSON.stringify(document, null, pick([0, 1]));
      for (const limit of [0, 1, 2, 3, 4]) expect(jsonNestingExceeds(bytes(json), limit), `${json} at ${limit}`).toBe(depthOf(document) > limit);
    }
  });
});

describe('the shape of a parsed payload', () => {
  it('passes what the protocol sends, and leaves what is not an object to the schema', () => {
    expect(
      payloadShapeProblem({
        appointmentId: 'x',
        data: { type: 'transceiverRequest', transceiverRequest: { kind: 'audio', init: { sendEncodings: [{ rid: 'a' }] } } },
      }),
    ).toBeNull();
    for (const value of [undefined, null, 0, 'text', true, () => undefined]) expect(payloadShapeProblem(value)).toBeNull();
  });

  it('refuses depth past the limit, too many values and binary attachments, without recursing', () => {
    expect(payloadShapeProblem(JSON.parse(nested(MAX_JSON_DEPTH)))).toBeNull();
    expect(payloadShapeProblem(JSON.parse(nested(MAX_JSON_DEPTH + 1)))).toBe('it is nested deeper than 32 levels');
    expect(payloadShapeProblem(JSON.parse(nested(200_000)))).toBe('it is nested deeper than 32 levels');
    expect(payloadShapeProblem(new Array(20_000).fill(0))).toBe('it holds more than 10000 values');
    expect(payloadShapeProblem({ a: { b: new Array(10_000).fill({}) } })).toBe('it holds more than 10000 values');
    expect(payloadShapeProblem({ data: Buffer.from('x') })).toBe('it carries binary data');
    expect(payloadShapeProblem([new ArrayBuffer(2)])).toBe('it carries binary data');
    expect(payloadShapeProblem({ a: 1 }, { maxDepth: 0, maxValues: 10 })).toBe('it is nested deeper than 0 levels');
  });
});
