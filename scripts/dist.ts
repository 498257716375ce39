/**
 * `npm run dist [-- electron-builder flags, e.g. --linux or --win]`: builds the app, then the
 * installers with electron-builder (electron-builder.config.ts) into dist/. It first checks
 * what packaging needs and, on a machine that lacks it, says what is missing and exits 1.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGING_MACHINE, packagingProblems } from './dist-requirements';

const root = join(__dirname, '..');

function run(script: string, args: string[]): void {
  const result = spawnSync(process.execPath, [join(root, 'node_modules', script), ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/**
 * electron-builder rebuilds better-sqlite3 for Electron in node_modules itself, where the tests
 * need the Node build: the Node binary is put back afterwards.
 */
function keepingNodeSqlite(build: () => void): void {
  const binary = join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  const saved = join(mkdtempSync(join(tmpdir(), 'kep-dist-')), 'better_sqlite3.node');
  if (existsSync(binary)) copyFileSync(binary, saved);
  try {
    build();
  } finally {
    if (existsSync(saved)) copyFileSync(saved, binary);
    rmSync(join(saved, '..'), { recursive: true, force: true });
  }
}

const problems = packagingProblems(process.env, process.versions.node);
if (problems.length > 0) {
  console.error(`npm run dist cannot build the installers on this machine:\n${problems.map((p) => `  - ${p}`).join('\n')}\n\n${PACKAGING_MACHINE}`);
  process.exit(1);
}
run('electron-vite/bin/electron-vite.js', ['build']);
keepingNodeSqlite(() => run('electron-builder/cli.js', ['--config', 'electron-builder.config.ts', '--publish', 'never', ...process.argv.slice(2)]));
