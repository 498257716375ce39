import { parseArgs } from 'node:util';
import { AppError } from '../../src-shared/errors';

export interface ShellArgs {
  dataDir: string;
  hubUrl: string | null;
  port: number;
  /** The built renderer; the shell's default when not given. */
  rendererDir: string | null;
  /** Check and download updates from the hub as a packaged desk does (never installs). */
  selfUpdate: boolean;
}

/**
 * The browser shell's command line. The hub credential is not one of its flags: a command line
 * is visible to every user of the computer (ps), so it comes from KEP_HUB_TOKEN (or config.json).
 */
export function parseShellArgs(args: string[]): ShellArgs {
  if (args.some((arg) => arg === '--hub-token' || arg.startsWith('--hub-token='))) {
    throw new AppError(
      'invalid_input',
      '--hub-token is not accepted: a command line is visible to every user of this computer. Set the credential in the environment variable KEP_HUB_TOKEN instead.',
    );
  }
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      'hub-url': { type: 'string' },
      port: { type: 'string', default: '0' },
      'renderer-dir': { type: 'string' },
      'self-update': { type: 'boolean', default: false },
    },
  });
  if (!values['data-dir']) throw new AppError('invalid_input', '--data-dir is required.');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new AppError('invalid_input', `--port must be a port number, not "${values.port}".`);
  return {
    dataDir: values['data-dir'],
    hubUrl: values['hub-url'] ?? null,
    port,
    rendererDir: values['renderer-dir'] ?? null,
    selfUpdate: values['self-update'],
  };
}
