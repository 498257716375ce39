import { createHash } from 'node:crypto';
import type { SqliteDatabase } from '../db/open-database';
import { KeyValueStore } from '../settings/key-value-store';

/** The newest entry, kept apart from the log: removing entries from the end breaks the chain too. */
export const AUDIT_HEAD_KEY = 'audit.head';

/** What is recorded: sign-ins, calls and their outcomes, changes to appointments (later: ID checks, case work). */
export interface AuditEvent {
  kind: string;
  actorId: string | null;
  workstationId: string | null;
  appointmentId: string | null;
  details: Record<string, unknown>;
}

export interface AuditEntry extends AuditEvent {
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

export type ChainCheck = { intact: true; entries: number } | { intact: false; entries: number; firstBroken: number; reason: string };

export const GENESIS_HASH = '0'.repeat(64);

interface Row {
  seq: number;
  at: string;
  actor_id: string | null;
  workstation_id: string | null;
  kind: string;
  appointment_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

/** JSON with keys in a fixed order, so the same entry always hashes the same. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What an entry's hash covers, in the order canonical() sorts them. */
const HASHED_FIELDS = ['actorId', 'appointmentId', 'at', 'details', 'kind', 'prevHash', 'seq', 'workstationId'] as const;

/**
 * The hash of an entry: everything it says, and the hash of the entry before it. The text hashed
 * is canonical() of those fields, written out field by field: a start re-hashes every entry
 * since the last one, and sorting the same eight keys each time was a good part of that.
 */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const fields: string[] = [];
  for (const field of HASHED_FIELDS) {
    const value = entry[field];
    if (value !== undefined) fields.push(`"${field}":${canonical(value)}`);
  }
  return createHash('sha256')
    .update(`{${fields.join(',')}}`)
    .digest('hex');
}

/** A place in the chain: an entry's number and hash. */
interface ChainPoint {
  seq: number;
  hash: string;
}

const fromRow = (r: Row): AuditEntry => ({
  seq: r.seq,
  at: r.at,
  actorId: r.actor_id,
  workstationId: r.workstation_id,
  kind: r.kind,
  appointmentId: r.appointment_id,
  details: JSON.parse(r.details) as Record<string, unknown>,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** Whether a stored entry still hashes to its hash; null when its details cannot be read. */
function hashMatches(row: Row): boolean | null {
  let entry: AuditEntry;
  try {
    entry = fromRow(row);
  } catch {
    return null;
  }
  return entryHash(entry) === row.hash;
}

/**
 * The workstation's append-only, hash-chained audit trail in SQLite. Appending reads the last
 * hash and writes the new entry in one transaction, so two appends can never share a parent.
 */
export class AuditLog {
  private readonly state: KeyValueStore;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.state = new KeyValueStore(db, 'sync_state');
  }

  append(event: AuditEvent): AuditEntry {
    return this.db.transaction((): AuditEntry => {
      const last = this.db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get();
      const partial = { ...event, seq: (last?.seq ?? 0) + 1, at: this.now().toISOString(), prevHash: last?.hash ?? GENESIS_HASH };
      const entry: AuditEntry = { ...partial, hash: entryHash(partial) };
      this.db
        .prepare('INSERT INTO audit_log (seq, at, actor_id, workstation_id, kind, appointment_id, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(entry.seq, entry.at, entry.actorId, entry.workstationId, entry.kind, entry.appointmentId, canonical(entry.details), entry.prevHash, entry.hash);
      this.state.set(AUDIT_HEAD_KEY, `${entry.seq}:${entry.hash}`);
      return entry;
    })();
  }

  /** Who wrote the last entry of this kind about an appointment here (null when none was written here). */
  lastActor(kind: string, appointmentId: string): string | null {
    return (
      this.db
        .prepare<[string, string], { actor_id: string | null }>(
          'SELECT actor_id FROM audit_log WHERE kind = ? AND appointment_id = ? ORDER BY seq DESC LIMIT 1',
        )
        .get(kind, appointmentId)?.actor_id ?? null
    );
  }

  /** Entries after `seq`, oldest first (for delivery to the hub). */
  after(seq: number, limit = 500): AuditEntry[] {
    return this.db.prepare<[number, number], Row>('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?').all(seq, limit).map(fromRow);
  }

  /**
   * Walks the whole chain: numbering without gaps from 1, each entry's parent the hash of the
   * one before, each hash matching what the entry says. Names the first entry that breaks it.
   * Trusts no checkpoint, and checks the checkpoint too: this is what `audit:check` runs.
   */
  verify(): ChainCheck {
    const checkpoint = this.checkpoint();
    const walked = this.walk({ seq: 0, hash: GENESIS_HASH }, checkpoint);
    return walked.check;
  }

  /**
   * The check at every start: only the entries after the checkpoint (the head verified at the
   * last start) are walked, from the checkpoint's hash, after re-hashing the checkpoint's own
   * entry. When the chain is intact the checkpoint moves to its head; when it is broken it stays,
   * so every start names the break again, as a full walk would.
   *
   * What this trusts, against someone who can edit the database file (sqlite3, triggers
   * dropped): an entry BEFORE the checkpoint edited in place is not seen here, only by
   * `audit:check`, which walks everything. An edit that is re-hashed onwards to hide it changes
   * the checkpoint's entry, which both checks compare with the hash stored apart, unless the
   * checkpoint row is rewritten too; a checkpoint moved past an edited entry likewise fools only
   * the start. That is no new weakness: whoever can rewrite the checkpoint can re-hash the whole
   * chain and its head, which no keyless chain in a writable file can prove against. The
   * trail's defence against that is the hub's copy of every entry (delivered by the outbox).
   * A missing checkpoint (a new database, or one from before version 18) means a full walk.
   */
  verifyAtStart(): ChainCheck {
    const checkpoint = this.checkpoint();
    let from: ChainPoint = { seq: 0, hash: GENESIS_HASH };
    if (checkpoint) {
      const row = this.db.prepare<[number], Row>('SELECT * FROM audit_log WHERE seq = ?').get(checkpoint.seq);
      const broken = (reason: string): ChainCheck => ({ intact: false, entries: checkpoint.seq - 1, firstBroken: checkpoint.seq, reason });
      if (!row) return broken('the entry verified at the last start is missing');
      if (row.hash !== checkpoint.hash || !hashMatches(row)) return broken('it no longer matches the entry verified at the last start');
      from = checkpoint;
    }
    const walked = this.walk(from, null);
    if (walked.check.intact && walked.head.seq > (checkpoint?.seq ?? 0)) {
      this.db
        .prepare(
          'INSERT INTO audit_checkpoint (id, seq, hash, verified_at) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, verified_at = excluded.verified_at',
        )
        .run(walked.head.seq, walked.head.hash, this.now().toISOString());
    }
    return walked.check;
  }

  private checkpoint(): ChainPoint | null {
    // audit:check opens a database read-only, without migrating it: one of a desk older than 18 has no checkpoint.
    const exists = this.db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'audit_checkpoint'").get();
    if (!exists) return null;
    return this.db.prepare<[], ChainPoint>('SELECT seq, hash FROM audit_checkpoint WHERE id = 1').get() ?? null;
  }

  /**
   * Walks the entries after `from` (whose hash they must carry on from), checking on the way
   * that the entry a checkpoint names still has the hash it had, then that the newest entry is
   * the one last written. `entries` counts from 1, so a walk from a checkpoint counts those before it.
   */
  private walk(from: ChainPoint, checkpoint: ChainPoint | null): { check: ChainCheck; head: ChainPoint } {
    let expectedSeq = from.seq + 1;
    let prevHash = from.hash;
    let entries = from.seq;
    const fail = (firstBroken: number, reason: string): { check: ChainCheck; head: ChainPoint } => ({
      check: { intact: false, entries, firstBroken, reason },
      head: { seq: entries, hash: prevHash },
    });
    for (const row of this.db.prepare<[number], Row>('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq').iterate(from.seq)) {
      if (row.seq !== expectedSeq) return fail(row.seq, `entry ${expectedSeq} is missing`);
      if (row.prev_hash !== prevHash) return fail(row.seq, 'it does not follow the entry before it');
      const matches = hashMatches(row);
      if (matches === null) return fail(row.seq, 'its details are not readable');
      if (!matches) return fail(row.seq, 'its contents do not match its hash');
      if (checkpoint && row.seq === checkpoint.seq && row.hash !== checkpoint.hash)
        return fail(row.seq, 'it no longer matches the entry verified at the last start');
      prevHash = row.hash;
      expectedSeq += 1;
      entries += 1;
    }
    if (checkpoint && checkpoint.seq > entries) return fail(entries + 1, `entries ${entries + 1} to ${checkpoint.seq} are missing`);
    const head = this.state.get(AUDIT_HEAD_KEY);
    if (head !== null && head !== `${entries}:${prevHash}`) {
      const headSeq = Number(head.split(':')[0]);
      return headSeq > entries
        ? fail(entries + 1, `entries ${entries + 1} to ${headSeq} are missing`)
        : fail(headSeq, 'the newest entry is not the one last written');
    }
    return { check: { intact: true, entries }, head: { seq: entries, hash: prevHash } };
  }
}
