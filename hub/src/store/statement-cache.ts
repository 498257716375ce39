import type Database from 'better-sqlite3';
import type { HubDatabase } from './open-database';

export type Statement<P extends unknown[] | object, R> = Database.Statement<P extends unknown[] ? P : [P], R>;

/**
 * Prepared statements, compiled once per database: some run for every connection and every
 * token check. A statement that fails to compile is not kept, so the next call compiles it again.
 */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: HubDatabase) {}

  prepare<P extends unknown[] | object = unknown[], R = unknown>(sql: string): Statement<P, R> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement as unknown as Statement<P, R>;
  }
}
