import { relative } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The store-boundary refusals ESLint gives `code` as if it were the file at `filePath`. */
async function refusals(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

const RAW_ACCESS = [
  "import Database from 'better-sqlite3';",
  "import type { HubStore } from '../store/hub-store';",
  'export const x = Database;',
  "export const count = (store: HubStore): unknown => store.db.prepare('SELECT count(*) AS n FROM users').get();",
  'export const sql = `UPDATE users SET role = ?`;',
  '',
].join('\n');

describe('one owner per hub table', () => {
  it('refuses raw database access in the hub outside its store, and says where the SQL belongs', async () => {
    const messages = await refusals('hub/src/auth/x.ts', RAW_ACCESS);
    expect(messages.map((m) => m.split(' Only ')[0])).toEqual([
      'No database driver outside the store.',
      'No prepared statements outside the store.',
      'No raw database handle (store.db) outside the store.',
      'No SQL outside the store.',
      'No SQL outside the store.',
    ]);
    for (const message of messages) expect(message).toContain('hub/src/store/tables/');
  });

  it('lets the store itself hold the SQL', async () => {
    expect(await refusals('hub/src/store/tables/x.ts', RAW_ACCESS)).toEqual([]);
  });

  it('leaves ordinary words and regular expressions alone', async () => {
    const code = "export const hint = 'Select a KEP first.';\nexport const bearer = (h: string): unknown => /^Bearer (.+)$/.exec(h);\n";
    expect(await refusals('hub/src/http/x.ts', code)).toEqual([]);
  });

  it('holds for the whole hub today', async () => {
    const results = await eslint.lintFiles(['hub/src/**/*.ts']);
    const breaches = results.flatMap((r) =>
      r.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => `${relative(process.cwd(), r.filePath)}:${m.line} ${m.message}`),
    );
    expect(breaches).toEqual([]);
  }, 60_000);
});
