import type { SqliteDatabase } from '../db/open-database';

/**
 * Which sender delivers an entry: 'bulk' entries (large uploads) travel in a lane of their own,
 * in order among themselves, so a slow upload on a thin line never holds back the changes and
 * audit entries behind it.
 */
export type Lane = 'ordered' | 'bulk';
export const LANES: readonly Lane[] = ['ordered', 'bulk'];

export interface NewOutboxEntry {
  idempotencyKey: string;
  actorId: string;
  kind: string;
  lane: Lane;
  /** The appointment the entry is about: retention keeps it, and the hub's copy waits, until it is delivered. */
  appointmentId: string | null;
  dispatchId: string | null;
  /** What is sent to the hub, kept as JSON. */
  body: unknown;
  madeAt: string;
  actorKeyId?: string | null;
  signature?: string | null;
}

export interface OutboxEntry {
  seq: number;
  idempotencyKey: string;
  actorId: string;
  kind: string;
  body: string;
  madeAt: string;
  attempts: number;
  nextAttemptAt: string | null;
  actorKeyId: string | null;
  signature: string | null;
}

interface EntryRow {
  seq: number;
  idempotency_key: string;
  actor_id: string;
  kind: string;
  change: string;
  made_at: string;
  attempts: number;
  next_attempt_at: string | null;
  actor_key_id: string | null;
  signature: string | null;
}

const fromRow = (r: EntryRow): OutboxEntry => ({
  seq: r.seq,
  idempotencyKey: r.idempotency_key,
  actorId: r.actor_id,
  kind: r.kind,
  body: r.change,
  madeAt: r.made_at,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  actorKeyId: r.actor_key_id,
  signature: r.signature,
});

/** A set of kinds as one bound parameter. */
const kindList = (kinds: readonly string[]): string => JSON.stringify(kinds);

/**
 * The `outbox` table, and the only module that reads or writes it: what is queued for the hub,
 * by kind, lane and subject, and what became of it. The sender (`Outbox`) decides what to send.
 */
export class OutboxEntries {
  constructor(private readonly db: SqliteDatabase) {}

  insert(e: NewOutboxEntry): void {
    this.db
      .prepare(
        `INSERT INTO outbox (idempotency_key, actor_id, kind, lane, appointment_id, dispatch_id, change, made_at, actor_key_id, signature)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        e.idempotencyKey,
        e.actorId,
        e.kind,
        e.lane,
        e.appointmentId,
        e.dispatchId,
        JSON.stringify(e.body),
        e.madeAt,
        e.actorKeyId ?? null,
        e.signature ?? null,
      );
  }

  /** The lane's oldest entry still to deliver. */
  nextPending(lane: Lane): OutboxEntry | null {
    const row = this.db.prepare<[Lane], EntryRow>("SELECT * FROM outbox WHERE state = 'pending' AND lane = ? ORDER BY seq LIMIT 1").get(lane);
    return row ? fromRow(row) : null;
  }

  markDelivered(seq: number, at: string): void {
    this.db.prepare("UPDATE outbox SET state = 'delivered', delivered_at = ? WHERE seq = ?").run(at, seq);
  }

  markRefused(seq: number, reason: string, at: string): void {
    this.db.prepare("UPDATE outbox SET state = 'refused', refused_reason = ?, delivered_at = ? WHERE seq = ?").run(reason, at, seq);
  }

  postpone(seq: number, error: string, nextAttemptAt: string): void {
    this.db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE seq = ?').run(error, nextAttemptAt, seq);
  }

  /** Every pending entry becomes due now. */
  makeDue(): void {
    this.db.prepare("UPDATE outbox SET next_attempt_at = NULL WHERE state = 'pending'").run();
  }

  countPending(kinds: readonly string[]): number {
    return (
      this.db
        .prepare<[string], { n: number }>("SELECT count(*) AS n FROM outbox WHERE state = 'pending' AND kind IN (SELECT value FROM json_each(?))")
        .get(kindList(kinds))?.n ?? 0
    );
  }

  countRefused(kinds: readonly string[]): number {
    return (
      this.db
        .prepare<[string], { n: number }>("SELECT count(*) AS n FROM outbox WHERE state = 'refused' AND kind IN (SELECT value FROM json_each(?))")
        .get(kindList(kinds))?.n ?? 0
    );
  }

  /** The newest refused entries of these kinds, with the hub's reason. */
  refused(kinds: readonly string[], limit: number): Array<{ body: string; reason: string; madeAt: string }> {
    return this.db
      .prepare<[string, number], { change: string; refused_reason: string; made_at: string }>(
        "SELECT change, refused_reason, made_at FROM outbox WHERE state = 'refused' AND kind IN (SELECT value FROM json_each(?)) ORDER BY seq DESC LIMIT ?",
      )
      .all(kindList(kinds), limit)
      .map((r) => ({ body: r.change, reason: r.refused_reason, madeAt: r.made_at }));
  }

  lastDeliveredAt(): string | null {
    return this.db.prepare<[], { at: string | null }>("SELECT max(delivered_at) AS at FROM outbox WHERE state != 'pending'").get()?.at ?? null;
  }

  /** Appointments with an entry still on its way to the hub. */
  pendingAppointmentIds(): Set<string> {
    const rows = this.db
      .prepare<[], { id: string }>("SELECT DISTINCT appointment_id AS id FROM outbox WHERE state = 'pending' AND appointment_id IS NOT NULL")
      .all();
    return new Set(rows.map((r) => r.id));
  }

  /** Dispatches with news still on its way to the hub. */
  pendingDispatchIds(): Set<string> {
    const rows = this.db.prepare<[], { id: string }>("SELECT DISTINCT dispatch_id AS id FROM outbox WHERE state = 'pending' AND dispatch_id IS NOT NULL").all();
    return new Set(rows.map((r) => r.id));
  }

  hasPendingForDispatch(dispatchId: string): boolean {
    return this.db.prepare("SELECT 1 FROM outbox WHERE state = 'pending' AND dispatch_id = ?").get(dispatchId) !== undefined;
  }

  /** Entries of these kinds still on record, oldest first (for the audit coverage check). */
  ofKinds(kinds: readonly string[]): Array<{ idempotencyKey: string; kind: string; madeAt: string }> {
    return this.db
      .prepare<[string], { idempotencyKey: string; kind: string; madeAt: string }>(
        'SELECT idempotency_key AS idempotencyKey, kind, made_at AS madeAt FROM outbox WHERE kind IN (SELECT value FROM json_each(?)) ORDER BY seq',
      )
      .all(kindList(kinds));
  }

  /** Drops delivered and refused entries made before `cutoff`; an undelivered one is never dropped. */
  purgeSettled(cutoff: string): number {
    return this.db.prepare("DELETE FROM outbox WHERE state != 'pending' AND made_at < ?").run(cutoff).changes;
  }
}
