import { createLogger } from '../../src-shared/log';
import type { SqliteDatabase } from '../db/open-database';
import { unauditedChanges } from './audit-coverage';
import type { AuditLog, ChainCheck } from './audit-log';

const log = createLogger('audit');

/** How the trail stood when this start checked it: what app.info and the fleet report show IT. */
export interface TrailAtStart {
  check: ChainCheck;
  /** Changes still queued, or dispatches held, that no entry names. */
  unaudited: number;
}

/**
 * The trail's check at a start: the chain from the head verified at the last one (audit:check
 * walks it all), and the changes without an entry. Either fault is logged and shown to IT,
 * never repaired.
 */
export function checkTrailAtStart(audit: AuditLog, db: SqliteDatabase): TrailAtStart {
  const check = audit.verifyAtStart();
  if (!check.intact) log.error('the audit trail is broken', { firstBroken: check.firstBroken, reason: check.reason });
  const unaudited = unauditedChanges(db).length;
  if (unaudited > 0) log.error('changes without an audit entry', { count: unaudited });
  return { check, unaudited };
}
