import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/temp-dir';

const electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));

describe('npm start without Electron', () => {
  it('says what it was downloading and what to do, not a bare stack', () => {
    const cache = makeTempDir('kep-electron-cache-');
    try {
      // A mirror nobody answers on: the download fails here as it does without internet.
      const run = spawnSync(process.execPath, ['scripts/ensure-electron.mjs'], {
        encoding: 'utf8',
        env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: cache.path },
        timeout: 30_000,
      });
      if (existsSync(join(electronDir, 'dist', 'version'))) {
        // Electron is already here (a developer's machine): nothing is downloaded.
        expect(run.status).toBe(0);
        return;
      }
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('could not be downloaded');
      expect(run.stderr).toContain('http://127.0.0.1:9/ (ELECTRON_MIRROR)');
      expect(run.stderr).toMatch(/What went wrong: \S/);
      expect(run.stderr).toContain('npm run shell');
      expect(run.stderr).not.toMatch(/^\s+at /m);
    } finally {
      cache.remove();
    }
  });
});
