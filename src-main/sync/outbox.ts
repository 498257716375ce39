import { randomUUID } from 'node:crypto';
import type { OutboxStatus } from '../../src-shared/contract/ipc';
import { AppError } from '../../src-shared/errors';
import { createLogger } from '../../src-shared/log';
import { changeSigningText, type WorkChange, workChangeSchema } from '../../src-shared/protocol/changes';
import type { AuditEntryPayload } from '../../src-shared/protocol/audit';
import type { SqliteDatabase } from '../db/open-database';
import type { HubApiClient } from '../hub/hub-api-client';
import type { EventBus } from '../ipc/event-bus';
import type { SessionActor } from '../session/session-service';
import type { WorkStore } from '../work/work-store';
import { LANES, type Lane, type OutboxEntries, type OutboxEntry } from './outbox-entries';

const log = createLogger('outbox');

const AUDIT_KIND = 'audit.entry';
/** The employee's own changes to appointments, as opposed to the tagged entries that travel with them. */
const WORK_CHANGE_KINDS: readonly string[] = workChangeSchema.options.map((option) => option.shape.kind.value);

const MAX_BACKOFF_MS = 60_000;
/** Answers that retrying cannot change (a malformed entry, a key already used elsewhere). */
const PERMANENT = new Set(['invalid_input', 'conflict', 'forbidden', 'not_found']);

/** An outbox entry that is not a WorkChange: a tagged body with its own endpoint at the hub. */
export interface TaggedBody {
  kind: string;
  /** Lets retention keep the appointment an undelivered entry is about. */
  appointmentId?: string;
  /** Lets the dispatch's status wait for the desk's own news of it. */
  dispatchId?: string;
  [key: string]: unknown;
}

export interface TaggedDelivery {
  /** Sends one entry; resolves whether the hub took it (and why not), throws to retry later. */
  deliver(body: TaggedBody, client: HubApiClient): Promise<{ applied: boolean; reason: string | null }>;
  /** The hub refused the entry for good. */
  refused?(body: TaggedBody, reason: string): void;
  lane?: Lane;
}

export interface OutboxDeps {
  entries: OutboxEntries;
  work: WorkStore;
  db: SqliteDatabase;
  client: () => HubApiClient | null;
  events: EventBus;
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
  private readonly tagged = new Map<string, TaggedDelivery>();
  private readonly refusedListeners = new Set<() => void>();

  constructor(private readonly deps: OutboxDeps) {
    this.now = deps.now ?? (() => new Date());
    this.register(AUDIT_KIND, {
      deliver: async (body, client) => ({ applied: (await client.sendAudit((body as unknown as { entry: AuditEntryPayload }).entry)).stored, reason: null }),
    });
  }

  /** Lets a service queue tagged bodies of this kind, delivered (and refused) its way. */
  register(kind: string, delivery: TaggedDelivery): void {
    this.tagged.set(kind, delivery);
  }

  /** Called after the hub refused a change for good, so the hub's truth can be pulled again. */
  onRefused(listener: () => void): () => void {
    this.refusedListeners.add(listener);
    return () => this.refusedListeners.delete(listener);
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
      this.deps.entries.insert({
        idempotencyKey: key,
        actorId: actor.id,
        kind: change.kind,
        lane: 'ordered',
        appointmentId: change.appointmentId,
        dispatchId: null,
        body: change,
        madeAt,
        actorKeyId: actor.keyId,
        signature,
      });
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
    const delivery = this.tagged.get(body.kind);
    if (!delivery) throw new Error(`No deliverer for outbox entries of kind ${body.kind}.`);
    this.deps.entries.insert({
      idempotencyKey: randomUUID(),
      actorId,
      kind: body.kind,
      lane: delivery.lane ?? 'ordered',
      appointmentId: body.appointmentId ?? null,
      dispatchId: body.dispatchId ?? null,
      body,
      madeAt,
    });
  }

  /**
   * The employee's view: changes to appointments (audit entries travel too, but are not theirs to
   * watch). Without contents (IT's view), refused changes are counted but not shown: their
   * notes and reasons are citizens' data.
   */
  status({ contents }: { contents: boolean } = { contents: true }): OutboxStatus {
    const { entries } = this.deps;
    const refused = contents
      ? entries.refused(WORK_CHANGE_KINDS, 20).map((r) => ({ change: JSON.parse(r.body) as WorkChange, reason: r.reason, madeAt: r.madeAt }))
      : [];
    return {
      pending: entries.countPending(WORK_CHANGE_KINDS),
      refused,
      refusedCount: entries.countRefused(WORK_CHANGE_KINDS),
      lastDeliveredAt: entries.lastDeliveredAt(),
    };
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
    const { entries } = this.deps;
    for (let row = entries.nextPending(lane); row && !this.stopped; row = entries.nextPending(lane)) {
      const due = row.nextAttemptAt ? new Date(row.nextAttemptAt).getTime() - this.now().getTime() : 0;
      if (due > 0) return this.retryIn(lane, due);
      try {
        const body = JSON.parse(row.body) as WorkChange | TaggedBody;
        const tagged = this.tagged.get(row.kind);
        const result = tagged ? await tagged.deliver(body as TaggedBody, client) : await this.sendChange(row, body as WorkChange, client);
        if (this.stopped) return;
        const at = this.now().toISOString();
        if (result.applied) {
          entries.markDelivered(row.seq, at);
        } else {
          log.warn('the hub refused a change', { key: row.idempotencyKey, reason: result.reason });
          entries.markRefused(row.seq, result.reason ?? '', at);
          this.refused(row, result.reason ?? '');
        }
        this.changed();
      } catch (error) {
        if (this.stopped) return;
        if (error instanceof AppError && PERMANENT.has(error.code)) {
          // The hub will never take this entry; waiting on it would hold back every later one.
          log.warn('the hub rejected a change for good', { key: row.idempotencyKey, error: error.message });
          entries.markRefused(row.seq, error.message, this.now().toISOString());
          this.changed();
          this.refused(row, error.message);
          continue;
        }
        const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(row.attempts, 6));
        const message = error instanceof AppError ? error.message : String(error);
        entries.postpone(row.seq, message, new Date(this.now().getTime() + backoff).toISOString());
        log.info('delivery postponed', { key: row.idempotencyKey, backoffMs: backoff, error: message });
        this.changed();
        return this.retryIn(lane, backoff);
      }
    }
  }

  private sendChange(row: OutboxEntry, change: WorkChange, client: HubApiClient): Promise<{ applied: boolean; reason: string | null }> {
    if (!row.actorKeyId || !row.signature) {
      // Queued by a version that did not sign changes: the hub would take it from nobody.
      return Promise.resolve({ applied: false, reason: 'This change was made before changes were signed, so the hub cannot tell who made it; make it again.' });
    }
    return client.sendChange({
      idempotencyKey: row.idempotencyKey,
      actorId: row.actorId,
      madeAt: row.madeAt,
      change,
      actorKeyId: row.actorKeyId,
      signature: row.signature,
    });
  }

  /** Makes the next attempt due now (e.g. the hub just came back) and delivers. */
  retryNow(): Promise<void> {
    this.deps.entries.makeDue();
    return this.flush();
  }

  private refused(row: OutboxEntry, reason: string): void {
    const tagged = this.tagged.get(row.kind);
    if (tagged) tagged.refused?.(JSON.parse(row.body) as TaggedBody, reason);
    else for (const listener of this.refusedListeners) listener();
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
