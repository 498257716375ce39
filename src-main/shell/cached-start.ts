import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SHELL_APP } from './built-files';
import { runCachedScript } from './cached-script';

/**
 * The built browser shell's entry (out/shell/cli.cjs, scripts/build-shell.ts): runs the shell
 * itself (src-main/shell/cli.ts, bundled beside it) with V8's code cache, kept in the desk's data
 * directory as VS Code keeps its own beside the user's data. The arguments are the shell's; only
 * --data-dir is read here, and without it the shell runs uncached (and says what is missing).
 */

/** Long enough for the start and the first day to have run, so their code is in the cache; a shorter run saves as it exits. */
const SAVE_AFTER_MS = 5000;

function cacheFile(): string | null {
  try {
    const dataDir = parseArgs({ args: process.argv.slice(2), strict: false, options: { 'data-dir': { type: 'string' } } }).values['data-dir'];
    return typeof dataDir === 'string' ? join(resolve(dataDir), 'code-cache', 'browser-shell.cache') : null;
  } catch {
    return null;
  }
}

const run = runCachedScript(join(__dirname, SHELL_APP), cacheFile());
if (run.cache !== 'accepted') {
  const save = (): void => {
    clearTimeout(timer);
    process.off('exit', save);
    run.save();
  };
  const timer = setTimeout(save, SAVE_AFTER_MS).unref();
  process.once('exit', save);
}
