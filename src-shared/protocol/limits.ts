/**
 * Limits every side agrees on, apart from the schemas that enforce them, so the citizen's page
 * can use them without bundling the schema library.
 */

/** Largest JSON size of one signal's payload (an SDP offer with many candidates fits easily). */
export const MAX_SIGNAL_BYTES = 16 * 1024;

/** Longest chat message in a call. */
export const MAX_CHAT_CHARS = 2000;

/** Largest file a citizen can send in a call, and the kinds accepted (checked by content at the desk). */
export const MAX_CALL_FILE_BYTES = 10 * 1024 * 1024;
export const CALL_FILE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;

/** Largest document a KEP sends a citizen (PDF only, checked by content), and how many go at once. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const MAX_DOCUMENTS_PER_DISPATCH = 5;
/** Largest total of one dispatch's documents: what a mail server takes as one message, with room. */
export const MAX_DISPATCH_BYTES = 15 * 1024 * 1024;
