/**
 * Builds the citizen's and interpreter's page (hub/web) into hub/dist/web, which the hub serves
 * at /join, and the citizen's booking page (hub/web/booking), served at /book: for each one
 * script, one stylesheet and the HTML shell. `--watch` rebuilds on every change.
 */
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, context, type BuildOptions } from 'esbuild';

const root = resolve(__dirname, '..');
const source = join(root, 'hub/web');
const outdir = join(root, 'hub/dist/web');

const options: BuildOptions = {
  entryPoints: { citizen: join(source, 'main.tsx'), booking: join(source, 'booking/main.tsx') },
  outdir,
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'iife',
  platform: 'browser',
  target: ['chrome110', 'firefox115', 'safari16'],
  jsx: 'automatic',
  // simple-peer's package entry needs Node globals; its own browser bundle needs none.
  alias: { 'simple-peer': 'simple-peer/simplepeer.min.js' },
  define: { 'process.env.NODE_ENV': '"production"' },
  // Greek text as it is, not as \u escapes (the page and its script are served as UTF-8).
  charset: 'utf8',
  legalComments: 'none',
  logLevel: 'warning',
};

async function main(): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  copyFileSync(join(source, 'index.html'), join(outdir, 'index.html'));
  copyFileSync(join(source, 'booking/book.html'), join(outdir, 'book.html'));
  if (process.argv.includes('--watch')) {
    const ctx = await context(options);
    await ctx.watch();
    console.log(`Watching hub/web; output in ${outdir}`);
    return;
  }
  await build(options);
  const size = (name: string): string => `${name} ${(statSync(join(outdir, name)).size / 1024).toFixed(0)} KiB`;
  console.log(
    `Citizen pages built in ${outdir}: ${['citizen.js', 'citizen.css', 'index.html', 'booking.js', 'booking.css', 'book.html'].map(size).join(', ')}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
