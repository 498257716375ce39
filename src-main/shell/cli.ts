import { join, resolve } from 'node:path';
import { createApp, PAGE_GRACE_MS } from '../app/create-app';
import { loadMachineConfig } from '../config/machine-config';
import { APP_VERSION } from '../app/version';
import { DEFAULT_RENDERER_DIR, startBrowserShell } from './browser-shell';
import { parseShellArgs } from './cli-args';

/**
 * Runs the app's main services with the browser shell, for tests and development:
 *   KEP_HUB_TOKEN=… tsx src-main/shell/cli.ts --data-dir DIR [--hub-url URL] [--port N] [--self-update]
 * With --self-update it checks and downloads the hub's updates as a packaged desk does, without
 * installing them (shell-updater.ts). The hub credential comes from the environment (or config.json), never the command line.
 * Prints one JSON line, {"url": …}, on stdout once the page can be opened.
 */
async function main(): Promise<void> {
  const args = parseShellArgs(process.argv.slice(2));
  const dataDir = resolve(args.dataDir);
  const config = loadMachineConfig(dataDir, process.env, args.hubUrl ? { hubUrl: args.hubUrl } : {});
  // electron-updater is heavy to load: only a shell that updates itself loads it.
  const updater = args.selfUpdate ? (await import('./shell-updater')).shellUpdater(APP_VERSION, join(dataDir, 'shell-updater')) : undefined;
  const app = createApp({ dataDir, config, version: APP_VERSION, ...(updater ? { updater } : {}) });
  const shell = await startBrowserShell({ app, rendererDir: args.rendererDir ?? DEFAULT_RENDERER_DIR, port: args.port });
  app.start({ afterFirstDay: PAGE_GRACE_MS });
  process.stdout.write(`${JSON.stringify({ url: shell.url })}\n`);
  const stop = (): void => {
    void shell.close().then(() => {
      app.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`browser shell: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
