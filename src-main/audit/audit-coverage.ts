import { workChangeSchema } from '../../src-shared/protocol/changes';
import type { SqliteDatabase } from '../db/open-database';
import { OutboxEntries } from '../sync/outbox-entries';

/** The kinds of change the outbox carries for appointments; each must have its audit entry. */
const WORK_CHANGE_KINDS = workChangeSchema.options.map((option) => option.shape.kind.value);

export interface UnauditedChange {
  /** The outbox entry's idempotency key, or the dispatch's id. */
  id: string;
  kind: string;
  madeAt: string;
}

/**
 * Changes this desk made (still in its outbox) and dispatches it holds that have no audit entry
 * naming them. An intact chain says nothing was removed from the trail; this says nothing was
 * done without being written into it. Only entries as old as the oldest change are read.
 */
export function unauditedChanges(db: SqliteDatabase): UnauditedChange[] {
  const queued = new OutboxEntries(db).ofKinds(WORK_CHANGE_KINDS);
  const oldest = queued.reduce((min, c) => (c.madeAt < min ? c.madeAt : min), queued[0]?.madeAt ?? '');
  // With nothing queued there is nothing to look up; the query would read a year of entries.
  const keyed = new Set(
    queued.length === 0
      ? []
      : db
          .prepare<[string], { id: string }>(
            "SELECT json_extract(details, '$.idempotencyKey') AS id FROM audit_log WHERE at >= ? AND json_extract(details, '$.idempotencyKey') IS NOT NULL",
          )
          .all(oldest)
          .map((r) => r.id),
  );
  const changes = queued.filter((c) => !keyed.has(c.idempotencyKey)).map((c) => ({ id: c.idempotencyKey, kind: c.kind, madeAt: c.madeAt }));
  const dispatches = db
    .prepare<[], UnauditedChange>(
      `WITH created AS (
         SELECT json_extract(details, '$.dispatchId') AS id FROM audit_log
         WHERE kind = 'dispatch.created' AND at >= (SELECT min(created_at) FROM dispatches)
       )
       SELECT id, 'dispatch.create' AS kind, created_at AS madeAt FROM dispatches WHERE id NOT IN (SELECT id FROM created) ORDER BY created_at`,
    )
    .all();
  return [...changes, ...dispatches];
}
