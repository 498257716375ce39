/**
 * Limits the hub enforces, repeated here because importing them from src-shared/protocol would
 * bundle zod (its schemas live there) into the page. tests/unit/citizen-page.test.ts checks they
 * stay equal to the protocol's.
 */
export const CHAT_MAX_CHARS = 2000;
