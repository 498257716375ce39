/**
 * Builds the browser shell (src-main/shell/cli.ts) into out/shell/shell.cjs the way electron-vite
 * builds main for Electron: the app's own modules and BUNDLED_PACKAGES in one file, every other
 * package required from node_modules. Node then starts it without resolving and transpiling a few
 * hundred modules through tsx, as the packaged desk starts main. `node out/shell/cli.cjs` starts
 * it with V8's code cache (src-main/shell/cached-start.ts) and takes the arguments of the tsx
 * entry. The files sit two folders below the root like the sources, so the paths they derive
 * from __dirname (resources, out/renderer) hold for them too. The page's bridge script is
 * bundled beside it (out/shell/bridge.js), so the built shell does not run esbuild at start.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { BRIDGE_BUILD, BUILT_BRIDGE } from '../src-main/shell/browser-shell';
import { SHELL_APP } from '../src-main/shell/built-files';
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

/**
 * Refuses a bundle that is not plain ASCII, which its entry reads into a string many times faster
 * than UTF-8 (cached-script.ts). esbuild writes every string, template and regular expression in
 * ASCII (charset 'ascii' escapes the rest) and, minifying whitespace, drops the comments, the only
 * other place such text stood; license comments go to a file beside it. Whatever is left would be
 * code it could not escape (a tagged template's raw text): the build stops rather than alter it.
 */
export function assertAscii(file: string): void {
  const text = readFileSync(file, 'utf8');
  const at = text.search(/[\u0080-\uffff]/);
  if (at >= 0) throw new Error(`${file} is not plain ASCII at offset ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 40))}`);
}

export async function buildShell(): Promise<void> {
  const node: BuildOptions = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'linked', logLevel: 'warning' };
  await build({ ...BRIDGE_BUILD, outfile: join(dirname(SHELL_BUNDLE), BUILT_BRIDGE) });
  await build({
    ...node,
    entryPoints: [join(root, 'src-main/shell/cli.ts')],
    outfile: join(dirname(SHELL_BUNDLE), SHELL_APP),
    plugins: [externalPackagesBut(BUNDLED_PACKAGES)],
    // Node 20 loses a script's import() callback when V8 compiles it from a code cache: the lazy
    // packages (pdf-lib, exceljs) are required instead, as they are CommonJS.
    supported: { 'dynamic-import': false },
    charset: 'ascii',
    minifyWhitespace: true,
    legalComments: 'linked',
  });
  assertAscii(join(dirname(SHELL_BUNDLE), SHELL_APP));
  // The entry node starts: it runs the shell above through V8's code cache (cached-start.ts).
  await build({ ...node, entryPoints: [join(root, 'src-main/shell/cached-start.ts')], outfile: SHELL_BUNDLE, packages: 'external' });
}

if (require.main === module) {
  void buildShell().then(() => {
    const app = join(dirname(SHELL_BUNDLE), SHELL_APP);
    console.log(`Browser shell built: ${SHELL_BUNDLE}, starting ${app} (${(statSync(app).size / 1024).toFixed(0)} KiB)`);
  });
}
