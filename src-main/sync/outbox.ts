import { randomUUID } from 'node:crypto';
import type { OutboxStatus } from '../../src-shared/contract/ipc';
import { AppError } from '../../src-shared/errors';
import { createLogger } from '../../src-shared/log';
import { changeSigningText, type WorkChange } from '../../src-shared/protocol/changes';
import type { AuditEntryPayload } from '../../src-shared/protocol/audit';
import type { SqliteDatabase } from '../db/open-database';
import type { HubApiClient } from '../hub/hub-api-client';
import type { EventBus } from '../ipc/event-bus';
import type { SessionActor } from '../session/session-service';
import type { WorkStore } from '../work/work-store';

const log = createLogger('outbox');

const AUDIT_KIND = 'audit.entry';

const MAX_BACKOFF_MS = 60_000;
/** Answers that retrying cannot change (a malformed entry, a key already used elsewhere). */
const PERMANENT = new Set(['invalid_input', 'conflict', 'forbidden', 'not_found']);

interface OutboxRow {
  seq: number;
  idempotency_key: string;
  actor_id: string;
  change: string;
  made_at: string;
  attempts: number;
  next_attempt_at: string | null;
  actor_key_id: string | null;
  signature: string | null;
}

/** An outbox entry that is not a WorkChange: a tagged body with its own endpoint at the hub. */
export interface TaggedBody {
  kind: string;
  /** Lets retention keep the appointment an undelivered entry is about. */
  appointmentId?: string;
  [key: string]: unknown;
}

export interface TaggedDelivery {
  /** Sends one entry; resolves whether the hub took it (and why not), throws to retry later. */
  deliver(body: TaggedBody, client: HubApiClient): Promise<{ applied: boolean; reason: string | null }>;
  /** The hub refused the entry for good. */
  refused?(body: TaggedBody, reason: string): void;
  /**
   * 'bulk' entries (large uploads) travel in a lane of their own, in order among themselves, so
   * a slow upload on a thin line never holds back the changes and audit entries behind it.
   */
  lane?: Lane;
}

type Lane = 'ordered' | 'bulk';
const LANES: readonly Lane[] = ['ordered', 'bulk'];

export interface OutboxDeps {
  db: SqliteDatabase;
  work: WorkStore;
  client: () => HubApiClient | null;
  events: EventBus;
  /** Called after the hub refused a change for good, so the hub's truth can be pulled again. */
  onRefused?: () => void;
  /** Deliverers of tagged bodies by kind (audit entries are built in). */
  tagged?: Record<string, TaggedDelivery>;
  now?: () => Date;
}

/**
 * Every change made at this workstation is applied to the cache and written here in one
 * transaction, with an idempotency key. A sender delivers the entries in order (large uploads in
 * a lane of their own, in order among themselves), retrying with
 * backoff while the hub is away; the hub applies each key once. An entry leaves the queue only
 * when the hub has answered for it, so nothing is lost to a crash, a restart or the network.
 */
export class Outbox {
  private readonly now: () => Date;
  private readonly flushing: Record<Lane, Promise<void> | null> = { ordered: null, bulk: null };
  private readonly timers: Record<Lane, ReturnType<typeof setTimeout> | null> = { ordered: null, bulk: null };
  private stopped = false;
  private readonly tagged: Record<string, TaggedDelivery>;
  /** Tagged entries travel in the same order, but they are not the employee's changes to watch. */
  private readonly notTagged: string;
  /** Which entries each lane delivers, as SQL. */
  private readonly inLane: Record<Lane, string>;

  constructor(private readonly deps: OutboxDeps) {
    this.now = deps.now ?? (() => new Date());
    this.tagged = {
      [AUDIT_KIND]: { deliver: async (body, client) => ({ applied: (await client.sendAudit((body as unknown as { entry: AuditEntryPayload }).entry)).stored, reason: null }) },
      ...deps.tagged,
    };
    const kinds = (names: string[]): string => names.map((k) => `'${k.replace(/'/g, "''")}'`).join(', ') || "''";
    this.notTagged = `json_extract(change, '$.kind') NOT IN (${kinds(Object.keys(this.tagged))})`;
    const bulk = kinds(Object.keys(this.tagged).filter((k) => this.tagged[k]?.lane === 'bulk'));
    this.inLane = { ordered: `json_extract(change, '$.kind') NOT IN (${bulk})`, bulk: `json_extract(change, '$.kind') IN (${bulk})` };
  }

  /**
   * Applies a change locally and queues it, signed by its author, atomically. Returns its
   * idempotency key. Called inside the caller's transaction (with the change's audit entry);
   * call `queued` once it commits.
   */
  record(change: WorkChange, actor: Pick<SessionActor, 'id' | 'keyId' | 'sign'>): string {
    const key = randomUUID();
    const madeAt = this.now().toISOString();
    const signature = actor.sign(changeSigningText({ idempotencyKey: key, actorId: actor.id, madeAt, change }));
    this.deps.db.transaction(() => {
      this.deps.work.applyLocal(change, madeAt);
      this.deps.db
        .prepare('INSERT INTO outbox (idempotency_key, actor_id, change, made_at, actor_key_id, signature) VALUES (?, ?, ?, ?, ?, ?)')
        .run(key, actor.id, JSON.stringify(change), madeAt, actor.keyId, signature);
    })();
    return key;
  }

  /** Something was queued and committed: tell the screen and start delivering. */
  queued(): void {
    this.changed();
    void this.flush();
  }

  /**
   * Queues an audit entry for the hub's copy of the trail, in the same order as the changes. The
   * caller appends the entry and calls this in one transaction.
   */
  enqueueAudit(entry: AuditEntryPayload): void {
    this.enqueue({ kind: AUDIT_KIND, entry }, entry.actorId ?? '', entry.at);
  }

  /**
   * Queues a tagged body behind everything queued before it. The caller writes what the body
   * refers to in the same transaction; call `flush` after it commits.
   */
  enqueue(body: TaggedBody, actorId: string, madeAt: string = this.now().toISOString()): void {
    if (!this.tagged[body.kind]) throw new Error(`No deliverer for outbox entries of kind ${body.kind}.`);
    this.deps.db
      .prepare('INSERT INTO outbox (idempotency_key, actor_id, change, made_at) VALUES (?, ?, ?, ?)')
      .run(randomUUID(), actorId, JSON.stringify(body), madeAt);
  }

  /**
   * The employee's view: changes to appointments (audit entries travel too, but are not theirs to
   * watch). Without contents (IT's view), refused changes are counted but not shown: their
   * notes and reasons are citizens' data.
   */
  status({ contents }: { contents: boolean } = { contents: true }): OutboxStatus {
    const db = this.deps.db;
    const pending = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM outbox WHERE state = 'pending' AND ${this.notTagged}`).get()?.n ?? 0;
    const refused = db
      .prepare<[], { change: string; refused_reason: string; made_at: string }>(
        `SELECT change, refused_reason, made_at FROM outbox WHERE state = 'refused' AND ${this.notTagged} ORDER BY seq DESC LIMIT 20`,
      )
      .all()
      .map((r) => ({ change: JSON.parse(r.change) as WorkChange, reason: r.refused_reason, madeAt: r.made_at }));
    const last = db.prepare<[], { at: string | null }>("SELECT max(delivered_at) AS at FROM outbox WHERE state != 'pending'").get()?.at ?? null;
    const refusedCount = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM outbox WHERE state = 'refused' AND ${this.notTagged}`).get()?.n ?? 0;
    return { pending, refused: contents ? refused : [], refusedCount, lastDeliveredAt: last };
  }

  /** Delivers what is due, in order within each lane; concurrent callers share one pass. */
  flush(): Promise<void> {
    return Promise.all(LANES.map((lane) => this.flushLane(lane))).then(() => undefined);
  }

  stop(): void {
    this.stopped = true;
    for (const lane of LANES) {
      const timer = this.timers[lane];
      if (timer) clearTimeout(timer);
    }
  }

  private flushLane(lane: Lane): Promise<void> {
    this.flushing[lane] ??= this.deliver(lane).finally(() => {
      this.flushing[lane] = null;
    });
    return this.flushing[lane];
  }

  private async deliver(lane: Lane): Promise<void> {
    const client = this.deps.client();
    if (!client) return;
    const next = this.deps.db.prepare<[], OutboxRow>(`SELECT * FROM outbox WHERE state = 'pending' AND ${this.inLane[lane]} ORDER BY seq LIMIT 1`);
    for (let row = next.get(); row && !this.stopped; row = next.get()) {
      const due = row.next_attempt_at ? new Date(row.next_attempt_at).getTime() - this.now().getTime() : 0;
      if (due > 0) return this.retryIn(lane, due);
      try {
        const body = JSON.parse(row.change) as WorkChange | TaggedBody;
        const tagged = this.tagged[body.kind];
        const result = tagged ? await tagged.deliver(body as TaggedBody, client) : await this.sendChange(row, body as WorkChange, client);
        if (this.stopped) return;
        const at = this.now().toISOString();
        if (result.applied) {
          this.deps.db.prepare("UPDATE outbox SET state = 'delivered', delivered_at = ? WHERE seq = ?").run(at, row.seq);
        } else {
          log.warn('the hub refused a change', { key: row.idempotency_key, reason: result.reason });
          this.deps.db.prepare("UPDATE outbox SET state = 'refused', refused_reason = ?, delivered_at = ? WHERE seq = ?").run(result.reason ?? '', at, row.seq);
          this.refused(row, result.reason ?? '');
        }
        this.changed();
      } catch (error) {
        if (this.stopped) return;
        if (error instanceof AppError && PERMANENT.has(error.code)) {
          // The hub will never take this entry; waiting on it would hold back every later one.
          log.warn('the hub rejected a change for good', { key: row.idempotency_key, error: error.message });
          this.deps.db
            .prepare("UPDATE outbox SET state = 'refused', refused_reason = ?, delivered_at = ? WHERE seq = ?")
            .run(error.message, this.now().toISOString(), row.seq);
          this.changed();
          this.refused(row, error.message);
          continue;
        }
        const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(row.attempts, 6));
        const message = error instanceof AppError ? error.message : String(error);
        this.deps.db
          .prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE seq = ?')
          .run(message, new Date(this.now().getTime() + backoff).toISOString(), row.seq);
        log.info('delivery postponed', { key: row.idempotency_key, backoffMs: backoff, error: message });
        this.changed();
        return this.retryIn(lane, backoff);
      }
    }
  }

  private sendChange(row: OutboxRow, change: WorkChange, client: HubApiClient): Promise<{ applied: boolean; reason: string | null }> {
    if (!row.actor_key_id || !row.signature) {
      // Queued by a version that did not sign changes: the hub would take it from nobody.
      return Promise.resolve({ applied: false, reason: 'This change was made before changes were signed, so the hub cannot tell who made it; make it again.' });
    }
    return client.sendChange({ idempotencyKey: row.idempotency_key, actorId: row.actor_id, madeAt: row.made_at, change, actorKeyId: row.actor_key_id, signature: row.signature });
  }

  /** Makes the next attempt due now (e.g. the hub just came back) and delivers. */
  retryNow(): Promise<void> {
    this.deps.db.prepare("UPDATE outbox SET next_attempt_at = NULL WHERE state = 'pending'").run();
    return this.flush();
  }

  private refused(row: OutboxRow, reason: string): void {
    const body = JSON.parse(row.change) as TaggedBody;
    const tagged = this.tagged[body.kind];
    if (tagged) tagged.refused?.(body, reason);
    else this.deps.onRefused?.();
  }

  private retryIn(lane: Lane, ms: number): void {
    const timer = this.timers[lane];
    if (timer) clearTimeout(timer);
    this.timers[lane] = setTimeout(() => void this.flushLane(lane), ms);
    this.timers[lane].unref?.();
  }

  private changed(): void {
    if (!this.stopped) this.deps.events.emit('outbox.changed', this.status());
  }
}
