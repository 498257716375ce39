/**
 * Guards on the shape of what a client sends, checked before anything walks it. JSON.stringify,
 * socket.io's encoder and any recursive code overflow the stack on a value nested a few thousand
 * levels deep, and a RangeError there costs the whole hub. Both checks here are iterative, so no
 * input can make them recurse.
 */

/** No message of the protocol nests deeper than 6 levels (a signal's transceiver init); 32 leaves room. */
export const MAX_JSON_DEPTH = 32;

/** More values than any message of the protocol carries, far below what 64 KB of packet could hold. */
export const MAX_PAYLOAD_VALUES = 10_000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * Whether JSON text nests arrays and objects deeper than `maxDepth`, scanned byte by byte
 * without parsing (UTF-8 multi-byte sequences never contain these ASCII bytes). Text that is not
 * JSON at all is left to JSON.parse to refuse.
 */
export function jsonNestingExceeds(bytes: Uint8Array, maxDepth = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  const end = bytes.length;
  for (let i = 0; i < end; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) {
      // Skip the string (a bracket inside one is text): its end is the next quote not escaped by
      // an odd run of backslashes. indexOf runs natively, which counts for a 21 MB dispatch.
      let close = i;
      do {
        close = bytes.indexOf(QUOTE, close + 1);
        if (close === -1) return false; // unterminated: JSON.parse refuses it
      } while (escaped(bytes, close));
      i = close;
    } else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      depth++;
      if (depth > maxDepth) return true;
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
      depth--;
    }
  }
  return false;
}

/** Whether the byte at `at` follows an odd number of backslashes. */
function escaped(bytes: Uint8Array, at: number): boolean {
  let backslashes = 0;
  while (bytes[at - 1 - backslashes] === BACKSLASH) backslashes++;
  return backslashes % 2 === 1;
}

export interface ShapeLimits {
  maxDepth: number;
  maxValues: number;
}

const DEFAULT_SHAPE: ShapeLimits = { maxDepth: MAX_JSON_DEPTH, maxValues: MAX_PAYLOAD_VALUES };

/**
 * Why a value already parsed (a Socket.IO payload, a handshake's `auth`) is not plain JSON of a
 * sane shape, or null when it is: nested deeper than `maxDepth`, more than `maxValues` values, or
 * carrying binary attachments (which Socket.IO decodes into Buffers where JSON is expected).
 * Anything else that is not an object (a missing payload, the ack callback sent in its place) is
 * left to the schema, which says what was expected. Walked with a stack, never by recursion.
 */
export function payloadShapeProblem(value: unknown, limits: ShapeLimits = DEFAULT_SHAPE): string | null {
  // Two stacks of plain values, not one of {value, depth} pairs: this runs for every event of
  // every socket, and an object per value walked is garbage the relay's tail latency pays for.
  const values: unknown[] = [value];
  const depths: number[] = [0];
  let count = 0;
  while (values.length > 0) {
    const item = values.pop();
    const depth = (depths.pop() as number) + 1;
    count++;
    if (count > limits.maxValues) return `it holds more than ${limits.maxValues} values`;
    if (item === null || typeof item !== 'object') continue;
    if (ArrayBuffer.isView(item) || item instanceof ArrayBuffer) return 'it carries binary data';
    if (depth > limits.maxDepth) return `it is nested deeper than ${limits.maxDepth} levels`;
    const children = Array.isArray(item) ? item : Object.values(item);
    if (count + children.length > limits.maxValues) return `it holds more than ${limits.maxValues} values`;
    for (const child of children) {
      values.push(child);
      depths.push(depth);
    }
  }
  return null;
}
