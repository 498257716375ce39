import { createHash } from 'node:crypto';
import type { SqliteDatabase } from '../db/open-database';
import { KeyValueStore } from '../settings/key-value-store';

/** The newest entry, kept apart from the log: removing entries from the end breaks the chain too. */
const HEAD_KEY = 'audit.head';

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
function canonical(value: unknown): string {
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

/** The hash of an entry: everything it says, and the hash of the entry before it. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, actorId, workstationId, kind, appointmentId, details, prevHash } = entry;
  return createHash('sha256').update(canonical({ seq, at, actorId, workstationId, kind, appointmentId, details, prevHash })).digest('hex');
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
      this.state.set(HEAD_KEY, `${entry.seq}:${entry.hash}`);
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
   */
  verify(): ChainCheck {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let entries = 0;
    for (const row of this.db.prepare<[], Row>('SELECT * FROM audit_log ORDER BY seq').iterate()) {
      const broken = (reason: string): ChainCheck => ({ intact: false, entries, firstBroken: row.seq, reason });
      let entry: AuditEntry;
      try {
        entry = fromRow(row);
      } catch {
        return broken('its details are not readable');
      }
      if (row.seq !== expectedSeq) return broken(`entry ${expectedSeq} is missing`);
      if (row.prev_hash !== prevHash) return broken('it does not follow the entry before it');
      if (entryHash(entry) !== row.hash) return broken('its contents do not match its hash');
      prevHash = row.hash;
      expectedSeq += 1;
      entries += 1;
    }
    const head = this.state.get(HEAD_KEY);
    if (head !== null && head !== `${entries}:${prevHash}`) {
      const headSeq = Number(head.split(':')[0]);
      return headSeq > entries
        ? { intact: false, entries, firstBroken: entries + 1, reason: `entries ${entries + 1} to ${headSeq} are missing` }
        : { intact: false, entries, firstBroken: headSeq, reason: 'the newest entry is not the one last written' };
    }
    return { intact: true, entries };
  }
}
