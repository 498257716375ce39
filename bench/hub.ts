/**
 * `npm run bench:hub`: how many sockets one hub process holds, what each costs in memory, and
 * how fast it relays signals between the two members of each call, next to a bare Socket.IO
 * relay measured in the same run. Loopback only; stops by itself.
 *
 * Settings (environment): BENCH_SOCKETS (5000), BENCH_RATE signals/s (1000), BENCH_DURATION_S
 * (30: as long as the hub's credential re-check interval, so every run holds exactly one pass),
 * BENCH_WARMUP_S (2), BENCH_BATCH connections at a time (200), BENCH_DESKS_PER_KEP (25: every
 * room change is announced to all desks of the KEP), BENCH_BASELINE_SOCKETS (= BENCH_SOCKETS),
 * BENCH_PAYLOAD_BYTES (200), BENCH_TIMEOUT_S (170), BENCH_HUB_NODE_ARGS (Node flags for the hub
 * process only, split at spaces: e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where it spends
 * its time).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../src-shared/protocol/signaling';
import type { BaselineClientEvents, BaselineServerEvents } from './lib/baseline-relay-server';
import { type BenchChild, killAllChildren, startTsProcess, tailOf } from './lib/child-process';
import { type BenchAppointment, prepareHubData } from './lib/hub-fixture';
import { readCpuSeconds, readRssBytes } from './lib/proc-stats';
import { type RelayResult, RelayMeter, type Sender } from './lib/relay-meter';
import { connectSocket, describeFailures, inBatches } from './lib/socket-clients';
import { round } from './lib/stats';

const ROOT = resolve(__dirname, '..');
const CONNECT_TIMEOUT_MS = 20_000;
const ACK_TIMEOUT_MS = 20_000;

type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type BaselineSocket = Socket<BaselineServerEvents, BaselineClientEvents>;

interface Settings {
  target: number;
  rate: number;
  durationS: number;
  warmupS: number;
  batch: number;
  desksPerKep: number;
  baselineSockets: number;
  payloadBytes: number;
  timeoutS: number;
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not "${raw}".`);
  return value;
}

function readSettings(): Settings {
  const target = Math.floor(positive('BENCH_SOCKETS', 5000));
  return {
    target,
    rate: positive('BENCH_RATE', 1000),
    durationS: positive('BENCH_DURATION_S', 30),
    warmupS: positive('BENCH_WARMUP_S', 2),
    batch: Math.floor(positive('BENCH_BATCH', 200)),
    desksPerKep: Math.floor(positive('BENCH_DESKS_PER_KEP', 25)),
    baselineSockets: Math.floor(positive('BENCH_BASELINE_SOCKETS', target)),
    payloadBytes: Math.floor(positive('BENCH_PAYLOAD_BYTES', 200)),
    timeoutS: positive('BENCH_TIMEOUT_S', 170),
  };
}

/** The sockets one side of the benchmark connected, and a sender per pair that relays. */
interface Fleet {
  connected: number;
  pairs: number;
  failures: Map<string, number>;
  /** Seconds each step of the ramp took, e.g. citizens then desks. */
  rampSeconds: Record<string, number>;
  senders: Sender[];
  close(): void;
}

interface PhaseResult {
  fleet: Fleet;
  rssIdleBytes: number;
  rssLoadedBytes: number;
  rssAfterRelayBytes: number;
  bytesPerSocket: number;
  relay: RelayResult;
  serverCpuPercent: number;
  clientLoopDelayP99Ms: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const sdpFor = (seq: number, padding: string): string => `${seq} ${padding}`;
const seqOf = (sdp: string): number => Number.parseInt(sdp, 10);

/** Connects `pairs` desk–citizen pairs to the hub: citizens wait in their lobbies, then each desk opens its call. */
async function connectHubFleet(url: string, appointments: readonly BenchAppointment[], s: Settings, meter: RelayMeter): Promise<Fleet> {
  const pairs = appointments.length;
  const sockets: HubSocket[] = [];
  const padding = 'x'.repeat(s.payloadBytes);
  const connect = async (auth: Record<string, unknown>): Promise<HubSocket> => {
    const socket = await connectSocket<HubSocket>(url, { auth, timeoutMs: CONNECT_TIMEOUT_MS });
    sockets.push(socket);
    return socket;
  };

  const citizens = await inBatches(pairs, s.batch, async (i) => {
    const socket = await connect({ kind: 'participant', joinToken: (appointments[i] as BenchAppointment).joinToken });
    socket.on('signal', ({ data }) => {
      if ('sdp' in data) meter.arrived(seqOf(data.sdp));
    });
    const joined = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('room:join', {});
    if (!joined.ok) throw new Error(`room:join: ${joined.error.code}`);
    return joined.value.self.id;
  });

  const desks = await inBatches(pairs, s.batch, async (i): Promise<Sender> => {
    const citizenId = citizens.results[i];
    const { id: appointmentId, workstationToken, accessToken } = appointments[i] as BenchAppointment;
    const desk = await connect({ kind: 'workstation', workstationToken, accessToken });
    const opened = await desk.timeout(ACK_TIMEOUT_MS).emitWithAck('room:open', { appointmentId });
    if (!opened.ok) throw new Error(`room:open: ${opened.error.code}`);
    if (!citizenId) throw new Error('no citizen to call');
    return (seq) =>
      desk.emit('signal', { appointmentId, to: citizenId, connection: 'conn-test-1', data: { type: 'offer', sdp: sdpFor(seq, padding) } }, (ack) => {
        if (!ack.ok) meter.refused(seq, ack.error.code);
      });
  });

  const senders = desks.results.filter((sender): sender is Sender => sender !== null);
  return {
    connected: sockets.length,
    pairs: senders.length,
    failures: new Map([...prefixed('citizen', citizens.failures), ...prefixed('desk', desks.failures)]),
    rampSeconds: { citizens: citizens.seconds, desks: desks.seconds },
    senders,
    close: () => sockets.forEach((socket) => socket.close()),
  };
}

/** Connects `pairs` pairs to the bare relay: receivers (side b) first, then senders (side a). */
async function connectBaselineFleet(url: string, pairs: number, s: Settings, meter: RelayMeter): Promise<Fleet> {
  const sockets: BaselineSocket[] = [];
  const padding = 'x'.repeat(s.payloadBytes);
  const connect = async (pair: number, side: 'a' | 'b'): Promise<BaselineSocket> => {
    const socket = await connectSocket<BaselineSocket>(url, { query: { pair: String(pair), side }, timeoutMs: CONNECT_TIMEOUT_MS });
    sockets.push(socket);
    return socket;
  };
  const receivers = await inBatches(pairs, s.batch, async (i) => {
    const socket = await connect(i, 'b');
    socket.on('signal', ({ data }) => meter.arrived(seqOf(data.sdp)));
  });
  const senders = await inBatches(pairs, s.batch, async (i): Promise<Sender> => {
    const socket = await connect(i, 'a');
    if (receivers.results[i] === null) throw new Error('no receiver');
    return (seq) => socket.emit('signal', { data: { type: 'offer', sdp: sdpFor(seq, padding) } }, () => undefined);
  });
  const ready = senders.results.filter((sender): sender is Sender => sender !== null);
  return {
    connected: sockets.length,
    pairs: ready.length,
    failures: new Map([...prefixed('receiver', receivers.failures), ...prefixed('sender', senders.failures)]),
    rampSeconds: { receivers: receivers.seconds, senders: senders.seconds },
    senders: ready,
    close: () => sockets.forEach((socket) => socket.close()),
  };
}

function prefixed(what: string, failures: ReadonlyMap<string, number>): [string, number][] {
  return [...failures].map(([message, n]) => [`${what}: ${message}`, n]);
}

/** Memory before and after connecting, then a warm-up and the measured relay. */
async function measure(server: BenchChild, s: Settings, connect: (meter: RelayMeter) => Promise<Fleet>): Promise<PhaseResult> {
  await sleep(500);
  const rssIdleBytes = readRssBytes(server.pid);
  const meter = new RelayMeter();
  const fleet = await connect(meter);
  try {
    await sleep(1000);
    const rssLoadedBytes = readRssBytes(server.pid);
    await meter.run(fleet.senders, { ratePerSecond: s.rate, durationMs: s.warmupS * 1000, drainMs: 2000 });

    const loop = monitorEventLoopDelay({ resolution: 10 });
    const cpuBefore = readCpuSeconds(server.pid);
    const started = performance.now();
    loop.enable();
    const relay = await meter.run(fleet.senders, { ratePerSecond: s.rate, durationMs: s.durationS * 1000, drainMs: 5000 });
    loop.disable();
    const serverCpuPercent = ((readCpuSeconds(server.pid) - cpuBefore) / ((performance.now() - started) / 1000)) * 100;
    return {
      fleet,
      rssIdleBytes,
      rssLoadedBytes,
      rssAfterRelayBytes: readRssBytes(server.pid),
      bytesPerSocket: fleet.connected ? (rssLoadedBytes - rssIdleBytes) / fleet.connected : Number.NaN,
      relay,
      serverCpuPercent,
      clientLoopDelayP99Ms: loop.percentile(99) / 1e6,
    };
  } finally {
    fleet.close();
  }
}

/** How many lines of each level a JSON-lines log holds. */
function logLevels(file: string): string {
  const counts = new Map<string, number>();
  for (const line of tailOf(file, Number.MAX_SAFE_INTEGER).split('\n')) {
    const level = /"level":"(\w+)"/.exec(line)?.[1] ?? (line.trim() ? 'other' : null);
    if (level) counts.set(level, (counts.get(level) ?? 0) + 1);
  }
  return [...counts].map(([level, n]) => `${n} ${level}`).join(', ') || 'empty';
}

const mb = (bytes: number): number => round(bytes / 1024 / 1024, 1);

function report(name: string, r: PhaseResult, target: number): void {
  const { fleet, relay } = r;
  const pad = name.padEnd(8);
  const ramp = Object.entries(fleet.rampSeconds).map(([step, seconds]) => `${step} ${round(seconds, 1)} s`);
  console.log(
    `${pad} connected ${fleet.connected}/${target} sockets (${ramp.join(', ')}); ${fleet.pairs} pairs relaying; failures: ${describeFailures(fleet.failures)}`,
  );
  console.log(
    `${pad} RSS ${mb(r.rssIdleBytes)} MB idle, ${mb(r.rssLoadedBytes)} MB connected (${Math.round(r.bytesPerSocket)} B per socket), ` +
      `${mb(r.rssAfterRelayBytes)} MB after the relay`,
  );
  console.log(
    `${pad} relay ${round(relay.achievedRate, 0)}/s: sent ${relay.sent}, delivered ${relay.delivered}, refused ${relay.refused}` +
      `${relay.refused ? ` (${JSON.stringify(relay.refusedBy)})` : ''}, lost ${relay.lost}`,
  );
  console.log(
    `${pad} latency p50 ${round(relay.latencyMs.p50)} ms, p99 ${round(relay.latencyMs.p99)} ms, max ${round(relay.latencyMs.max)} ms; ` +
      `server CPU ${round(r.serverCpuPercent, 0)}%; client event-loop delay p99 ${round(r.clientLoopDelayP99Ms, 1)} ms`,
  );
}

async function main(): Promise<void> {
  const s = readSettings();
  const work = mkdtempSync(join(tmpdir(), 'kep-bench-hub-'));
  const hubLog = join(work, 'hub.log');
  const baselineLog = join(work, 'baseline.log');
  const cleanUp = (): void => {
    killAllChildren();
    rmSync(work, { recursive: true, force: true });
  };
  const watchdog = setTimeout(() => {
    console.error(`bench:hub: still running after ${s.timeoutS} s; stopping.\n${tailOf(hubLog)}`);
    cleanUp();
    process.exit(1);
  }, s.timeoutS * 1000);
  watchdog.unref();
  process.once('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });

  try {
    const loadBefore = loadavg()[0] ?? 0;
    const pairs = Math.floor(s.target / 2);
    const baselinePairs = Math.floor(Math.min(s.baselineSockets, s.target) / 2);
    console.log(
      `bench:hub: ${pairs * 2} sockets (${pairs} desk–citizen pairs, ${s.desksPerKep} desks per KEP), ${s.rate} signals/s for ${s.durationS} s after a ${s.warmupS} s warm-up, ` +
        `${s.payloadBytes}-byte SDP, batches of ${s.batch}; baseline: bare Socket.IO relay with ${baselinePairs * 2} sockets`,
    );

    const dataDir = join(work, 'hub-data');
    mkdirSync(dataDir);
    // Every client comes from 127.0.0.1, so the per-address limits must allow all of them at once.
    const setupStarted = performance.now();
    const appointments = await prepareHubData(dataDir, pairs, s.desksPerKep, {
      connectionsBurst: Math.max(1000, s.target * 2),
      connectionsPerSecond: 100_000,
      signalsBurst: 100_000,
      signalsPerSecond: 100_000,
      roomOpsBurst: 1000,
      roomOpsPerSecond: 1000,
      addressEventsBurst: 1_000_000,
      addressEventsPerSecond: 1_000_000,
    });
    console.log(`hub      data: ${pairs} appointments at ${Math.ceil(pairs / s.desksPerKep)} KEPs in ${round((performance.now() - setupStarted) / 1000, 1)} s`);
    const nodeArgs = (process.env.BENCH_HUB_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const hub = await startTsProcess('hub/src/cli.ts', ['serve', '--data-dir', dataDir, '--port', '0'], { cwd: ROOT, logFile: hubLog, nodeArgs });
    const hubResult = await measure(hub, s, (meter) => connectHubFleet(String(hub.ready.url), appointments, s, meter));
    const stopStarted = performance.now();
    const hubEnded = await hub.stop(10_000);
    report('hub', hubResult, pairs * 2);
    console.log(
      `hub      log: ${logLevels(hubLog)}; ${hubEnded === 'exited' ? 'exited' : 'killed, not exited,'} ` +
        `${round((performance.now() - stopStarted) / 1000, 1)} s after SIGTERM`,
    );

    const baseline = await startTsProcess('bench/lib/baseline-relay-server.ts', [], { cwd: ROOT, logFile: baselineLog });
    const baseResult = await measure(baseline, s, (meter) => connectBaselineFleet(String(baseline.ready.url), baselinePairs, s, meter));
    await baseline.stop();
    report('baseline', baseResult, baselinePairs * 2);

    const ratio = hubResult.relay.latencyMs.p50 / baseResult.relay.latencyMs.p50;
    console.log(`hub/baseline: p50 ×${round(ratio)}, p99 ×${round(hubResult.relay.latencyMs.p99 / baseResult.relay.latencyMs.p99)}`);
    // Both sides share this machine's cores with the clients (and with anything else running): a
    // high load makes the tail (p99) noisy, so say what it was.
    console.log(`load average (1 min) ${round(loadBefore, 1)} at the start, ${round(loadavg()[0] ?? 0, 1)} at the end, on ${availableParallelism()} cores`);
    console.log(
      JSON.stringify({
        bench: 'hub',
        sockets: hubResult.fleet.connected,
        target: s.target,
        relayRate: s.rate,
        durationS: s.durationS,
        p50Ms: round(hubResult.relay.latencyMs.p50),
        p99Ms: round(hubResult.relay.latencyMs.p99),
        maxMs: round(hubResult.relay.latencyMs.max),
        delivered: hubResult.relay.delivered,
        lost: hubResult.relay.lost,
        refused: hubResult.relay.refused,
        hubRssMb: mb(hubResult.rssLoadedBytes),
        bytesPerSocket: Math.round(hubResult.bytesPerSocket),
        baseline: {
          sockets: baseResult.fleet.connected,
          p50Ms: round(baseResult.relay.latencyMs.p50),
          p99Ms: round(baseResult.relay.latencyMs.p99),
          maxMs: round(baseResult.relay.latencyMs.max),
          delivered: baseResult.relay.delivered,
          lost: baseResult.relay.lost,
          bytesPerSocket: Math.round(baseResult.bytesPerSocket),
        },
        ratio: round(ratio),
      }),
    );
  } finally {
    cleanUp();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench:hub failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
