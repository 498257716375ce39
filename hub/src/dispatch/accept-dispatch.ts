import { AppError } from '../../../src-shared/errors';
import { linksEndAt } from '../auth/join-links';
import type { DispatchRequest, DispatchStatus, DispatchUploadHead } from '../../../src-shared/protocol/dispatch';
import { canonicalInstant } from '../../../src-shared/sqlite/appointment-row';
import { transactionWithoutCheckpoint } from '../store/deferred-checkpoint';
import type { HubStore, Workstation } from '../store/hub-store';
import { checkDocuments, checkUploadedDocuments, type UploadedDocument } from './check-documents';
import { type DispatchRow, dispatchStatusFromRow, getDispatchRow } from './dispatch-status';
import type { MailDocument } from './mail-message';

/** What the hub's configuration decides about new dispatches. */
export interface DispatchPolicy {
  /** Without a mail server, e-mail dispatches are accepted (the desk's outbox is done) and fail at once. */
  mailConfigured: boolean;
  /** How long an inbox document stays available after it was sent. */
  inboxDays: number;
}

export const NO_MAIL_SERVER = 'This hub has no mail server configured (smtp in hub-config.json).';

/** A desk's clock may run a little fast; a dispatch "made" further in the future is not believed. */
const CLOCK_SKEW_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

/**
 * Takes one dispatch from a desk, once per dispatch id: a repeat (the desk's outbox retrying
 * after a lost answer) gets the stored status and nothing is sent again. The recipient's address
 * is the hub's booking's, never one from the request, so a desk cannot mail a document anywhere
 * else. Everything is checked before anything is stored.
 */
export function acceptDispatch(store: HubStore, workstation: Workstation, request: DispatchRequest, policy: DispatchPolicy, now = Date.now()): DispatchStatus {
  const plan = planDispatch(store, workstation, request, policy, now);
  if ('status' in plan) return plan.status;
  return storeDispatch(store, plan, request.channel === 'post' ? null : checkDocuments(request.documents)).status;
}

/** What taking a dispatch gave: its status, and its documents when this call stored them. */
export interface Accepted {
  status: DispatchStatus;
  /** The documents as stored by this call, in their order; null for a repeated dispatch or one without bytes. */
  stored: readonly MailDocument[] | null;
}

/** The bytes of an upload's documents: read and kept, or read past (a repeated dispatch). */
export interface UploadBytes {
  read(): Promise<readonly UploadedDocument[]>;
  skip(): Promise<void>;
}

/**
 * The same for an upload whose documents follow its head as raw bytes (§5b.2a): the head is
 * checked first, and a refused or repeated dispatch has its bytes read past, not kept; then each
 * document is checked as `checkDocuments` checks a decoded one.
 */
export async function acceptUpload(
  store: HubStore,
  workstation: Workstation,
  head: DispatchUploadHead,
  policy: DispatchPolicy,
  bytes: UploadBytes,
  now = Date.now(),
): Promise<Accepted> {
  const request: DispatchRequest = { ...head, trackingNumber: null };
  let plan: ReturnType<typeof planDispatch>;
  try {
    plan = planDispatch(store, workstation, request, policy, now);
  } catch (error) {
    // Read past the bytes first, so that the desk reads the refusal rather than a reset connection.
    // A body that breaks off meanwhile changes nothing: the refusal is the answer either way.
    await bytes.skip().catch(() => undefined);
    throw error;
  }
  if ('status' in plan) {
    await bytes.skip();
    return { status: plan.status, stored: null };
  }
  const uploaded = await bytes.read();
  return storeDispatch(store, plan, checkUploadedDocuments(head.documents, uploaded));
}

interface DispatchPlan {
  row: DispatchRow;
  request: Pick<DispatchRequest, 'documents'>;
  category: number;
}

/** The checks that need no document bytes, in PROTOCOL.md's order; a known id answers its stored status. */
function planDispatch(
  store: HubStore,
  workstation: Workstation,
  request: DispatchRequest,
  policy: DispatchPolicy,
  now: number,
): DispatchPlan | { status: DispatchStatus } {
  const existing = getDispatchRow(store, request.dispatchId);
  if (existing) return { status: repeated(existing, workstation) };
  if (new Date(request.madeAt).getTime() > now + CLOCK_SKEW_MS) {
    throw new AppError('invalid_input', 'The dispatch is dated in the future; check the workstation’s clock.');
  }
  const appointment = store.getAppointment(request.appointmentId);
  if (!appointment || appointment.kepId !== workstation.kepId) throw new AppError('not_found', 'There is no such appointment at this KEP.');
  const recipient = request.channel === 'email' ? appointment.citizen.email : null;
  if (request.channel === 'email' && !recipient) {
    throw new AppError('invalid_input', 'The booking has no e-mail address; send the document to the citizen’s inbox or by post.');
  }
  // The citizen opens the inbox with the appointment's link: a document is there no longer than the link works.
  const inboxUntil = Math.min(now + policy.inboxDays * DAY_MS, linksEndAt(appointment));
  if (request.channel === 'inbox' && inboxUntil <= now) {
    throw new AppError('invalid_input', 'The citizen’s link for this appointment no longer works; send the document by e-mail or by post.');
  }
  const row = initialRow(request, workstation, recipient, policy, new Date(now).toISOString(), new Date(inboxUntil).toISOString());
  return { row, request, category: appointment.category };
}

function storeDispatch(store: HubStore, { row, request, category }: DispatchPlan, contents: readonly Buffer[] | null): Accepted {
  const documents = request.documents.map((doc, i) => ({ name: doc.name, size: doc.size, sha256: doc.sha256, data: contents?.[i] ?? null }));
  const insert = (): Accepted => {
    // Another request (or hub process) with the same id may have stored it since the first look.
    const raced = getDispatchRow(store, row.id);
    if (raced) return { status: repeated(raced, workstation(row)), stored: null };
    store.dispatches.insert(row, documents);
    recordDispatchFact(store, row, category);
    store.recordChange(row.kep_id, row.appointment_id);
    return { status: dispatchStatusFromRow(row), stored: contents ? (documents as MailDocument[]) : null };
  };
  // A queued mail's documents are checkpointed by the mailer once it is done.
  if (row.channel === 'email' && row.state === 'queued') return transactionWithoutCheckpoint(store, 'immediate', insert);
  return store.transaction(insert, 'immediate');
}

/** The workstation a row was made by, as `repeated` compares it (only its KEP counts). */
const workstation = (row: DispatchRow): Pick<Workstation, 'kepId'> => ({ kepId: row.kep_id });

/** The dispatch's anonymous facts row, at its appointment's slot date; a posted letter reached the citizen when the desk recorded it. */
function recordDispatchFact(store: HubStore, row: DispatchRow, category: number): void {
  const place = store.appointmentFacts.placeOf(row.appointment_id);
  if (!place) return;
  const ms = (at: string | null): number | null => (at === null ? null : Date.parse(at));
  store.dispatchFacts.insert({
    kepId: row.kep_id,
    slotDate: place.slotDate,
    appointmentId: row.appointment_id,
    dispatchId: row.id,
    channel: row.channel,
    category,
    employeeId: row.actor_id,
    callEndedAt: place.callEndedAt,
    sentAt: ms(row.sent_at),
    doneAt: row.channel === 'post' ? ms(row.sent_at) : null,
    failed: row.state === 'failed',
  });
}

function repeated(row: DispatchRow, workstation: Pick<Workstation, 'kepId'>): DispatchStatus {
  if (row.kep_id !== workstation.kepId) throw new AppError('conflict', 'This dispatch id belongs to another KEP.');
  return dispatchStatusFromRow(row);
}

function initialRow(
  request: DispatchRequest,
  workstation: Workstation,
  recipient: string | null,
  policy: DispatchPolicy,
  now: string,
  inboxUntil: string,
): DispatchRow {
  const row: DispatchRow = {
    id: request.dispatchId,
    kep_id: workstation.kepId,
    appointment_id: request.appointmentId,
    workstation_id: workstation.id,
    actor_id: request.actorId,
    channel: request.channel,
    state: 'queued',
    reason: null,
    failure: null,
    tracking_number: null,
    protocol_number: request.protocolNumber,
    recipient,
    attempts: 0,
    next_attempt_at: null,
    claimed_until: null,
    handed_over_at: null,
    made_at: canonicalInstant(request.madeAt),
    created_at: now,
    updated_at: now,
    sent_at: null,
    delivered_at: null,
    downloaded_at: null,
    expires_at: null,
  };
  switch (request.channel) {
    case 'email':
      return policy.mailConfigured ? { ...row, next_attempt_at: now } : { ...row, state: 'failed', reason: NO_MAIL_SERVER, failure: 'no_mail_server' };
    case 'inbox':
      return { ...row, state: 'sent', sent_at: now, expires_at: inboxUntil };
    case 'post':
      // The letter went when the desk recorded it; the hub only keeps the record.
      return { ...row, state: 'sent', sent_at: row.made_at, tracking_number: request.trackingNumber };
  }
}
