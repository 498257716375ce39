import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export interface StartedProcess {
  child: ChildProcess;
  /** The JSON line the program printed when ready. */
  ready: Record<string, unknown>;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs a TypeScript entry point of ours in a real Node process (through tsx). */
export function runTs(script: string, args: string[], env: NodeJS.ProcessEnv = {}, stdin = false): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
}

/** Starts a long-running program and waits for its first JSON line on stdout. */
export function startProcess(script: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 20_000): Promise<StartedProcess> {
  const child = runTs(script, args, env);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start within ${timeoutMs} ms:\n${err}`));
    }, timeoutMs);
    const onData = (): void => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolveStart({
        child,
        ready: JSON.parse(line) as Record<string, unknown>,
        output: () => err,
        stop: (signal = 'SIGTERM') =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill(signal);
          }),
      });
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready:\n${err}`));
    });
  });
}

/** Runs a command of ours to completion and returns its stdout; fails on a non-zero exit. */
export function runToEnd(script: string, args: string[], input?: string): Promise<string> {
  const child = runTs(script, args, {}, input !== undefined);
  if (input !== undefined) child.stdin?.end(input);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolveRun, reject) => {
    child.once('exit', (code) => (code === 0 ? resolveRun(out) : reject(new Error(`${script} ${args.join(' ')} exited ${code}:\n${err}`))));
  });
}
