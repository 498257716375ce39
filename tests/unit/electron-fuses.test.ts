import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flipFuses, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import type { AfterPackContext } from 'electron-builder';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { afterPack } from '../../scripts/after-pack';
import { ELECTRON_FUSES } from '../../scripts/after-pack-fuses';
import { makeTempDir } from '../support/temp-dir';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** How a fuse's state is written in the binary: '1' on, '0' off. */
const ENABLE = 0x31;
const DISABLE = 0x30;

let dir: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => dir.remove());

/** Bytes laid out as in an Electron executable: the sentinel, wire version 1, 8 fuses as Electron ships them. */
function fakeElectronBinary(): string {
  const file = join(dir.path, 'kep-live-desk');
  const shipped = [ENABLE, DISABLE, ENABLE, ENABLE, DISABLE, DISABLE, DISABLE, ENABLE];
  writeFileSync(file, Buffer.concat([Buffer.alloc(64, 0x7f), Buffer.from(SENTINEL), Buffer.from([1, shipped.length, ...shipped]), Buffer.alloc(64, 0x7f)]));
  return file;
}

describe('Electron fuses of the installers', () => {
  it('turns Node off and locks the app to its checked asar', () => {
    expect(ELECTRON_FUSES).toEqual({
      version: '1',
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
  });

  it('are flipped in the packed binary by the afterPack hook', async () => {
    const binary = fakeElectronBinary();
    // The packager knows where its Electron executable is; here, the bytes above.
    const context = { packager: { addElectronFuses: (_context: unknown, fuses: typeof ELECTRON_FUSES) => flipFuses(binary, fuses) } };
    await afterPack(context as unknown as AfterPackContext);
    expect(await getCurrentFuseWire(binary)).toEqual({
      version: '1',
      [FuseV1Options.RunAsNode]: DISABLE,
      [FuseV1Options.EnableCookieEncryption]: ENABLE,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: DISABLE,
      [FuseV1Options.EnableNodeCliInspectArguments]: DISABLE,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: ENABLE,
      [FuseV1Options.OnlyLoadAppFromAsar]: ENABLE,
      // Not ours to decide: left as Electron ships it.
      [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: DISABLE,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: DISABLE,
    });
  });
});
