/**
 * A named logger per module. Lines are JSON so the hub's and the app's logs can be read by the
 * same tools; console is the one sink every runtime of ours has.
 */
// Shared code is compiled without DOM or Node typings; console is the one sink all our runtimes have.
declare const console: { error(...data: unknown[]): void };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };
let threshold: LogLevel = 'info';

export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

export function createLogger(name: string): Logger {
  const write = (level: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>): void => {
    if (ORDER[level] < ORDER[threshold]) return;
    const line = JSON.stringify({ t: new Date().toISOString(), level, name, message, ...fields });
    // console.error writes to stderr in Node, keeping stdout for machine-read output of our CLIs.
    console.error(line);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
