import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronBinary, packagingProblems } from '../../scripts/dist-requirements';
import { makeTempDir } from '../support/temp-dir';

const root = join(__dirname, '..', '..');

let dir: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => dir.remove());

describe('npm run dist on a machine that cannot package', () => {
  it('exits 1 before building, saying what a packaging machine needs', () => {
    // Electron's own override points at an empty folder: the binary is missing on any machine.
    const result = spawnSync('npm', ['run', '--silent', 'dist'], {
      cwd: root,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: dir.path },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('npm run dist cannot build the installers on this machine:');
    expect(result.stderr).toContain(`Electron's binary is missing (${join(dir.path, 'electron')})`);
    expect(result.stderr).toMatch(/A packaging machine needs[\s\S]*Node\.js 22\.12 or newer[\s\S]*ELECTRON_BUILDER_CACHE[\s\S]*better-sqlite3[\s\S]*CSC_LINK/);
    expect(result.stdout).not.toContain('electron-vite');
  }, 60_000);

  it('asks for Node.js 22.12 or newer and for Electron’s binary, nothing else', () => {
    const env = { ELECTRON_OVERRIDE_DIST_PATH: dir.path };
    writeFileSync(join(dir.path, 'electron'), '');
    expect(electronBinary(env)).toBe(join(dir.path, 'electron'));
    expect(packagingProblems(env, '22.12.0')).toEqual([]);
    expect(packagingProblems(env, '24.1.0')).toEqual([]);
    expect(packagingProblems(env, '22.11.9')).toEqual([expect.stringContaining('Node.js 22.11.9 is too old')]);
    expect(packagingProblems(env, '20.19.0')).toEqual([expect.stringContaining('Node.js 20.19.0 is too old')]);
  });
});
