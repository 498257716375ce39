// Runs Electron's own download (its `install-electron`) before `npm start`. When the download fails
// (no internet, a proxy, a blocked host) that tool prints only a stack such as "TypeError: fetch
// failed"; a newcomer needs to know what was being fetched, from where, and what to do instead.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { version } = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8'));

const run = spawnSync(process.execPath, [require.resolve('electron/install.js')], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
if (run.status === 0) process.exit(0);

const cause = (run.stderr || run.error?.message || '').trim().split('\n')[0] ?? '';
const mirror = process.env.ELECTRON_MIRROR ?? process.env.npm_config_electron_mirror;
console.error(`
Electron ${version} could not be downloaded, so the desktop window cannot open.

What was being fetched: Electron's binary for ${process.platform}-${process.arch},
from ${mirror ?? 'https://github.com/electron/electron/releases'}${mirror ? ' (ELECTRON_MIRROR)' : ''}.
What went wrong: ${cause || `the download tool exited with code ${run.status}`}

What you can do:
  - Behind a proxy: set HTTPS_PROXY (and ELECTRON_GET_USE_PROXY=1), then run npm start again.
  - Through a mirror: set ELECTRON_MIRROR, e.g. https://npmmirror.com/mirrors/electron/
  - Without internet: copy electron-v${version}-${process.platform}-${process.arch}.zip from a machine
    that has it into Electron's cache (~/.cache/electron, %LOCALAPPDATA%\\electron\\Cache on
    Windows, or the folder in electron_config_cache).
  - Or run the same app in Chromium instead, with no download at all: npm run shell
`);
process.exit(1);
