import { type FuseV1Config, FuseV1Options, FuseVersion } from '@electron/fuses';

/**
 * Electron's fuses, flipped in the packaged binary (scripts/after-pack.ts) so that no one at the
 * counter can turn the signed app into a general-purpose Node runtime or swap its code.
 */
export const ELECTRON_FUSES = {
  version: FuseVersion.V1,
  // `ELECTRON_RUN_AS_NODE=1 "KEP Live Desk.exe" evil.js` would run any script as a signed binary.
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The asar's hash is embedded in the executable (Windows; Linux has no such check yet).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
} satisfies FuseV1Config;
