import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { createLogger } from '../../../src-shared/log';
import type { DispatchFailure, DispatchState } from '../../../src-shared/protocol/dispatch';
import type { MailRetry, SmtpConfig } from '../config';
import { transactionWithoutCheckpoint } from '../store/deferred-checkpoint';
import type { HubStore } from '../store/hub-store';
import { NO_MAIL_SERVER } from './accept-dispatch';
import { clipReason, type DispatchRow } from './dispatch-status';
import { describeMailFailure } from './mail-failure';
import { buildMailMessage, type MailDocument, streamedAttachments } from './mail-message';

const log = createLogger('dispatch-mailer');

/** The reason of a mail whose handover to the mail server was cut short (§5b.5 of PROTOCOL.md). */
export const HANDOVER_INTERRUPTED =
  'The hub stopped while handing this e-mail to the mail server; it may or may not have been sent. Check with the citizen before sending it again.';

/** Waits before each further try at recording an outcome; together well inside a lease. */
const RECORD_RETRY_MS: readonly number[] = [250, 1000, 4000];

export interface MailerOptions {
  /** Without a mail server, queued e-mail dispatches fail at once. */
  smtp?: SmtpConfig | undefined;
  retry: MailRetry;
  /** How long a claim holds a dispatch for this process; renewed while the send goes on. */
  leaseMs?: number;
  /** Sends at once: one slow mail server answer must not hold up every KEP's mail. */
  concurrency?: number;
  /** How long close() waits for sends in progress before the store is closed under them. */
  closeWaitMs?: number;
  /** The waits before each further try at recording a send's outcome (a busy or failing store). */
  recordRetryMs?: readonly number[];
  /** Told each outcome this process recorded, once it is committed (the desks are told at once, §5b.8). */
  recorded?: (dispatchId: string) => void;
}

export function createMailTransport(smtp: SmtpConfig): Transporter {
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.requireTLS,
    ...(smtp.auth ? { auth: { user: smtp.auth.user, pass: smtp.auth.pass } } : {}),
    tls: { rejectUnauthorized: smtp.tlsRejectUnauthorized },
    // Short enough that a dead server is retried on the backoff schedule, not after minutes.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    // Attachments are our own buffers, or streams over them; a path or URL must never be followed.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
}

interface Claim {
  row: DispatchRow;
  lease: string;
}

interface Outcome {
  state: DispatchState;
  reason?: string;
  /** Why it failed, with every failed outcome. */
  failure?: DispatchFailure;
  retryInMs?: number;
}

const DOCUMENTS_GONE: Outcome = {
  state: 'failed',
  reason: 'The documents are no longer on the hub; send them again as a new dispatch.',
  failure: 'documents_gone',
};

/** A claimed mail marked handed over, its message built, and the transport to send it with. */
interface HandedOver {
  claim: Claim;
  recipient: string;
  message: SendMailOptions;
  transport: Transporter;
}

/** A mail's documents as this process just stored them, so that its first send need not read them back. */
export interface FreshMail {
  dispatchId: string;
  documents: readonly MailDocument[];
}

/** What taking the next due mail gave: one to send, one to fail at once, one whose documents are gone. */
type Taken = HandedOver | { claim: Claim; outcome: Outcome } | { claim: Claim; gone: true };

/**
 * Sends the hub's queued e-mail dispatches. Several hub processes may share the store, so each
 * dispatch is claimed with a lease before it is sent: only the holder sends it, and only the
 * holder records the outcome. Just before the message goes to the mail server the holder marks
 * the dispatch handed over (`handed_over_at`). A process that dies before that leaves the lease
 * to run out, and another process (or this one restarted) sends it. One that dies after it (or
 * cannot record the outcome) leaves a mail the server may or may not have: the next claim fails
 * it as outcome_unknown (HANDOVER_INTERRUPTED) instead of sending it again, and a person decides
 * on the retry.
 */
export class DispatchMailer {
  private readonly transport: Transporter | null;
  private readonly leaseMs: number;
  private readonly concurrency: number;
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly store: HubStore,
    private readonly options: MailerOptions,
  ) {
    this.transport = options.smtp ? createMailTransport(options.smtp) : null;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.concurrency = options.concurrency ?? 4;
  }

  get configured(): boolean {
    return this.transport !== null;
  }

  /** Picks up what is due now (mail left pending by an earlier run too), then keeps watching. */
  start(): void {
    // Retries are due on a schedule of their own, and other hub processes queue mail too.
    const pollMs = Math.min(1000, this.options.retry.firstDelayMs);
    this.timer = setInterval(() => this.wake(), pollMs);
    this.timer.unref();
    this.wake();
  }

  /**
   * Sends whatever is due, up to the concurrency limit. Call it when a dispatch was queued, with
   * its documents when they were just stored: used if that is the mail claimed first, else read
   * back like any other (the stored row stays the record either way).
   */
  wake(fresh?: FreshMail): void {
    if (this.stopped) return;
    try {
      while (this.inFlight.size < this.concurrency) {
        const taken = this.takeNext(fresh);
        fresh = undefined;
        if (!taken) return;
        if ('outcome' in taken) {
          this.finish(taken.claim, taken.outcome);
          continue;
        }
        if ('gone' in taken) {
          this.track(this.record(taken.claim, DOCUMENTS_GONE), taken.claim);
          continue;
        }
        this.track(this.send(taken), taken.claim);
      }
    } catch (error) {
      // A claim whose outcome could not be written here runs out and is taken up again.
      log.error('cannot read or update the mail queue', { error: String(error) });
    }
  }

  private track(work: Promise<void>, claim: Claim): void {
    const done: Promise<void> = work
      .catch((error: unknown) => log.error('mail dispatch failed unexpectedly', { dispatch: claim.row.id, error: String(error) }))
      .finally(() => {
        this.inFlight.delete(done);
        this.wake();
      });
    this.inFlight.add(done);
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.inFlight.size > 0) {
      let giveUp: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((resolve) => (giveUp = setTimeout(resolve, this.options.closeWaitMs ?? 5000)))]);
      clearTimeout(giveUp);
    }
    this.transport?.close();
  }

  /**
   * Claims the mail due first and, when it can be sent, reads its documents, builds its message
   * and marks it handed over, all in one transaction: one durable commit before the send instead
   * of two. Only the send's start follows that commit (nothing awaited in between), so the mark is
   * still made just before the mail server may have the message.
   */
  private takeNext(fresh: FreshMail | undefined, now = Date.now()): Taken | null {
    const lease = new Date(now + this.leaseMs).toISOString();
    return transactionWithoutCheckpoint(this.store, 'immediate', (): Taken | null => {
      const row = this.store.dispatches.claimNextMail(new Date(now).toISOString(), lease);
      if (!row) return null;
      const claim = { row, lease };
      if (row.handed_over_at !== null) {
        log.warn('mail dispatch was being handed over when its sender stopped; not sent again', { dispatch: row.id, handedOverAt: row.handed_over_at });
        return { claim, outcome: { state: 'failed', reason: HANDOVER_INTERRUPTED, failure: 'outcome_unknown' } };
      }
      if (!this.transport) return { claim, outcome: { state: 'failed', reason: NO_MAIL_SERVER, failure: 'no_mail_server' } };
      const documents = fresh?.dispatchId === row.id ? fresh.documents : this.store.dispatches.documents(row.id);
      if (!row.recipient || documents.length === 0 || documents.some((d) => d.data === null)) return { claim, gone: true };
      const message = streamedAttachments(
        buildMailMessage({
          dispatchId: row.id,
          from: this.options.smtp?.from ?? '',
          to: row.recipient,
          kepName: this.store.getKep(row.kep_id)?.name ?? 'ΚΕΠ',
          protocolNumber: row.protocol_number,
          documents: documents as MailDocument[],
        }),
      );
      // From the commit on the mail server may have the message whatever happens to this process.
      if (!this.store.dispatches.markHandedOver(row.id, lease, new Date(now).toISOString())) throw new Error('a claim made in this transaction was lost');
      return { claim, recipient: row.recipient, message, transport: this.transport };
    });
  }

  private async send({ claim, recipient, message, transport }: HandedOver): Promise<void> {
    const { row } = claim;
    const renew = setInterval(() => this.renew(claim), Math.max(1000, Math.floor(this.leaseMs / 3)));
    renew.unref();
    try {
      let outcome: Outcome;
      try {
        const info = await transport.sendMail(message);
        const accepted = (info.accepted ?? []).map((address) => String(address).toLowerCase());
        if (accepted.includes(recipient.toLowerCase())) {
          log.info('mail dispatch delivered', { dispatch: row.id, attempt: row.attempts });
          outcome = { state: 'delivered' };
        } else {
          outcome = {
            state: 'failed',
            reason: `The mail server did not accept the address ${recipient} (${String(info.response ?? 'no reply')}).`,
            failure: 'refused',
          };
        }
      } catch (error) {
        const mail = describeMailFailure(error, recipient);
        const lastTry = row.attempts >= this.options.retry.attempts;
        // Not the reason itself: it names the citizen's address, which has no place in the logs.
        const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
        log.warn('mail dispatch not sent', { dispatch: row.id, attempt: row.attempts, permanent: mail.permanent, code, responseCode });
        const gaveUp = `${mail.reason} Gave up after ${row.attempts} attempts; retry the dispatch when the mail server works again.`;
        if (mail.permanent) outcome = { state: 'failed', reason: mail.reason, failure: 'refused' };
        else if (lastTry) outcome = { state: 'failed', reason: gaveUp, failure: 'unavailable' };
        else outcome = { state: 'queued', reason: mail.reason, retryInMs: this.options.retry.firstDelayMs * 2 ** (row.attempts - 1) };
      }
      // The lease is still renewed while the outcome is being written.
      await this.record(claim, outcome);
    } finally {
      clearInterval(renew);
    }
  }

  /**
   * Records a send's outcome, trying again a few times when the store fails (e.g. SQLITE_BUSY):
   * the mail server may already have the message, and an outcome left unwritten would leave the
   * dispatch to be failed as interrupted when its lease runs out.
   */
  private async record(claim: Claim, outcome: Outcome): Promise<void> {
    const waits = this.options.recordRetryMs ?? RECORD_RETRY_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        this.finish(claim, outcome);
        return;
      } catch (error) {
        const wait = waits[attempt];
        if (wait === undefined || (this.stopped && !this.store.isOpen)) {
          log.error('cannot record the outcome of a mail dispatch; giving up', {
            dispatch: claim.row.id,
            state: outcome.state,
            tries: attempt + 1,
            error: String(error),
          });
          return;
        }
        log.warn('cannot record the outcome of a mail dispatch; trying again', {
          dispatch: claim.row.id,
          state: outcome.state,
          tries: attempt + 1,
          error: String(error),
        });
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  /** Keeps the claim while a large message is still being sent. Runs from a timer: it must never throw. */
  private renew(claim: Claim): void {
    if (this.stopped && !this.store.isOpen) return;
    try {
      const lease = new Date(Date.now() + this.leaseMs).toISOString();
      if (this.store.dispatches.renewClaim(claim.row.id, claim.lease, lease)) claim.lease = lease;
    } catch (error) {
      // The next tick tries again; the lease has time left (it is renewed three times per lease).
      log.error('cannot renew the claim on a mail dispatch', { dispatch: claim.row.id, error: String(error) });
    }
  }

  /** Records the outcome, if this process still holds the claim, and tells the KEP's desks. */
  private finish(claim: Claim, outcome: Outcome): void {
    if (this.stopped && !this.store.isOpen) return;
    const now = Date.now();
    const at = new Date(now).toISOString();
    const { row } = claim;
    // The mail's pages are checkpointed after the desks were told (checkpointSoon), not in this commit.
    const recorded = transactionWithoutCheckpoint(this.store, 'deferred', (): boolean => {
      const recorded = this.store.dispatches.recordMailOutcome({
        id: row.id,
        lease: claim.lease,
        state: outcome.state,
        reason: outcome.reason === undefined ? null : clipReason(outcome.reason),
        failure: outcome.failure ?? null,
        at,
        next: outcome.retryInMs === undefined ? null : new Date(now + outcome.retryInMs).toISOString(),
      });
      if (!recorded) {
        log.warn('mail dispatch claim lost before its outcome was recorded', { dispatch: row.id });
        return false;
      }
      // Once the mail server has the message, the hub has no reason to keep the citizen's document.
      if (outcome.state === 'delivered') {
        this.store.dispatches.dropDocumentData(row.id);
        this.store.dispatchFacts.done(row.id, now);
      }
      if (outcome.state === 'failed') this.store.dispatchFacts.setFailed(row.id, true);
      this.store.recordChange(row.kep_id, row.appointment_id);
      return true;
    });
    if (recorded) {
      this.options.recorded?.(row.id);
      this.checkpointSoon();
    }
  }

  /**
   * A mail's documents (up to 15 MB) went through the WAL when they were stored (and their pages
   * again when dropped), with the automatic checkpoint held off (transactionWithoutCheckpoint):
   * checkpoint them now, between mails, so that no later commit carries them. Copying them holds
   * the event loop for tens of ms: it waits one turn of the loop, so that what is already waiting
   * (the desks' notice of this outcome, requests) goes first.
   */
  private checkpointSoon(): void {
    setImmediate(() =>
      setImmediate(() => {
        if (!this.store.isOpen) return;
        try {
          this.store.checkpoint();
        } catch (error) {
          // Nothing is lost: the automatic checkpoint does it at a later commit.
          log.warn('cannot checkpoint the store after a mail', { error: String(error) });
        }
      }),
    );
  }
}
