import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueJoinToken } from '../../hub/src/auth/join-links';
import { issueSession } from '../../hub/src/auth/sessions';
import { addUser } from '../../hub/src/auth/users';
import { HUB_CONFIG_FILE } from '../../hub/src/config';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { HubStore } from '../../hub/src/store/hub-store';
import { bookAppointment } from '../../tests/support/booking';
import { tailOf } from './child-process';

/** The demo staff member who signs in at the desk, and the password demo-setup gives the staff. */
export const DESK_USER = 'maria';
export const DEMO_PASSWORD = 'kep-bench-call-password';

/** The KEP whose desk the app is; the baseline uses another one, so neither sees the other's rooms. */
export const APP_KEP = DEMO_KEPS[0]!;
export const BASELINE_KEP = DEMO_KEPS[1]!;

const running = new Set<ChildProcess>();

/** Kills (SIGKILL) every command of ours still running, with its process group (npm's children too). */
export function killCommands(): void {
  for (const child of running) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }
}

/**
 * Runs a command to its end, in its own process group (so that a stop reaches what it starts),
 * output to `logFile`, `input` on stdin. Fails on a non-zero exit or after `timeoutMs`.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; logFile: string; timeoutMs: number; input?: string },
): Promise<string> {
  const log = openSync(options.logFile, 'a');
  const child = spawn(command, args, { cwd: options.cwd, stdio: ['pipe', 'pipe', log], detached: true });
  closeSync(log);
  running.add(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stdin?.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      killCommands();
      reject(new Error(`${command} ${args.join(' ')} did not end within ${options.timeoutMs} ms:\n${tailOf(options.logFile)}`));
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      running.delete(child);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      if (code === 0) resolve(out);
      else reject(new Error(`${command} ${args.join(' ')} ended with ${code ?? signal}:\n${out.slice(-2000)}${tailOf(options.logFile)}`));
    });
  });
}

/**
 * Builds the renderer (out/renderer) and the citizen page (hub/dist/web): `npm run build` when
 * it builds both, otherwise the two steps by hand. Returns what it ran.
 */
export async function buildAll(root: string, logFile: string): Promise<string> {
  const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  if (/build:citizen|build-citizen-page/.test(scripts.build ?? '')) {
    await runCommand('npm', ['run', 'build'], { cwd: root, logFile, timeoutMs: 180_000 });
    return 'npm run build';
  }
  await runCommand(join(root, 'node_modules/.bin/electron-vite'), ['build'], { cwd: root, logFile, timeoutMs: 180_000 });
  if (!existsSync(join(root, 'scripts/build-citizen-page.ts')))
    throw new Error('There is no scripts/build-citizen-page.ts yet: the citizen page cannot be built.');
  await runCommand(process.execPath, ['--import', 'tsx', 'scripts/build-citizen-page.ts'], { cwd: root, logFile, timeoutMs: 120_000 });
  return 'electron-vite build + tsx scripts/build-citizen-page.ts';
}

export interface CallBenchData {
  /** The workstation credential of each demo KEP, from demo-setup. */
  tokens: Record<string, string>;
  app: { appointmentId: string; joinToken: string; workstationToken: string };
  /** Further appointments of the app's KEP starting now, one per later call, each with its citizen's join link. */
  appQueue: Array<{ appointmentId: string; joinToken: string }>;
  baseline: { appointmentId: string; joinToken: string; workstationToken: string; accessToken: string };
}

/**
 * A hub data directory as the e2e tests make it (demo-setup through the hub's CLI, the password
 * on stdin), plus: one appointment starting now at the app's KEP and one at the baseline's KEP,
 * a citizen's join link for each, a signed-in session for the baseline's desk socket, and
 * hub-config.json with room operations allowed faster than a person makes them (the benchmark
 * opens and closes a call every few seconds on one socket; the default 10 at once then 2/s would
 * refuse some). Nothing else differs from a default hub.
 */
export async function prepareCallHub(root: string, dataDir: string, logFile: string, appCalls = 1): Promise<CallBenchData> {
  writeFileSync(join(dataDir, HUB_CONFIG_FILE), `${JSON.stringify({ limits: { roomOpsBurst: 100, roomOpsPerSecond: 50 } }, null, 2)}\n`);
  const out = await runCommand(process.execPath, ['--import', 'tsx', 'hub/src/cli.ts', 'demo-setup', '--data-dir', dataDir], {
    cwd: root,
    logFile,
    timeoutMs: 60_000,
    input: DEMO_PASSWORD,
  });
  const line = out.split('\n').find((l) => l.startsWith('{'));
  if (!line) throw new Error(`demo-setup printed no JSON line:\n${out}`);
  const tokens = (JSON.parse(line) as { tokens: Record<string, string> }).tokens;
  const appToken = tokens[APP_KEP.id];
  const baselineToken = tokens[BASELINE_KEP.id];
  if (!appToken || !baselineToken) throw new Error(`demo-setup gave no workstation for ${APP_KEP.id} or ${BASELINE_KEP.id}.`);

  const store = new HubStore(dataDir);
  try {
    const overrides = { category: 1 as const, interpreterNeeded: false, subject: 'Benchmark call' };
    const appAppointment = bookAppointment(store, APP_KEP.id, 0, overrides);
    const baselineAppointment = bookAppointment(store, BASELINE_KEP.id, 0, overrides);
    const appQueue = Array.from({ length: Math.max(0, appCalls - 1) }, () => {
      const appointment = bookAppointment(store, APP_KEP.id, 0, overrides);
      return { appointmentId: appointment.id, joinToken: issueJoinToken(store, appointment.id, 'citizen').token };
    });
    const workstation = store.findWorkstationByToken(baselineToken);
    if (!workstation) throw new Error('The baseline workstation is unknown to the store.');
    const user = await addUser(store, {
      kepId: BASELINE_KEP.id,
      username: 'bench-baseline',
      displayName: 'Bench Baseline',
      role: 'employee',
      password: DEMO_PASSWORD,
    });
    return {
      tokens,
      app: { appointmentId: appAppointment.id, joinToken: issueJoinToken(store, appAppointment.id, 'citizen').token, workstationToken: appToken },
      appQueue,
      baseline: {
        appointmentId: baselineAppointment.id,
        joinToken: issueJoinToken(store, baselineAppointment.id, 'citizen').token,
        workstationToken: baselineToken,
        accessToken: issueSession(store, user, workstation).accessToken,
      },
    };
  } finally {
    store.close();
  }
}
