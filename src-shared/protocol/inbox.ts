// A namespace import, so the page's bundler keeps only the zod it uses (`{ z }` carries every locale).
import * as z from 'zod';
import { APPOINTMENT_STANDINGS } from './constants';

/**
 * The citizen's inbox as the hub answers it (PROTOCOL.md §5b.6). Apart from dispatch.ts, which
 * re-exports it, so the citizen's page validates the answer without bundling the desk's schemas.
 *
 * GET /api/v1/inbox — the citizen's documents, with their link as `Authorization: Bearer <token>`.
 * GET /api/v1/inbox/documents/<dispatchId>/<index> (`inboxDocumentPath`) — one document
 * (application/pdf); each download is recorded and the dispatch becomes `downloaded`.
 */
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'Expected a SHA-256 in hex');

/** The hub writes UTC instants (`toISOString`); spelled here rather than taken from the domain's appointment schemas. */
const instant = z.iso.datetime({ offset: false, message: 'Expected a UTC time like 2026-11-30T07:00:00Z' });

export const inboxDocumentSchema = z.object({
  dispatchId: z.uuid(),
  index: z.number().int().min(0),
  name: z.string(),
  size: z.number().int(),
  sha256: sha256Schema,
  sentAt: instant,
  expiresAt: instant,
  downloadedAt: instant.nullable(),
});
export type InboxDocument = z.infer<typeof inboxDocumentSchema>;

export const inboxResponseSchema = z.object({
  kepName: z.string(),
  /**
   * Added after v1 was first written: an older hub does not say, and a page reads that (or a
   * standing it does not know yet) as `upcoming`, as it behaved before: the link may open later.
   */
  appointment: z.enum(APPOINTMENT_STANDINGS).catch('upcoming'),
  documents: z.array(inboxDocumentSchema),
});
export type InboxResponse = z.infer<typeof inboxResponseSchema>;

/** The answer's envelope; its documents are checked one by one, so one that does not fit hides only itself. */
const answerSchema = inboxResponseSchema.extend({ documents: z.array(z.unknown()) });

export type InboxAnswer = { ok: true; inbox: InboxResponse; misfits: unknown[] } | { ok: false; problem: string };

/**
 * A client's reading of GET /inbox: the documents that fit the contract, newest first (a
 * dispatch's in their order), and apart those that do not, so a page can still show the rest.
 */
export function readInboxAnswer(value: unknown): InboxAnswer {
  const answer = answerSchema.safeParse(value);
  if (!answer.success) return { ok: false, problem: `${answer.error.issues[0]?.path.join('.') || 'body'}: ${answer.error.issues[0]?.message}` };
  const documents: InboxDocument[] = [];
  const misfits: unknown[] = [];
  for (const raw of answer.data.documents) {
    const doc = inboxDocumentSchema.safeParse(raw);
    if (doc.success) documents.push({ ...doc.data, dispatchId: doc.data.dispatchId.toLowerCase(), name: doc.data.name.trim() });
    else misfits.push(raw);
  }
  documents.sort((a, b) => Date.parse(b.sentAt) - Date.parse(a.sentAt) || a.dispatchId.localeCompare(b.dispatchId) || a.index - b.index);
  return { ok: true, inbox: { kepName: answer.data.kepName.trim(), appointment: answer.data.appointment, documents }, misfits };
}
