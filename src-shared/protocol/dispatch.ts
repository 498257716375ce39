import * as z from 'zod';
import { DELIVERY_METHODS, utcInstantSchema } from '../domain/appointment';
import { isValidTrackingNumber, normalizeTrackingNumber } from '../domain/tracking-number';
import { wellFormed } from '../text/well-formed';
import { MAX_DISPATCH_BYTES, MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_PER_DISPATCH } from './limits';
import { sha256Schema } from './inbox';

/**
 * Sending the citizen their document: by e-mail (the hub mails it), to their inbox on the hub
 * (they download it from the citizen page with their link), or by registered post (the desk
 * prints a cover letter and a label and records the tracking number). The desk queues each
 * dispatch in its outbox with its files; the hub takes each dispatch id once, so a retried
 * delivery never sends a document twice.
 */
export const DISPATCH_CHANNELS = DELIVERY_METHODS;
export type DispatchChannel = (typeof DISPATCH_CHANNELS)[number];

/**
 * queued: waiting at the desk (in the outbox, or for the post to be handed in) or at the hub
 * for the mail server; sent: with the hub (mail handed over, inbox document available, letter
 * posted); delivered: the mail server accepted the message for the citizen; downloaded: the
 * citizen downloaded it from the inbox; failed: with the reason, may be retried; expired: the
 * inbox document was not downloaded in time and is gone.
 */
export const DISPATCH_STATES = ['queued', 'sent', 'delivered', 'downloaded', 'failed', 'expired'] as const;
export type DispatchState = (typeof DISPATCH_STATES)[number];

/** States after which nothing more happens to a dispatch unless someone retries it. */
export const FINAL_DISPATCH_STATES: readonly DispatchState[] = ['delivered', 'downloaded', 'failed', 'expired'];

/**
 * Why a dispatch failed, for a program to act on (`reason` says it for a person). Every cause
 * but outcome_unknown means the citizen did not get it. outcome_unknown: a mail was being handed
 * to the mail server when the hub stopped (or could not record the outcome), so the server may
 * already have it; refused: the mail server said no for good (the address, the hub's sign-in or
 * sender, the message); unavailable: it could not be reached, or kept deferring, through every
 * attempt; no_mail_server: the hub has none configured; no_address: the booking has no e-mail
 * address any more; documents_gone: the hub no longer holds the documents.
 */
export const DISPATCH_FAILURES = ['outcome_unknown', 'refused', 'unavailable', 'no_mail_server', 'no_address', 'documents_gone'] as const;
export type DispatchFailure = (typeof DISPATCH_FAILURES)[number];

/** Unicode's control characters (category Cc): C0, DEL and C1 (U+0085, the next line, among them). */
const isControlCharacter = (c: string): boolean => {
  const code = c.codePointAt(0) ?? 0;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
};

/**
 * A lone surrogate becomes one U+FFFD before anything else: stored as it is, it would come back
 * from SQLite as three, in the inbox, the mail and the download's name.
 */
export const documentNameSchema = z
  .string()
  .overwrite(wellFormed)
  .trim()
  .min(1)
  .max(200)
  .refine((name) => ![...name].some((c) => c === '/' || c === '\\' || isControlCharacter(c)), 'A document name cannot contain slashes or control characters');

export const trackingNumberSchema = z
  .string()
  .transform(normalizeTrackingNumber)
  .refine(isValidTrackingNumber, 'Not a registered-mail tracking number (e.g. RE123456785GR, with a correct check digit)');

export const dispatchDocumentSchema = z
  .object({
    name: documentNameSchema,
    size: z.number().int().min(1).max(MAX_DOCUMENT_BYTES),
    sha256: sha256Schema,
    /** The PDF itself, for e-mail and inbox; a posted document travels on paper only. */
    dataBase64: z
      .base64()
      .max(Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4)
      .optional(),
  })
  .strict();
export type DispatchDocument = z.infer<typeof dispatchDocumentSchema>;

/** POST /api/v1/dispatches — one dispatch, taken once per dispatchId. */
export const dispatchRequestSchema = z
  .object({
    dispatchId: z.uuid(),
    appointmentId: z.uuid(),
    actorId: z.string().min(1).max(64),
    madeAt: utcInstantSchema,
    channel: z.enum(DISPATCH_CHANNELS),
    /** The KEP's protocol number of the case, quoted to the citizen. */
    protocolNumber: z.string().trim().max(64),
    /** Registered-mail number: post only. */
    trackingNumber: trackingNumberSchema.nullable(),
    documents: z.array(dispatchDocumentSchema).min(1).max(MAX_DOCUMENTS_PER_DISPATCH),
  })
  .strict()
  .superRefine((request, ctx) => {
    const paper = request.channel === 'post';
    if (paper !== (request.trackingNumber !== null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['trackingNumber'],
        message: paper ? 'A posted dispatch needs its tracking number' : 'Only a posted dispatch has a tracking number',
      });
    }
    request.documents.forEach((doc, i) => {
      if (paper !== (doc.dataBase64 === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['documents', i, 'dataBase64'],
          message: paper ? 'A posted document is not uploaded' : 'The document itself is missing',
        });
      }
    });
    const total = request.documents.reduce((sum, doc) => sum + doc.size, 0);
    if (total > MAX_DISPATCH_BYTES)
      ctx.addIssue({ code: 'custom', path: ['documents'], message: `The documents together are larger than ${MAX_DISPATCH_BYTES / 1024 / 1024} MB` });
  });
export type DispatchRequest = z.infer<typeof dispatchRequestSchema>;

/**
 * POST /api/v1/dispatches/upload — the same dispatch as `dispatchRequestSchema`'s, for e-mail and
 * inbox, with its documents as raw bytes instead of base64: the body is this head as one line of
 * JSON (UTF-8, ended by LF), then each document's `size` bytes, in order, and nothing after them.
 * Sizes are checked by the hub, not here, so that a document too large is answered 413 before
 * its bytes are read (PROTOCOL.md §5b.2a).
 */
export const dispatchUploadHeadSchema = z
  .object({
    dispatchId: z.uuid(),
    appointmentId: z.uuid(),
    actorId: z.string().min(1).max(64),
    madeAt: utcInstantSchema,
    channel: z.enum(['email', 'inbox']),
    protocolNumber: z.string().trim().max(64),
    documents: z
      .array(z.object({ name: documentNameSchema, size: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER), sha256: sha256Schema }).strict())
      .min(1)
      .max(MAX_DOCUMENTS_PER_DISPATCH),
  })
  .strict();
export type DispatchUploadHead = z.infer<typeof dispatchUploadHeadSchema>;
/** The head's line, at most (the rest of the body is the documents' bytes). */
export const MAX_UPLOAD_HEAD_BYTES = 16 * 1024;
/** The upload's content type: a JSON line, then bytes. */
export const DISPATCH_UPLOAD_TYPE = 'application/vnd.kep.dispatch-upload';

/** The hub's view of one dispatch, as every dispatch endpoint answers it. */
export const dispatchStatusSchema = z.object({
  id: z.uuid(),
  appointmentId: z.uuid(),
  channel: z.enum(DISPATCH_CHANNELS),
  state: z.enum(DISPATCH_STATES),
  /** Why it failed (or, while the hub retries the mail server, the last error). */
  reason: z.string().max(500).nullable(),
  /**
   * Why it failed, for a program: set when `state` is failed, else null. Added after v1 was
   * first written: absent from an older hub's answers, and a cause a client does not know yet
   * (a newer hub's) is read as null, like one without a cause: `reason` still says it.
   */
  failure: z.enum(DISPATCH_FAILURES).nullable().catch(null),
  trackingNumber: z.string().nullable(),
  updatedAt: utcInstantSchema,
  sentAt: utcInstantSchema.nullable(),
  deliveredAt: utcInstantSchema.nullable(),
  downloadedAt: utcInstantSchema.nullable(),
  /** When an inbox document stops being available. */
  expiresAt: utcInstantSchema.nullable(),
});
export type DispatchStatus = z.infer<typeof dispatchStatusSchema>;

/** POST /api/v1/dispatches/status — the caller KEP's dispatches among these ids (unknown ids are left out). */
export const dispatchStatusRequestSchema = z.object({ ids: z.array(z.uuid()).min(1).max(200) }).strict();
export const dispatchStatusResponseSchema = z.object({ dispatches: z.array(dispatchStatusSchema) });
export type DispatchStatusResponse = z.infer<typeof dispatchStatusResponseSchema>;

/** POST /api/v1/dispatches/retry — sends a failed dispatch again; any other state is answered as it is. */
export const dispatchRetryRequestSchema = z.object({ dispatchId: z.uuid() }).strict();

export { type InboxDocument, type InboxResponse, inboxDocumentSchema, inboxResponseSchema } from './inbox';
export { APPOINTMENT_STANDINGS, type AppointmentStanding } from './constants';
