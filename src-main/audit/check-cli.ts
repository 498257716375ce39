import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { APP_DATABASE_FILE } from '../db/app-database';
import { openDatabase } from '../db/open-database';
import { AuditLog } from './audit-log';
import { type UnauditedChange, unauditedChanges } from './audit-coverage';

/**
 * Checks a workstation's audit trail:
 *   tsx src-main/audit/check-cli.ts --data-dir=DIR
 * Exit 0: intact. Exit 1: broken, naming the first broken entry, or a change without its
 * entry. Exit 2: cannot check.
 */
function main(): number {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' } } });
  if (!values['data-dir']) {
    console.error('usage: audit:check --data-dir=DIR (the workstation’s data folder)');
    return 2;
  }
  const file = join(resolve(values['data-dir']), APP_DATABASE_FILE);
  if (!existsSync(file)) {
    console.error(`There is no workstation database at ${file}.`);
    return 2;
  }
  // Read-only: checking must never change what it checks.
  const db = openDatabase(file, { readonly: true });
  try {
    const result = new AuditLog(db).verify();
    if (!result.intact) {
      console.error(`The audit trail is broken at entry ${result.firstBroken}: ${result.reason}. (${result.entries} entries before it are intact.)`);
      return 1;
    }
    const unaudited = unauditedChanges(db);
    if (unaudited.length > 0) {
      const first = unaudited[0] as UnauditedChange;
      console.error(`${unaudited.length} change(s) made at this desk have no audit entry; the first: ${first.kind} ${first.id} made at ${first.madeAt}.`);
      return 1;
    }
    console.log(`The audit trail is intact: ${result.entries} entries, and every change still held here has its entry.`);
    return 0;
  } finally {
    db.close();
  }
}

process.exitCode = main();
