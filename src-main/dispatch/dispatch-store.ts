import type { DeskDispatchFailure, Dispatch, OwedDocument } from '../../src-shared/contract/ipc';
import { formatAthensDate } from '../../src-shared/domain/athens-time';
import type { DispatchChannel, DispatchState, DispatchStatus } from '../../src-shared/protocol/dispatch';
import type { SqliteDatabase } from '../db/open-database';
import type { OutboxEntries } from '../sync/outbox-entries';

interface DispatchRow {
  id: string;
  appointment_id: string;
  channel: DispatchChannel;
  state: DispatchState;
  recipient: string;
  tracking_number: string | null;
  reason: string | null;
  /** The hub's cause of a failure (migration 012), or the desk's record_refused (migration 015). */
  failure: DeskDispatchFailure | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  sent_at: string | null;
  delivered_at: string | null;
  downloaded_at: string | null;
  expires_at: string | null;
  dismissed_at: string | null;
}

export interface NewDispatch {
  id: string;
  appointmentId: string;
  channel: DispatchChannel;
  recipient: string;
  documentIds: readonly string[];
  actorId: string;
  at: string;
}

/** A dispatch in one of these states is on its way or has arrived: the document is no longer owed. */
const LIVE = "('queued', 'sent', 'delivered', 'downloaded')";
/** A dispatch that still owes the citizen its documents. */
const OWING = "state IN ('queued', 'failed', 'expired') AND dismissed_at IS NULL";

/** The desk's record of its dispatches: what went, by which channel, and what the hub last said of it. */
export class DispatchStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly outbox: OutboxEntries,
  ) {}

  insert(d: NewDispatch): void {
    this.db
      .prepare(
        `INSERT INTO dispatches (id, appointment_id, channel, state, recipient, created_at, created_by, updated_at)
         VALUES (?, ?, ?, 'queued', ?, ?, ?, ?)`,
      )
      .run(d.id, d.appointmentId, d.channel, d.recipient, d.at, d.actorId, d.at);
    const link = this.db.prepare('INSERT INTO dispatch_documents (dispatch_id, idx, document_id) VALUES (?, ?, ?)');
    d.documentIds.forEach((documentId, idx) => link.run(d.id, idx, documentId));
  }

  get(id: string): Dispatch | null {
    const row = this.db.prepare<[string], DispatchRow>('SELECT * FROM dispatches WHERE id = ?').get(id);
    return row ? this.withDocuments(row) : null;
  }

  list(appointmentId: string): Dispatch[] {
    return this.db
      .prepare<[string], DispatchRow>('SELECT * FROM dispatches WHERE appointment_id = ? ORDER BY created_at DESC, id')
      .all(appointmentId)
      .map((row) => this.withDocuments(row));
  }

  /**
   * A dispatch of the same documents by the same channel still on its way (made after `since`,
   * when given): making another would send them twice. One that arrived may be sent again on purpose.
   */
  findInFlight(appointmentId: string, channel: DispatchChannel, documentIds: readonly string[], since = ''): Dispatch | null {
    const wanted = [...documentIds].sort().join(',');
    return (
      this.list(appointmentId).find(
        (d) =>
          d.channel === channel &&
          (d.state === 'queued' || d.state === 'sent') &&
          d.createdAt > since &&
          d.documents
            .map((x) => x.id)
            .sort()
            .join(',') === wanted,
      ) ?? null
    );
  }

  documentIds(dispatchId: string): string[] {
    return this.db
      .prepare<[string], { document_id: string }>('SELECT document_id FROM dispatch_documents WHERE dispatch_id = ? ORDER BY idx')
      .all(dispatchId)
      .map((r) => r.document_id);
  }

  /**
   * Takes the hub's word for a dispatch. A status the desk asked for is dropped while the desk
   * has news of the dispatch still on its way to the hub; the hub's answer to that news itself
   * (`answering`) is taken. Returns whether anything changed.
   */
  applyStatus(status: DispatchStatus, answering = false): boolean {
    if (!answering && this.outbox.hasPendingForDispatch(status.id)) return false;
    return (
      this.db
        .prepare(
          `UPDATE dispatches SET state = @state, reason = @reason, failure = @failure, tracking_number = coalesce(@trackingNumber, tracking_number), updated_at = @updatedAt,
             sent_at = @sentAt, delivered_at = @deliveredAt, downloaded_at = @downloadedAt, expires_at = @expiresAt
           WHERE id = @id AND (state, coalesce(reason, ''), coalesce(failure, ''), coalesce(delivered_at, ''), coalesce(downloaded_at, ''), coalesce(expires_at, ''))
             IS NOT (@state, coalesce(@reason, ''), coalesce(@failure, ''), coalesce(@deliveredAt, ''), coalesce(@downloadedAt, ''), coalesce(@expiresAt, ''))`,
        )
        .run(status).changes > 0
    );
  }

  /** The desk's own word on a dispatch; the hub's cause of an earlier failure no longer holds. */
  setState(id: string, state: DispatchState, reason: string | null, at: string, failure: DeskDispatchFailure | null = null): void {
    this.db.prepare('UPDATE dispatches SET state = ?, reason = ?, failure = ?, updated_at = ? WHERE id = ?').run(state, reason, failure, at, id);
  }

  recordPosting(id: string, trackingNumber: string, at: string): void {
    this.db
      .prepare("UPDATE dispatches SET state = 'sent', tracking_number = ?, reason = NULL, sent_at = ?, updated_at = ? WHERE id = ?")
      .run(trackingNumber, at, at, id);
  }

  /**
   * Dispatches whose fate the hub decides and has not settled yet, with no entry for them still
   * waiting in the outbox (the desk's own news about those is newer than the hub's).
   */
  unsettled(appointmentIds?: readonly string[]): string[] {
    const only = appointmentIds ? 'AND appointment_id IN (SELECT value FROM json_each(?))' : '';
    const waiting = this.outbox.pendingDispatchIds();
    return this.db
      .prepare<unknown[], { id: string }>(`SELECT id FROM dispatches WHERE state IN ('queued', 'sent') AND channel != 'post' ${only} ORDER BY updated_at`)
      .all(...(appointmentIds ? [JSON.stringify(appointmentIds)] : []))
      .map((r) => r.id)
      .filter((id) => !waiting.has(id));
  }

  /** Appointments still owed a document by a dispatch: a letter to post, or a failed or expired dispatch not dismissed. */
  owingAppointmentIds(): Set<string> {
    const rows = this.db.prepare<[], { id: string }>(`SELECT DISTINCT appointment_id AS id FROM dispatches WHERE ${OWING}`).all();
    return new Set(rows.map((r) => r.id));
  }

  /** Documents some dispatch carries (they stay on record with it). */
  carriedDocumentIds(): Set<string> {
    return new Set(
      this.db
        .prepare<[], { id: string }>('SELECT DISTINCT document_id AS id FROM dispatch_documents')
        .all()
        .map((r) => r.id),
    );
  }

  /** Drops dispatches made before `cutoff` that owe nothing, but those to `keep`; returns how many went. */
  purgeSettledBefore(cutoff: string, keep: ReadonlySet<string>): number {
    return this.db
      .prepare(`DELETE FROM dispatches WHERE created_at < ? AND NOT (${OWING}) AND id NOT IN (SELECT value FROM json_each(?))`)
      .run(cutoff, JSON.stringify([...keep])).changes;
  }

  /** A letter never posted is withdrawn whole; nothing of it reached the hub or the citizen. */
  delete(id: string): void {
    this.db.prepare('DELETE FROM dispatches WHERE id = ?').run(id);
  }

  /** A failed or expired dispatch the employee decided not to send again: it stays on record, no longer owed. */
  dismiss(id: string, at: string): void {
    this.db.prepare('UPDATE dispatches SET dismissed_at = ?, updated_at = ? WHERE id = ?').run(at, at, id);
  }

  /**
   * Every appointment, of any day still cached, that owes the citizen a document: a failed or
   * expired dispatch nothing later replaced, a letter waiting to be posted, or a case waiting for
   * its document with nothing sent since. One line per appointment, the most pressing reason.
   */
  owed(kepId: string): OwedDocument[] {
    const rows = this.db
      .prepare<
        [string],
        {
          appointment_id: string;
          starts_at: string;
          first_name: string;
          last_name: string;
          subject: string;
          delivery_method: DispatchChannel;
          reason: OwedDocument['reason'];
          detail: string | null;
        }
      >(
        `WITH live AS (SELECT appointment_id, created_at FROM dispatches WHERE state IN ${LIVE}),
         owed AS (
           -- A mail whose outcome is unknown may well have arrived: it is owed a question to the citizen, not a resend.
           SELECT d.appointment_id, CASE WHEN d.failure = 'outcome_unknown' THEN 'outcome_unknown' ELSE d.state END AS reason,
             CASE WHEN d.failure = 'outcome_unknown' THEN NULL ELSE d.reason END AS detail, 1 AS priority
           FROM dispatches d
           WHERE d.state IN ('failed', 'expired') AND d.dismissed_at IS NULL
             AND NOT EXISTS (SELECT 1 FROM live l WHERE l.appointment_id = d.appointment_id AND l.created_at > d.created_at)
           UNION ALL
           SELECT appointment_id, 'awaiting_posting', NULL, 2 FROM dispatches WHERE channel = 'post' AND state = 'queued'
           UNION ALL
           SELECT c.appointment_id, 'awaiting_document', NULL, 3 FROM case_records c
           WHERE c.status = 'awaiting_document'
             AND NOT EXISTS (SELECT 1 FROM live l WHERE l.appointment_id = c.appointment_id AND l.created_at >= coalesce(c.awaiting_since, ''))
         ),
         ranked AS (SELECT *, row_number() OVER (PARTITION BY appointment_id ORDER BY priority) AS n FROM owed)
         SELECT o.appointment_id, a.starts_at, a.citizen_first_name AS first_name, a.citizen_last_name AS last_name, a.subject, a.delivery_method, o.reason, o.detail
         FROM ranked o JOIN appointments a ON a.id = o.appointment_id
         WHERE o.n = 1 AND a.kep_id = ?
         ORDER BY a.starts_at`,
      )
      .all(kepId);
    return rows.map((r) => ({
      appointmentId: r.appointment_id,
      date: formatAthensDate(new Date(r.starts_at)),
      startsAt: r.starts_at,
      citizenName: `${r.first_name} ${r.last_name}`,
      subject: r.subject,
      deliveryMethod: r.delivery_method,
      reason: r.reason,
      detail: r.detail,
    }));
  }

  private withDocuments(row: DispatchRow): Dispatch {
    const documents = this.db
      .prepare<[string], { id: string; name: string; size: number; sha256: string }>(
        'SELECT c.id, c.name, c.size, c.sha256 FROM dispatch_documents dd JOIN case_documents c ON c.id = dd.document_id WHERE dd.dispatch_id = ? ORDER BY dd.idx',
      )
      .all(row.id);
    return {
      id: row.id,
      appointmentId: row.appointment_id,
      channel: row.channel,
      state: row.state,
      recipient: row.recipient,
      trackingNumber: row.tracking_number,
      reason: row.reason,
      failure: row.failure,
      documents,
      createdAt: row.created_at,
      createdBy: row.created_by,
      updatedAt: row.updated_at,
      sentAt: row.sent_at,
      deliveredAt: row.delivered_at,
      downloadedAt: row.downloaded_at,
      expiresAt: row.expires_at,
      dismissedAt: row.dismissed_at,
    };
  }
}
