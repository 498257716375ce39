import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { APP_DATABASE_FILE } from '../db/app-database';
import { openDatabase } from '../db/open-database';
import { AuditLog } from './audit-log';

/**
 * Checks a workstation's audit trail:
 *   tsx src-main/audit/check-cli.ts --data-dir=DIR
 * Exit 0: intact. Exit 1: broken, naming the first broken entry. Exit 2: cannot check.
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
    if (result.intact) {
      console.log(`The audit trail is intact: ${result.entries} entries.`);
      return 0;
    }
    console.error(`The audit trail is broken at entry ${result.firstBroken}: ${result.reason}. (${result.entries} entries before it are intact.)`);
    return 1;
  } finally {
    db.close();
  }
}

process.exitCode = main();
