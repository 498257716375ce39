import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';

/** A server of ours running in its own Node process. */
export interface BenchChild {
  pid: number;
  /** The JSON line it printed on stdout when ready. */
  ready: Record<string, unknown>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; says which ended it. */
  stop(graceMs?: number): Promise<'exited' | 'killed'>;
}

const running = new Set<ChildProcess>();

/** Kills every child still running, without waiting: for exit paths that cannot wait. */
export function killAllChildren(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** The last lines of a log file, for error messages. */
export function tailOf(file: string, lines = 15): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

export interface StartOptions {
  cwd: string;
  logFile: string;
  /** How long to wait for the ready line; 30 s unless told. */
  timeoutMs?: number;
  /** Extra Node flags, e.g. --cpu-prof for a profile of the child. */
  nodeArgs?: readonly string[];
}

/** Runs a TypeScript entry point through tsx in a new Node process, as startNodeProcess does. */
export function startTsProcess(script: string, args: readonly string[], options: StartOptions): Promise<BenchChild> {
  return startNodeProcess(script, args, { ...options, nodeArgs: [...(options.nodeArgs ?? []), '--import', 'tsx'] });
}

/**
 * Runs a script in a new Node process and waits for its first JSON line on stdout. Its stderr
 * goes to `logFile`, not to a pipe: a pipe the benchmark is too busy to drain would block the
 * child's (synchronous) log writes and distort the measurement.
 */
export function startNodeProcess(script: string, args: readonly string[], options: StartOptions): Promise<BenchChild> {
  const log = openSync(options.logFile, 'a');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script, ...args], {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', log],
  });
  closeSync(log); // the child has its own descriptor now
  running.add(child);
  child.once('exit', () => running.delete(child));

  const stop = (graceMs = 5000): Promise<'exited' | 'killed'> =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done('exited');
      let killed = false;
      const kill = setTimeout(() => {
        killed = true;
        child.kill('SIGKILL');
      }, graceMs);
      child.once('exit', () => {
        clearTimeout(kill);
        done(killed ? 'killed' : 'exited');
      });
      child.kill('SIGTERM');
    });

  return new Promise((resolve, reject) => {
    let out = '';
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${script} ${why}:\n${tailOf(options.logFile)}`));
    };
    const timer = setTimeout(() => fail(`printed no JSON line within ${options.timeoutMs ?? 30_000} ms`), options.timeoutMs ?? 30_000);
    const onExit = (code: number | null): void => fail(`exited (${code}) before it was ready`);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString('utf8');
      const line = out.split('\n').find((l, i, all) => i < all.length - 1 && l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout?.off('data', onData);
      child.stdout?.resume(); // keep draining whatever else it prints
      if (child.pid === undefined) return fail('has no pid');
      resolve({ pid: child.pid, ready: JSON.parse(line) as Record<string, unknown>, stop });
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', (error) => fail(`could not start: ${error.message}`));
  });
}
