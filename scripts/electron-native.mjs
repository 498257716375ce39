// Fetches a better-sqlite3 binary built for Electron's ABI into .electron-native/, beside the
// Node one that tests use (one node_modules cannot hold both in the default place). Runs before
// `npm start`; on a machine without internet it explains what is missing instead of failing later.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, '.electron-native', 'better_sqlite3.node');
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const stamp = join(root, '.electron-native', 'electron-version');

if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, 'utf8') === electronVersion) process.exit(0);

const pkgDir = dirname(require.resolve('better-sqlite3/package.json'));
const work = mkdtempSync(join(tmpdir(), 'kep-native-'));
try {
  // A copy of the package, so its own Node binary in node_modules stays untouched.
  cpSync(pkgDir, work, { recursive: true, filter: (src) => !src.includes(`${pkgDir}/build`) });
  try {
    execFileSync(process.execPath, [require.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch], {
      cwd: work,
      stdio: 'inherit',
    });
  } catch {
    console.log('No prebuilt binary; building better-sqlite3 from source against Electron headers…');
    const nodeGyp = process.env.npm_config_node_gyp;
    const [cmd, ...pre] = nodeGyp ? [process.execPath, nodeGyp] : ['npx', '--yes', 'node-gyp'];
    execFileSync(cmd, [...pre, 'rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'], {
      cwd: work,
      stdio: 'inherit',
    });
  }
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), target);
  writeFileSync(stamp, electronVersion);
  console.log(`better-sqlite3 for Electron ${electronVersion} is in .electron-native/`);
} catch (error) {
  console.error(
    `Could not fetch better-sqlite3 for Electron ${electronVersion} (${error.message}).\n` +
      'The desktop app needs it; the tests and the browser shell (npm run shell) do not.',
  );
  process.exit(1);
} finally {
  rmSync(work, { recursive: true, force: true });
}
