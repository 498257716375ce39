import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** @electron/rebuild 4 and @electron/get 5, which electron-builder 26 packs with, declare Node 22.12. */
const MIN_NODE: readonly [number, number] = [22, 12];

const electronDir = join(__dirname, '..', 'node_modules', 'electron');

/**
 * Where Electron's binary is, found as `require('electron')` finds it (path.txt, or Electron's
 * own ELECTRON_OVERRIDE_DIST_PATH) but without the download that require would try.
 */
export function electronBinary(env: NodeJS.ProcessEnv): string | null {
  const pathFile = join(electronDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) return join(env.ELECTRON_OVERRIDE_DIST_PATH, executable ?? 'electron');
  return executable ? join(electronDir, 'dist', executable) : null;
}

/** What stops `npm run dist` on this machine, before it spends minutes building. */
export function packagingProblems(env: NodeJS.ProcessEnv, nodeVersion: string): string[] {
  const problems: string[] = [];
  const [major = 0, minor = 0] = nodeVersion.split('.').map(Number);
  if (major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1])) {
    problems.push(`Node.js ${nodeVersion} is too old: electron-builder's rebuild and download tools need Node.js ${MIN_NODE.join('.')} or newer.`);
  }
  const binary = electronBinary(env);
  if (!binary || !existsSync(binary)) {
    problems.push(`Electron's binary is missing (${binary ?? join(electronDir, 'path.txt')}): this machine could not download it (npx install-electron).`);
  }
  return problems;
}

export const PACKAGING_MACHINE = `A packaging machine needs (README, "Install and roll out (IT)"):
  - Node.js ${MIN_NODE.join('.')} or newer with npm, and this repository after \`npm ci\`;
  - internet access, or electron-builder's cache filled beforehand (ELECTRON_BUILDER_CACHE, by default
    ~/.cache/electron-builder or %LOCALAPPDATA%\\electron-builder\\Cache), for Electron's binary for each
    target platform and electron-builder's tools (NSIS, fpm, AppImage, winCodeSign);
  - better-sqlite3 built for Electron's ABI: its prebuilt binary from the internet, or compiled against
    Electron's headers (downloaded too);
  - to compile better-sqlite3 when no prebuilt binary exists: python3, make and g++ on Linux,
    Visual Studio Build Tools (C++) and Python on Windows;
  - the Windows installer built on Windows (better-sqlite3 cannot be compiled for Windows elsewhere;
    from Linux only with Wine 2.0+ and a prebuilt binary);
  - code signing, if wanted, from the environment only: CSC_LINK and CSC_KEY_PASSWORD
    (or WIN_CSC_LINK and WIN_CSC_KEY_PASSWORD), and KEP_WIN_PUBLISHER_NAME.`;
