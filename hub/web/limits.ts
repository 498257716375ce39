import type { MAX_CHAT_CHARS } from '../../src-shared/protocol/signaling';

/**
 * Limits the hub enforces, repeated here because a value import from src-shared/protocol would
 * bundle zod (its schemas live there) into the page. The type import costs nothing at run time,
 * and the compiler refuses the page if the protocol's limit changes without this one.
 */
export const CHAT_MAX_CHARS: typeof MAX_CHAT_CHARS = 2000;
