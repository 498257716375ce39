import type { Migration } from '../../../src-shared/sqlite/migrations';
import type { SqliteDatabase } from '../open-database';

/** How versions up to 14 marked a posted letter whose record the hub refused: a prefix of its reason. */
const OLD_PREFIX = 'The hub did not take the record of this letter:';

/**
 * A letter in the post whose record the hub refused is told by its `failure`, record_refused,
 * not by parsing its reason; the reason keeps only the hub's own words.
 */
export const m015RecordRefused: Migration<SqliteDatabase> = {
  version: 15,
  name: 'record-refused',
  up(db) {
    db.prepare(
      `UPDATE dispatches SET failure = 'record_refused', reason = trim(substr(reason, length(@prefix) + 1))
       WHERE channel = 'post' AND state = 'sent' AND substr(reason, 1, length(@prefix)) = @prefix`,
    ).run({ prefix: OLD_PREFIX });
  },
};
