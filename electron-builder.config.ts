import type { Configuration } from 'electron-builder';
import { afterPack } from './scripts/after-pack';

/**
 * The installers (`npm run dist`, see scripts/dist.ts). Code signing is read by electron-builder
 * from the environment alone (CSC_LINK / CSC_KEY_PASSWORD, or WIN_CSC_LINK /
 * WIN_CSC_KEY_PASSWORD), never from this file.
 */
export function builderConfig(env: NodeJS.ProcessEnv): Configuration {
  const publisherName = env.KEP_WIN_PUBLISHER_NAME;
  return {
    appId: 'gr.gov.kep.livedesk',
    productName: 'KEP Live Desk',
    artifactName: 'kep-live-desk-${version}-${arch}.${ext}',
    directories: { output: 'dist', buildResources: 'resources' },
    // The built app only: electron-builder adds package.json and the production node_modules.
    files: ['out/**/*'],
    asar: true,
    // main.ts reads them at process.resourcesPath/resources (default config, fonts, icon).
    extraResources: [{ from: 'resources', to: 'resources' }],
    // better-sqlite3 is rebuilt (or its prebuilt binary fetched) for Electron's ABI.
    npmRebuild: true,
    buildDependenciesFromSource: false,
    afterPack,
    // The hub serves the feed; the desk sets the hub's address at run time. This is only what
    // makes electron-builder write latest.yml and latest-linux.yml.
    publish: { provider: 'generic', url: 'https://hub.invalid/updates' },
    win: {
      target: [{ target: 'nsis', arch: ['x64'] }],
      icon: 'resources/icon.png',
      // An update is installed only if signed by this publisher. Without KEP_WIN_PUBLISHER_NAME,
      // electron-builder takes the name from the signing certificate.
      verifyUpdateCodeSignature: true,
      ...(publisherName ? { signtoolOptions: { publisherName }, forceCodeSigning: true } : {}),
    },
    nsis: {
      // Mass deployment: `kep-live-desk-setup-….exe /S` installs for every user, with no questions.
      oneClick: true,
      perMachine: true,
      allowElevation: true,
      // Run silently as SYSTEM by a deployment tool, the installer must not start the app as SYSTEM.
      runAfterFinish: false,
      // The outbox and audit trail of undelivered changes outlive an uninstall.
      deleteAppDataOnUninstall: false,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
      artifactName: 'kep-live-desk-setup-${version}.${ext}',
    },
    linux: {
      target: ['deb', 'AppImage'],
      icon: 'resources/icon.png',
      executableName: 'kep-live-desk',
      category: 'Office',
      synopsis: 'Counter application for KEP video appointments',
      maintainer: 'KEP Live Desk IT',
    },
  };
}

export default builderConfig(process.env);
