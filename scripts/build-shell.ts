/**
 * Builds the browser shell (src-main/shell/cli.ts) into out/shell/cli.cjs the way electron-vite
 * builds main for Electron: the app's own modules and BUNDLED_PACKAGES in one file, every other
 * package required from node_modules. Node then starts it without resolving and transpiling a few hundred modules
 * through tsx, as the packaged desk starts main; `node out/shell/cli.cjs` takes the arguments of
 * the tsx entry. The file sits two folders below the root like its sources, so the paths they
 * derive from __dirname (resources, out/renderer) hold for it too. The page's bridge script is
 * bundled beside it (out/shell/bridge.js), so the built shell does not run esbuild at start.
 */
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { BRIDGE_BUILD, BUILT_BRIDGE } from '../src-main/shell/browser-shell';
import { BUNDLED_PACKAGES } from './bundled-packages';

const root = resolve(__dirname, '..');

export const SHELL_BUNDLE = join(root, 'out/shell/cli.cjs');

/** esbuild's `packages: 'external'`, except for the packages named. */
function externalPackagesBut(bundled: readonly string[]): Plugin {
  const packageOf = (path: string): string =>
    path
      .split('/')
      .slice(0, path.startsWith('@') ? 2 : 1)
      .join('/');
  return {
    name: 'external-packages-but',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, ({ path }) => (bundled.includes(packageOf(path)) ? undefined : { path, external: true }));
    },
  };
}

export async function buildShell(): Promise<void> {
  await build({ ...BRIDGE_BUILD, outfile: join(dirname(SHELL_BUNDLE), BUILT_BRIDGE) });
  await build({
    entryPoints: [join(root, 'src-main/shell/cli.ts')],
    outfile: SHELL_BUNDLE,
    bundle: true,
    plugins: [externalPackagesBut(BUNDLED_PACKAGES)],
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

if (require.main === module) {
  void buildShell().then(() => console.log(`Browser shell built: ${SHELL_BUNDLE} (${(statSync(SHELL_BUNDLE).size / 1024).toFixed(0)} KiB)`));
}
