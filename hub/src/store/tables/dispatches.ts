import type { DispatchChannel, DispatchFailure, DispatchState, InboxDocument } from '../../../../src-shared/protocol/dispatch';
import type { StatementCache } from '../statement-cache';

/** A dispatch as the store keeps it. */
export interface DispatchRow {
  id: string;
  kep_id: string;
  appointment_id: string;
  workstation_id: string;
  actor_id: string;
  channel: DispatchChannel;
  state: DispatchState;
  reason: string | null;
  /** Why it failed, when it did (migration 011). */
  failure: DispatchFailure | null;
  tracking_number: string | null;
  protocol_number: string;
  recipient: string | null;
  attempts: number;
  next_attempt_at: string | null;
  claimed_until: string | null;
  /** Set while a hub process hands the message to the mail server, until the outcome is recorded (migration 009). */
  handed_over_at: string | null;
  made_at: string;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  delivered_at: string | null;
  downloaded_at: string | null;
  expires_at: string | null;
}

/** A document of a dispatch; `data` is null once the hub no longer keeps it (or never had it: post). */
export interface DispatchDocumentRow {
  name: string;
  size: number;
  sha256: string;
  data: Buffer | null;
}

/** One inbox document with what the citizen's download needs to check. */
export interface InboxDocumentRow {
  appointment_id: string;
  kep_id: string;
  channel: string;
  state: DispatchState;
  expires_at: string | null;
  name: string;
  data: Buffer | null;
}

/** What a mail's sender records when it is done with a claim. */
export interface MailOutcomeRecord {
  id: string;
  lease: string;
  state: DispatchState;
  reason: string | null;
  failure: DispatchFailure | null;
  at: string;
  /** When a mail put back in the queue is due again. */
  next: string | null;
}

type Origin = Pick<DispatchRow, 'id' | 'kep_id' | 'appointment_id'>;

/**
 * Owns `dispatches` with `dispatch_documents` and `inbox_downloads`: a dispatch's documents and
 * their downloads exist only with it, and most questions about one are asked of all three.
 */
export class DispatchesTable {
  constructor(private readonly sql: StatementCache) {}

  get(id: string): DispatchRow | null {
    return this.sql.prepare<[string], DispatchRow>('SELECT * FROM dispatches WHERE id = ?').get(id) ?? null;
  }

  /** The KEP's dispatches among `ids`, oldest first; another KEP's and unknown ids are left out. */
  listOfKep(kepId: string, ids: readonly string[]): DispatchRow[] {
    return this.sql
      .prepare<[string, string], DispatchRow>('SELECT * FROM dispatches WHERE kep_id = ? AND id IN (SELECT value FROM json_each(?)) ORDER BY created_at, id')
      .all(kepId, JSON.stringify(ids));
  }

  /** A new dispatch with its documents, in their order; call inside a transaction. */
  insert(row: DispatchRow, documents: readonly DispatchDocumentRow[]): void {
    this.sql
      .prepare<DispatchRow>(
        `INSERT INTO dispatches (id, kep_id, appointment_id, workstation_id, actor_id, channel, state, reason, failure, tracking_number, protocol_number,
           recipient, attempts, next_attempt_at, claimed_until, made_at, created_at, updated_at, sent_at, delivered_at, downloaded_at, expires_at)
         VALUES (@id, @kep_id, @appointment_id, @workstation_id, @actor_id, @channel, @state, @reason, @failure, @tracking_number, @protocol_number,
           @recipient, @attempts, @next_attempt_at, @claimed_until, @made_at, @created_at, @updated_at, @sent_at, @delivered_at, @downloaded_at, @expires_at)`,
      )
      .run(row);
    const insertDocument = this.sql.prepare('INSERT INTO dispatch_documents (dispatch_id, idx, name, size, sha256, data) VALUES (?, ?, ?, ?, ?, ?)');
    documents.forEach((doc, i) => insertDocument.run(row.id, i, doc.name, doc.size, doc.sha256, doc.data));
  }

  /** Starts a dispatch over with `row`'s state, reason, recipient and schedule (a retry). */
  restart(row: DispatchRow): void {
    this.sql
      .prepare<DispatchRow>(
        `UPDATE dispatches SET state = @state, reason = @reason, failure = @failure, recipient = @recipient, attempts = @attempts, next_attempt_at = @next_attempt_at,
           claimed_until = @claimed_until, handed_over_at = @handed_over_at, updated_at = @updated_at WHERE id = @id`,
      )
      .run(row);
  }

  /** How many of a dispatch's documents the hub no longer keeps. */
  countMissingDocuments(id: string): number {
    return this.sql.prepare<[string], { n: number }>('SELECT count(*) AS n FROM dispatch_documents WHERE dispatch_id = ? AND data IS NULL').get(id)?.n ?? 0;
  }

  documents(id: string): Array<Omit<DispatchDocumentRow, 'sha256'>> {
    return this.sql
      .prepare<[string], Omit<DispatchDocumentRow, 'sha256'>>('SELECT name, size, data FROM dispatch_documents WHERE dispatch_id = ? ORDER BY idx')
      .all(id);
  }

  dropDocumentData(id: string): void {
    this.sql.prepare('UPDATE dispatch_documents SET data = NULL WHERE dispatch_id = ?').run(id);
  }

  // ------------------------------------------------------------ the mail queue

  /**
   * Claims the e-mail due first until `lease` and counts the attempt. One statement, so the
   * claim is atomic across processes sharing the database.
   */
  claimNextMail(now: string, lease: string): DispatchRow | null {
    return (
      this.sql
        .prepare<{ now: string; lease: string }, DispatchRow>(
          `UPDATE dispatches SET claimed_until = @lease, attempts = attempts + 1
           WHERE id = (SELECT id FROM dispatches
                       WHERE state = 'queued' AND channel = 'email' AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now)
                       ORDER BY next_attempt_at, id LIMIT 1)
           RETURNING *`,
        )
        .get({ now, lease }) ?? null
    );
  }

  /** Marks a mail as being handed to the mail server; false when the claim `lease` was lost. */
  markHandedOver(id: string, lease: string, at: string): boolean {
    return this.sql.prepare('UPDATE dispatches SET handed_over_at = ? WHERE id = ? AND claimed_until = ?').run(at, id, lease).changes === 1;
  }

  /** Moves a claim's end from `lease` to `until`; false when the claim was lost. */
  renewClaim(id: string, lease: string, until: string): boolean {
    return this.sql.prepare('UPDATE dispatches SET claimed_until = ? WHERE id = ? AND claimed_until = ?').run(until, id, lease).changes === 1;
  }

  /**
   * Records a send's outcome and ends the claim; false when the claim was lost. The mark of the
   * handover goes when the mail goes back to the queue (it is not with the server); otherwise it
   * stays, as the record of the last handover, until a retry clears it.
   */
  recordMailOutcome(outcome: MailOutcomeRecord): boolean {
    return (
      this.sql
        .prepare<MailOutcomeRecord>(
          `UPDATE dispatches SET state = @state, reason = @reason, failure = @failure, claimed_until = NULL, updated_at = @at,
             handed_over_at = CASE WHEN @state = 'queued' THEN NULL ELSE handed_over_at END,
             next_attempt_at = @next, sent_at = CASE WHEN @state = 'delivered' THEN @at ELSE sent_at END,
             delivered_at = CASE WHEN @state = 'delivered' THEN @at ELSE delivered_at END
           WHERE id = @id AND claimed_until = @lease`,
        )
        .run(outcome).changes === 1
    );
  }

  // ------------------------------------------------------------ expiry

  /** Inbox dispatches still unread at `at`, their time over, become `expired`; returns them. */
  expireUnreadInbox(at: string): Origin[] {
    const unread = this.sql
      .prepare<[string], Origin>("SELECT id, kep_id, appointment_id FROM dispatches WHERE channel = 'inbox' AND state = 'sent' AND expires_at <= ?")
      .all(at);
    const expire = this.sql.prepare("UPDATE dispatches SET state = 'expired', updated_at = ? WHERE id = ?");
    for (const row of unread) expire.run(at, row.id);
    return unread;
  }

  /**
   * Forgets the documents the hub no longer needs: inbox copies past their time, delivered
   * mails' copies, failed mails' copies unchanged since `failedBefore`. Returns how many.
   */
  purgeDocumentData(at: string, failedBefore: string): number {
    return this.sql
      .prepare(
        `UPDATE dispatch_documents SET data = NULL WHERE data IS NOT NULL AND dispatch_id IN (
           SELECT id FROM dispatches
           WHERE (channel = 'inbox' AND expires_at <= @at)
              OR (channel = 'email' AND state = 'delivered')
              OR (channel = 'email' AND state = 'failed' AND updated_at <= @failedBefore))`,
      )
      .run({ at, failedBefore }).changes;
  }

  // ------------------------------------------------------------ the citizen's inbox

  /** An appointment's inbox documents still kept at `at`, newest dispatch first. */
  listInbox(appointmentId: string, at: string): InboxDocument[] {
    return this.sql
      .prepare<[string, string], InboxDocument>(
        `SELECT d.id AS dispatchId, doc.idx AS "index", doc.name, doc.size, doc.sha256, d.sent_at AS sentAt, d.expires_at AS expiresAt,
                (SELECT min(at) FROM inbox_downloads x WHERE x.dispatch_id = d.id AND x.idx = doc.idx) AS downloadedAt
         FROM dispatches d JOIN dispatch_documents doc ON doc.dispatch_id = d.id
         WHERE d.appointment_id = ? AND d.channel = 'inbox' AND d.state IN ('sent', 'downloaded') AND d.expires_at > ? AND doc.data IS NOT NULL
         ORDER BY d.sent_at DESC, d.id, doc.idx`,
      )
      .all(appointmentId, at);
  }

  inboxDocument(dispatchId: string, index: number): InboxDocumentRow | null {
    return (
      this.sql
        .prepare<[string, number], InboxDocumentRow>(
          `SELECT d.appointment_id, d.kep_id, d.channel, d.state, d.expires_at, doc.name, doc.data
           FROM dispatches d JOIN dispatch_documents doc ON doc.dispatch_id = d.id WHERE d.id = ? AND doc.idx = ?`,
        )
        .get(dispatchId, index) ?? null
    );
  }

  recordDownload(dispatchId: string, index: number, at: string, address: string): void {
    this.sql.prepare('INSERT INTO inbox_downloads (dispatch_id, idx, at, address) VALUES (?, ?, ?, ?)').run(dispatchId, index, at, address);
  }

  /** A sent dispatch becomes `downloaded` once every one of its documents was downloaded; true when it did now. */
  markDownloadedIfComplete(id: string, at: string): boolean {
    return (
      this.sql
        .prepare(
          `UPDATE dispatches SET state = 'downloaded', downloaded_at = @at, updated_at = @at
           WHERE id = @id AND state = 'sent' AND NOT EXISTS (
             SELECT 1 FROM dispatch_documents doc
             WHERE doc.dispatch_id = @id AND NOT EXISTS (SELECT 1 FROM inbox_downloads x WHERE x.dispatch_id = doc.dispatch_id AND x.idx = doc.idx))`,
        )
        .run({ id, at }).changes === 1
    );
  }
}
