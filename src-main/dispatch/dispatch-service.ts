import { randomUUID } from 'node:crypto';
import type { Dispatch } from '../../src-shared/contract/ipc';
import type { Appointment } from '../../src-shared/domain/appointment';
import { KEP_TIME_ZONE } from '../../src-shared/domain/athens-time';
import { AppError } from '../../src-shared/errors';
import { createLogger } from '../../src-shared/log';
import type { DispatchChannel, DispatchStatus } from '../../src-shared/protocol/dispatch';
import { MAX_DISPATCH_BYTES } from '../../src-shared/protocol/limits';
import type { SqliteDatabase } from '../db/open-database';
import type { HubApiClient } from '../hub/hub-api-client';
import type { AuditedChanges } from '../audit/audited-changes';
import type { CaseRecords } from '../case/case-records';
import type { EventBus } from '../ipc/event-bus';
import type { Outbox, TaggedBody } from '../sync/outbox';
import type { CaseDocuments } from './case-documents';
import type { DispatchStore } from './dispatch-store';
import { documentTitle, type LetterSender, type PostLetters } from './post-letters';

const log = createLogger('dispatch');

const SEND = 'dispatch.send';
/** How many dispatch ids one status request asks about (the hub's limit). */
const STATUS_BATCH = 200;
const RETRY = 'dispatch.retry';
/** Once the hub has it in one of these states, the citizen has it or it is on its way. */
const ON_ITS_WAY = new Set(['sent', 'delivered', 'downloaded']);

const LETTER_DATE = new Intl.DateTimeFormat('el-GR', { timeZone: KEP_TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });

export interface DispatchServiceDeps {
  db: SqliteDatabase;
  documents: CaseDocuments;
  store: DispatchStore;
  cases: CaseRecords;
  outbox: Outbox;
  client: () => HubApiClient | null;
  letters: PostLetters;
  events: EventBus;
  /** Writes audit entries, inside the transaction they are called in (a dispatch made, a case it completed on its own). */
  audit: Pick<AuditedChanges, 'record'>;
  /** A service's Greek name from the cached catalogue (its code when unknown), for letters without a subject. */
  serviceName: (code: string) => string;
  now: () => Date;
}

interface DispatchBody extends TaggedBody {
  dispatchId: string;
  appointmentId: string;
}

/**
 * Sends a case's documents to the citizen. Each dispatch is written with its documents and
 * queued in the outbox in one transaction, so it survives a crash and goes when the hub is
 * reachable; the hub takes each dispatch id once, so a retried delivery never sends twice.
 * Post is prepared here (cover letter and label) and goes to the hub as a record only once the
 * tracking number is in. Every caller checks the identity gate first.
 */
export class DispatchService {
  private refreshing: Promise<void> | null = null;

  /** Registers the outbox's deliverers for dispatch entries. */
  constructor(private readonly deps: DispatchServiceDeps) {
    const refused = (body: TaggedBody, reason: string): void => {
      const { dispatchId, appointmentId } = body as DispatchBody;
      const dispatch = this.deps.store.get(dispatchId);
      if (!dispatch) return;
      // A posted letter is in the post whatever the hub says: only its record is missing there.
      if (dispatch.channel === 'post') this.deps.store.setState(dispatchId, 'sent', reason, this.deps.now().toISOString(), 'record_refused');
      else this.deps.store.setState(dispatchId, 'failed', reason, this.deps.now().toISOString());
      this.changed(appointmentId);
    };
    deps.outbox.register(SEND, { deliver: (body, client) => this.deliver(body as DispatchBody, client, false), refused, lane: 'bulk' });
    deps.outbox.register(RETRY, { deliver: (body, client) => this.deliver(body as DispatchBody, client, true), refused, lane: 'bulk' });
  }

  async create(appointment: Appointment, channel: DispatchChannel, documentIds: readonly string[], actorId: string, sender: LetterSender): Promise<Dispatch> {
    const recipient = this.recipientFor(appointment, channel);
    if (new Set(documentIds).size !== documentIds.length)
      throw new AppError('invalid_input', 'A document is listed twice.', { reason: 'dispatch.document_twice' });
    let total = 0;
    for (const id of documentIds) {
      const doc = this.deps.documents.get(id);
      if (!doc || doc.appointmentId !== appointment.id)
        throw new AppError('not_found', 'A chosen document is not attached to this case.', { reason: 'dispatch.document_not_attached' });
      total += doc.size;
    }
    if (total > MAX_DISPATCH_BYTES)
      throw new AppError(
        'invalid_input',
        `The documents together are larger than ${MAX_DISPATCH_BYTES / 1024 / 1024} MB; send them in more than one dispatch.`,
        { reason: 'dispatch.too_large' },
      );
    if (channel === 'post') {
      // A letter that cannot be printed (a name the font cannot draw, an address too long) is refused now, not at the printer.
      const documents = documentIds.map((d) => ({ name: this.deps.documents.get(d)!.name }));
      await this.letters({ recipient, documents, trackingNumber: null }, appointment, sender);
    }
    // Checked after the letters, with nothing awaited before the insert: two quick clicks make one dispatch.
    if (this.deps.store.findInFlight(appointment.id, channel, documentIds)) {
      throw new AppError('conflict', 'These documents are already on their way by this channel.', { reason: 'dispatch.in_flight' });
    }
    const id = randomUUID();
    this.deps.db.transaction(() => {
      this.deps.store.insert({ id, appointmentId: appointment.id, channel, recipient, documentIds, actorId, at: this.deps.now().toISOString() });
      // A letter goes to the hub as a record once it is posted; the rest go now.
      if (channel !== 'post') this.deps.outbox.enqueue({ kind: SEND, dispatchId: id, appointmentId: appointment.id }, actorId);
      // Its audit entry in the same transaction: no dispatch exists without one.
      const documents = documentIds.map((d) => this.deps.documents.get(d)!.sha256);
      this.deps.audit.record('dispatch.created', appointment.id, { dispatchId: id, channel, documents }, actorId);
    })();
    this.sendSoon();
    this.changed(appointment.id);
    return this.require(id);
  }

  get(id: string): Dispatch {
    return this.require(id);
  }

  list(appointmentId: string): Dispatch[] {
    return this.deps.store.list(appointmentId);
  }

  /** The cover letter and the envelope label of a posted dispatch. */
  postLetters(dispatch: Dispatch, appointment: Appointment, sender: LetterSender): Promise<{ coverLetter: Uint8Array; label: Uint8Array }> {
    if (dispatch.channel !== 'post')
      throw new AppError('invalid_input', 'Only a dispatch by post has a cover letter and a label.', { reason: 'dispatch.not_post' });
    return this.letters(dispatch, appointment, sender);
  }

  private async letters(
    dispatch: Pick<Dispatch, 'recipient' | 'trackingNumber'> & { documents: ReadonlyArray<{ name: string }> },
    appointment: Appointment,
    sender: LetterSender,
  ): Promise<{ coverLetter: Uint8Array; label: Uint8Array }> {
    const input = {
      ...sender,
      date: LETTER_DATE.format(this.deps.now()),
      protocolNumber: this.protocolNumber(appointment.id),
      citizenName: `${appointment.citizen.firstName} ${appointment.citizen.lastName}`,
      postalAddress: dispatch.recipient,
      subject: appointment.subject || this.deps.serviceName(appointment.serviceCode),
      documents: dispatch.documents.map((d) => documentTitle(d.name)),
      trackingNumber: dispatch.trackingNumber,
    };
    const [coverLetter, label] = await Promise.all([this.deps.letters.coverLetter(input), this.deps.letters.envelopeLabel(input)]);
    return { coverLetter, label };
  }

  /** The letter is posted: its tracking number goes on record and to the hub. */
  recordPosting(dispatchId: string, trackingNumber: string, actorId: string): Dispatch {
    const dispatch = this.require(dispatchId);
    if (dispatch.channel !== 'post') throw new AppError('invalid_input', 'Only a dispatch by post has a tracking number.', { reason: 'dispatch.not_post' });
    if (dispatch.state !== 'queued')
      throw new AppError('conflict', `This letter's posting is already on record (${dispatch.trackingNumber ?? 'no number'}).`, {
        reason: 'dispatch.already_posted',
      });
    const at = this.deps.now().toISOString();
    this.deps.db.transaction(() => {
      this.deps.store.recordPosting(dispatchId, trackingNumber, at);
      this.deps.outbox.enqueue({ kind: SEND, dispatchId, appointmentId: dispatch.appointmentId }, actorId);
    })();
    this.documentOnItsWay(dispatch.appointmentId, dispatch.createdAt, actorId);
    this.sendSoon();
    this.changed(dispatch.appointmentId);
    return this.require(dispatchId);
  }

  /** Withdraws a letter not yet posted, or stops owing a failed or expired dispatch without sending it again. */
  cancel(dispatchId: string): Dispatch {
    const dispatch = this.require(dispatchId);
    if (dispatch.channel === 'post' && dispatch.state === 'queued') this.deps.store.delete(dispatchId);
    else if (dispatch.state === 'failed' || dispatch.state === 'expired') this.deps.store.dismiss(dispatchId, this.deps.now().toISOString());
    else
      throw new AppError('conflict', 'Only a letter not yet posted, or a failed or expired dispatch, can be withdrawn.', {
        reason: 'dispatch.not_cancellable',
      });
    this.changed(dispatch.appointmentId);
    return dispatch;
  }

  /**
   * Sends a failed dispatch again. The hub re-sends only what failed, so a retry never sends
   * twice, except a mail whose outcome the hub does not know (failure `outcome_unknown`): the
   * citizen may have it, and the renderer has the employee confirm they checked. It stays the
   * same dispatch id, so such a mail goes with the Message-ID of the first copy.
   */
  retry(dispatchId: string, actorId: string): Dispatch {
    const dispatch = this.require(dispatchId);
    const unrecorded = dispatch.failure === 'record_refused';
    if (dispatch.state !== 'failed' && !unrecorded) throw new AppError('conflict', 'Only a failed dispatch can be retried.', { reason: 'dispatch.not_failed' });
    if (
      this.deps.store.findInFlight(
        dispatch.appointmentId,
        dispatch.channel,
        dispatch.documents.map((d) => d.id),
        dispatch.createdAt,
      )
    ) {
      throw new AppError('conflict', 'A newer dispatch of these documents by this channel is on its way.', { reason: 'dispatch.newer_in_flight' });
    }
    this.deps.db.transaction(() => {
      this.deps.store.setState(dispatchId, dispatch.channel === 'post' ? 'sent' : 'queued', null, this.deps.now().toISOString());
      this.deps.outbox.enqueue({ kind: RETRY, dispatchId, appointmentId: dispatch.appointmentId }, actorId);
    })();
    this.sendSoon();
    this.changed(dispatch.appointmentId);
    return this.require(dispatchId);
  }

  /**
   * Asks the hub how the dispatches still in its hands are doing: those of the given
   * appointments (the hub said they changed), or all of them (after a reconnection or a sync).
   * One pass at a time; a pass asked for during another runs after it.
   */
  refresh(appointmentIds?: readonly string[]): Promise<void> {
    const pass = (this.refreshing ?? Promise.resolve()).then(() => this.askHub(appointmentIds));
    const tail: Promise<void> = pass.finally(() => {
      if (this.refreshing === tail) this.refreshing = null;
    });
    this.refreshing = tail;
    return pass;
  }

  private async askHub(appointmentIds?: readonly string[]): Promise<void> {
    const client = this.deps.client();
    const ids = this.deps.store.unsettled(appointmentIds);
    try {
      for (let i = 0; client && i < ids.length; i += STATUS_BATCH) {
        for (const status of await client.dispatchStatus(ids.slice(i, i + STATUS_BATCH))) this.apply(status);
      }
    } catch (error) {
      log.info('could not refresh dispatch states', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Starts the upload after this call has answered: encoding megabytes must not hold up the reply. */
  private sendSoon(): void {
    setImmediate(() => void this.deps.outbox.flush());
  }

  private async deliver(body: DispatchBody, client: HubApiClient, retry: boolean): Promise<{ applied: boolean; reason: string | null }> {
    const dispatch = this.deps.store.get(body.dispatchId);
    if (!dispatch) return { applied: false, reason: 'The dispatch is no longer on this desk.' };
    let status: DispatchStatus;
    if (retry) {
      try {
        status = await client.retryDispatch(dispatch.id);
      } catch (error) {
        // The hub never took it (it refused the first delivery): deliver it whole.
        if (!(error instanceof AppError && error.code === 'not_found')) throw error;
        status = await this.send(dispatch, client);
      }
    } else {
      status = await this.send(dispatch, client);
    }
    this.apply(status, true);
    return { applied: true, reason: null };
  }

  /** A letter goes as a record; e-mail and inbox documents as their bytes, read from the cache as they are. */
  private send(dispatch: Dispatch, client: HubApiClient): Promise<DispatchStatus> {
    const head = {
      dispatchId: dispatch.id,
      appointmentId: dispatch.appointmentId,
      actorId: dispatch.createdBy,
      protocolNumber: this.protocolNumber(dispatch.appointmentId),
      documents: dispatch.documents.map((d) => ({ name: d.name, size: d.size, sha256: d.sha256 })),
    };
    if (dispatch.channel === 'post') {
      return client.sendDispatch({ ...head, madeAt: dispatch.sentAt ?? dispatch.createdAt, channel: 'post', trackingNumber: dispatch.trackingNumber });
    }
    const bytes = dispatch.documents.map((d) => this.deps.documents.data(d.id));
    return client.uploadDispatch({ ...head, madeAt: dispatch.createdAt, channel: dispatch.channel }, bytes).catch((error: unknown) => {
      // A hub older than the byte upload does not know its route (desks may be updated first):
      // the JSON route carries the same dispatch. A missing appointment is refused there again.
      if (!(error instanceof AppError && error.code === 'not_found')) throw error;
      const documents = head.documents.map((d, i) => ({ ...d, dataBase64: bytes[i]!.toString('base64') }));
      return client.sendDispatch({ ...head, documents, madeAt: dispatch.createdAt, channel: dispatch.channel, trackingNumber: null });
    });
  }

  /** The hub's word on a dispatch, pushed as it recorded it (`dispatch:state`): taken as an answer to asking. */
  applyPushed(status: DispatchStatus): void {
    this.apply(status);
  }

  private apply(status: DispatchStatus, answering = false): void {
    const before = this.deps.store.get(status.id);
    if (!before || !this.deps.store.applyStatus(status, answering)) return;
    if (!ON_ITS_WAY.has(before.state) && ON_ITS_WAY.has(status.state)) this.documentOnItsWay(status.appointmentId, before.createdAt, null);
    this.changed(status.appointmentId);
  }

  private documentOnItsWay(appointmentId: string, dispatchCreatedAt: string, actorId: string | null): void {
    if (this.deps.cases.completeIfWaiting(appointmentId, dispatchCreatedAt, actorId ?? 'dispatch')) {
      this.deps.audit.record('case.completed', appointmentId, { because: 'document_sent' }, null);
    }
  }

  private recipientFor(appointment: Appointment, channel: DispatchChannel): string {
    if (channel === 'email') {
      if (!appointment.citizen.email)
        throw new AppError('invalid_input', 'The booking has no e-mail address: send to the citizen’s inbox or by post.', { reason: 'dispatch.no_email' });
      return appointment.citizen.email;
    }
    if (channel === 'post') {
      if (!appointment.citizen.postalAddress)
        throw new AppError('invalid_input', 'The booking has no postal address: send by e-mail or to the citizen’s inbox.', {
          reason: 'dispatch.no_postal_address',
        });
      return appointment.citizen.postalAddress;
    }
    return '';
  }

  private protocolNumber(appointmentId: string): string {
    return this.deps.cases.protocolNumber(appointmentId);
  }

  /** Something about an appointment's dispatches changed (for the renderer). */
  private changed(appointmentId: string): void {
    this.deps.events.emit('dispatch.changed', { appointmentId });
  }

  private require(id: string): Dispatch {
    const dispatch = this.deps.store.get(id);
    if (!dispatch) throw new AppError('not_found', 'There is no such dispatch.', { reason: 'dispatch.not_found' });
    return dispatch;
  }
}
