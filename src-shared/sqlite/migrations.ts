/**
 * Ordered schema migrations for a SQLite database, shared by the app's cache and the hub's
 * store. Each migration is its own numbered module; the runner checks the order, refuses a
 * database written by a newer version, and applies each step in a transaction that also sets
 * `user_version`, so a crash leaves the database at a whole version.
 *
 * The database is described structurally so this module imports no driver.
 */
export interface MigrationDatabase {
  exec(sql: string): unknown;
  pragma(source: string, options: { simple: true }): unknown;
  transaction(fn: () => void): () => unknown;
}

export interface Migration<Db extends MigrationDatabase = MigrationDatabase> {
  version: number;
  name: string;
  up(db: Db): void;
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export function checkMigrationOrder(migrations: readonly Migration<never>[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new MigrationError(`Migration "${m.name}" has version ${m.version}, expected ${i + 1}`);
    }
  });
}

export function currentVersion(db: MigrationDatabase): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/** Migrates up to `target` (default: the latest). Returns the versions applied. */
export function migrate<Db extends MigrationDatabase>(db: Db, migrations: readonly Migration<Db>[], target: number = migrations.length): number[] {
  checkMigrationOrder(migrations);
  const from = currentVersion(db);
  if (from > migrations.length) {
    throw new MigrationError(
      `The database is at schema version ${from}, newer than this program knows (${migrations.length}). ` +
        'Update the program; the database was left untouched.',
    );
  }
  const applied: number[] = [];
  for (const m of migrations.slice(from, target)) {
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`, { simple: true });
    })();
    applied.push(m.version);
  }
  return applied;
}
