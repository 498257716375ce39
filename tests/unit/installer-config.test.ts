import { statSync } from 'node:fs';
import { join } from 'node:path';
import { FileMatcher } from 'app-builder-lib/out/fileMatcher';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger, type FilterStats } from 'builder-util';
import type { Configuration, FileSet, NsisOptions, WindowsConfiguration } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import { builderConfig } from '../../electron-builder.config';
import { afterPack } from '../../scripts/after-pack';

const root = join(__dirname, '..', '..');

/** The config as electron-builder itself loads it from the repository. */
const loadAsElectronBuilder = () => getConfig(root, join(root, 'electron-builder.config.ts'), null);

/** Whether electron-builder's own file matcher would pack a path of the repository into the app. */
function packs(config: Configuration, relativePath: string): boolean {
  // Loaded by electron-builder, `files` is a list of file sets.
  const patterns = (config.files as FileSet[]).flatMap((set) => set.filter ?? []);
  const filter = new FileMatcher(root, '/app', (s) => s, patterns).createFilter();
  return filter(join(root, relativePath), { isDirectory: () => false } as FilterStats);
}

describe('installer configuration', () => {
  it('passes electron-builder’s own validation, as electron-builder loads it', async () => {
    const config = await loadAsElectronBuilder();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration(builderConfig({ KEP_WIN_PUBLISHER_NAME: 'Ministry' }), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is checked for real: a misspelt option is refused', async () => {
    const config = builderConfig({});
    await expect(validateConfiguration({ ...config, nsis: { ...config.nsis, perMachin: true } as NsisOptions }, new DebugLogger(false))).rejects.toThrow(
      /configuration\.nsis/,
    );
  });

  it('makes a silent per-machine NSIS installer, a deb and an AppImage, all in asar', async () => {
    const config = await loadAsElectronBuilder();
    expect(config).toMatchObject({ appId: 'gr.gov.kep.livedesk', productName: 'KEP Live Desk', asar: true, npmRebuild: true });
    expect(config.nsis).toMatchObject({ oneClick: true, perMachine: true, runAfterFinish: false, deleteAppDataOnUninstall: false });
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.linux?.target).toEqual(['deb', 'AppImage']);
    expect(statSync(join(root, String(config.linux?.icon))).isFile()).toBe(true);
  });

  it('ships resources/ where main looks for it, and flips the fuses after packing', async () => {
    const config = await loadAsElectronBuilder();
    expect(config.extraResources).toEqual([{ from: 'resources', to: 'resources' }]);
    // Loaded by electron-builder's own TypeScript loader, the hook is a copy of scripts/after-pack.ts's.
    expect(config.afterPack).toEqual(expect.any(Function));
    expect((config.afterPack as typeof afterPack).name).toBe(afterPack.name);
  });

  it('writes the update feed files for the hub’s generic provider', async () => {
    expect((await loadAsElectronBuilder()).publish).toMatchObject({ provider: 'generic' });
  });

  it('packs the built app only: no tests, hub, sources or the development SQLite binary', async () => {
    const config = await loadAsElectronBuilder();
    for (const shipped of ['out/main/main.js', 'out/preload/index.js', 'out/renderer/index.html']) expect(packs(config, shipped), shipped).toBe(true);
    for (const kept of [
      'tests/unit/installer-config.test.ts',
      'hub/src/cli.ts',
      'hub/dist/web/index.html',
      'src-main/electron/main.ts',
      'src-shared/errors.ts',
      'src-renderer/index.html',
      'scripts/dist.ts',
      '.electron-native/better_sqlite3.node',
      '.kep-dev/hub/hub.db',
      'electron-builder.config.ts',
      'README.md',
    ]) {
      expect(packs(config, kept), kept).toBe(false);
    }
  });

  it('checks the Windows publisher of updates, and then refuses to build unsigned', () => {
    const win = (env: NodeJS.ProcessEnv): WindowsConfiguration | null | undefined => builderConfig(env).win;
    expect(win({})).toMatchObject({ verifyUpdateCodeSignature: true });
    expect(win({})?.signtoolOptions).toBeUndefined();
    expect(win({ KEP_WIN_PUBLISHER_NAME: 'Υπουργείο Εσωτερικών' })).toMatchObject({
      verifyUpdateCodeSignature: true,
      forceCodeSigning: true,
      signtoolOptions: { publisherName: 'Υπουργείο Εσωτερικών' },
    });
  });
});
