import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../app/create-app';
import { loadMachineConfig } from '../config/machine-config';
import { APP_VERSION } from '../app/version';
import { DEFAULT_RENDERER_DIR, startBrowserShell } from './browser-shell';

/**
 * Runs the app's main services with the browser shell, for tests and development:
 *   tsx src-main/shell/cli.ts --data-dir DIR [--hub-url URL --hub-token TOKEN] [--port N]
 * Prints one JSON line, {"url": …}, on stdout once the page can be opened.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      'hub-url': { type: 'string' },
      'hub-token': { type: 'string' },
      port: { type: 'string', default: '0' },
      'renderer-dir': { type: 'string', default: DEFAULT_RENDERER_DIR },
    },
  });
  if (!values['data-dir']) throw new Error('--data-dir is required');
  const dataDir = resolve(values['data-dir']);
  const config = loadMachineConfig(dataDir, process.env, {
    ...(values['hub-url'] ? { hubUrl: values['hub-url'] } : {}),
    ...(values['hub-token'] ? { workstationToken: values['hub-token'] } : {}),
  });
  const app = createApp({ dataDir, config, version: APP_VERSION });
  const shell = await startBrowserShell({ app, rendererDir: values['renderer-dir'], port: Number(values.port) });
  app.start();
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
