/**
 * `npm run bench:dispatch`: how long a document the desk sends by e-mail takes to reach the mail
 * server and to show as delivered at the desk, end to end through the real parts, all in this
 * process on loopback:
 *
 * - a real hub (startHub) whose mail goes to a real SMTP server (tests/support/smtp.ts, which
 *   parses each message before it answers 250), retries `{ attempts: 2, firstDelayMs: 50 }`;
 * - the desk's main services (createApp, no Electron), enrolled with an enrolment code and signed
 *   in, one booking of the KEP synced, its identity check passed (a row in verification_outcomes, as
 *   the integration tests do).
 *
 * Each run attaches a fresh PDF (`%PDF-1.4`, random bytes, BENCH_DISPATCH_MB) with
 * `document.attach` (not timed), then times from the `dispatch.create` call to (a) the SMTP server
 * having the message (its attachment's sha256 checked after the run) and (b) the desk's
 * `dispatch.list` saying `delivered` (asked each time app.events says 'dispatch.changed'). The
 * steps in between come from the hub's own timestamps (created_at, handed_over_at, delivered_at,
 * to the millisecond).
 *
 * Baseline, same run, taking turns with the app: the hub's own nodemailer (hub/node_modules;
 * a bare `import 'nodemailer'` from here would get another version) with a fresh transport per
 * send, the same message (the hub's buildMailMessage) with an attachment of the same size, to
 * the same SMTP server. Peak RSS of this process (sampled every 20 ms) is reported against the
 * RSS before the runs.
 *
 * A dispatch whose upload the desk's outbox postpones or refuses fails at once (on loopback that
 * is a fault, and its backoff would measure nothing) with where it is stuck, and the runs stop:
 * the outbox's upload lane goes in order, so every later dispatch would wait behind it.
 *
 * Settings (environment): BENCH_DISPATCH_RUNS (20), BENCH_WARMUP (2), BENCH_DISPATCH_MB (2, at
 * most 10: the desk's limit per document), BENCH_DISPATCH_TIMEOUT_MS (30000 per dispatch),
 * BENCH_TIMEOUT_S (170). Stops by itself. The last line printed is one JSON object.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type * as Nodemailer from 'nodemailer';
import { createEnrolmentCode } from '../hub/src/auth/enrolment';
import { addUser } from '../hub/src/auth/users';
import { checkUploadedDocuments } from '../hub/src/dispatch/check-documents';
import { buildMailMessage } from '../hub/src/dispatch/mail-message';
import { DEMO_KEPS } from '../hub/src/seed/demo-keps';
import { type RunningHub, startHub } from '../hub/src/server';
import { createApp, type KepApp } from '../src-main/app/create-app';
import { loadMachineConfig } from '../src-main/config/machine-config';
import { APP_DATABASE_FILE } from '../src-main/db/app-database';
import type { Channel, ChannelInput, ChannelOutput } from '../src-shared/contract/ipc';
import type { Result } from '../src-shared/errors';
import { setLogLevel } from '../src-shared/log';
import { dispatchUploadHeadSchema } from '../src-shared/protocol/dispatch';
import { MAX_DOCUMENT_BYTES } from '../src-shared/protocol/limits';
import { bookAppointment } from '../tests/support/booking';
import { type Received, startTestSmtp, type TestSmtp } from '../tests/support/smtp';
import { guardRun } from './lib/run-guard';
import { setting } from './lib/settings';
import { describeFigures, type Figures, figures, firstLine, ms, round, secondsSince } from './lib/stats';

const ROOT = resolve(__dirname, '..');
const KEP = DEMO_KEPS[0]!;
const PASSWORD = 'a long enough bench password';
const RECIPIENT = 'eleni@example.com';
const MB = 1024 * 1024;

interface Settings {
  runs: number;
  warmup: number;
  mb: number;
  runTimeoutMs: number;
  timeoutS: number;
}

function readSettings(): Settings {
  const mb = setting('BENCH_DISPATCH_MB', 2, 1);
  if (mb * MB > MAX_DOCUMENT_BYTES) throw new Error(`BENCH_DISPATCH_MB must be at most ${MAX_DOCUMENT_BYTES / MB} (the desk's limit per document), not ${mb}.`);
  return {
    runs: setting('BENCH_DISPATCH_RUNS', 20, 1),
    warmup: setting('BENCH_WARMUP', 2, 0),
    mb,
    runTimeoutMs: setting('BENCH_DISPATCH_TIMEOUT_MS', 30_000, 1000),
    timeoutS: setting('BENCH_TIMEOUT_S', 170, 20),
  };
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const megabytes = (bytes: number): string => `${round(bytes / MB, 0)} MB`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const json = (f: Figures) => ({ p50Ms: round(f.p50, 1), p95Ms: round(f.p95, 1), minMs: round(f.min, 1), maxMs: round(f.max, 1) });

/** A PDF as far as the desk checks (its first bytes), `size` bytes, different every time. */
function makePdf(size: number, label: string): Buffer {
  const head = Buffer.from(`%PDF-1.4\n% ${label}\n`);
  const tail = Buffer.from('\n%%EOF\n');
  return Buffer.concat([head, randomBytes(size - head.length - tail.length), tail]);
}

/**
 * The codec work in "upload + checks", taken apart on an upload like the runs' (after them): the
 * desk's head line (JSON and UTF-8; the document goes as it is), and the hub's head parse and
 * schema check (dispatchUploadHeadSchema) with the document copied into its buffer and hashed
 * (as read-upload.ts does it) and checked (checkUploadedDocuments).
 */
function codecParts(size: number, rounds: number): { deskMs: number[]; hubMs: number[] } {
  const data = makePdf(size, 'taken apart');
  const deskMs: number[] = [];
  const hubMs: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    let started = performance.now();
    const line = Buffer.from(
      `${JSON.stringify({
        dispatchId: randomUUID(),
        appointmentId: randomUUID(),
        actorId: 'u-bench',
        madeAt: new Date().toISOString(),
        channel: 'email',
        protocolNumber: '',
        documents: [{ name: 'Βεβαίωση.pdf', size: data.length, sha256: sha256(data) }],
      })}\n`,
    );
    deskMs.push(performance.now() - started);
    started = performance.now();
    const head = dispatchUploadHeadSchema.parse(JSON.parse(line.subarray(0, line.length - 1).toString('utf8')));
    const copy = Buffer.allocUnsafe(data.length);
    data.copy(copy);
    checkUploadedDocuments(head.documents, [{ data: copy, sha256: createHash('sha256').update(copy).digest('hex') }]);
    hubMs.push(performance.now() - started);
  }
  return { deskMs, hubMs };
}

/** A message as the SMTP server took it, stamped when it had parsed it (just before its 250). */
interface Arrival {
  at: number;
  to: string[];
  attachments: Buffer[];
}

/**
 * Watches the test SMTP server's arrivals by message id, without keeping the messages: its
 * `received` list would otherwise hold every attachment until the end (and in the RSS).
 * Attachments are hashed after the run, not in the server's path.
 */
function watchArrivals(smtp: TestSmtp) {
  const arrivals = new Map<string, Arrival>();
  const waiters = new Map<string, (arrival: Arrival) => void>();
  let count = 0;
  smtp.received.push = (...items: Received[]): number => {
    const at = performance.now();
    for (const item of items) {
      count += 1;
      const id = item.mail.messageId ?? `no-id-${count}`;
      const arrival = { at, to: item.envelopeTo, attachments: item.mail.attachments.map((a) => a.content) };
      if (arrivals.has(id)) arrivals.set(`${id} (again ${count})`, arrival);
      else arrivals.set(id, arrival);
      waiters.get(id)?.(arrival);
    }
    return count;
  };
  return {
    get count() {
      return count;
    },
    wait(messageId: string, timeoutMs: number): Promise<Arrival> {
      const known = arrivals.get(messageId);
      if (known) return Promise.resolve(known);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(messageId);
          reject(new Error(`the SMTP server had no message ${messageId} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.set(messageId, (arrival) => {
          clearTimeout(timer);
          waiters.delete(messageId);
          resolve(arrival);
        });
      });
    },
    /** Checks the message carried exactly `data` to the citizen, then forgets its contents. */
    verify(messageId: string, data: Buffer, to: string): void {
      const arrival = arrivals.get(messageId);
      if (!arrival) throw new Error(`no message ${messageId}`);
      if (arrival.to.join(',') !== to) throw new Error(`message ${messageId} went to ${arrival.to.join(',')}, not ${to}`);
      if (arrival.attachments.length !== 1) throw new Error(`message ${messageId} has ${arrival.attachments.length} attachments, not 1`);
      const got = sha256(arrival.attachments[0] as Buffer);
      if (got !== sha256(data))
        throw new Error(`message ${messageId}: attachment sha256 ${got.slice(0, 12)}… is not the document's ${sha256(data).slice(0, 12)}…`);
      arrival.attachments = [];
    },
    duplicates: (): string[] => [...arrivals.keys()].filter((k) => k.includes(' (again ')),
  };
}

/** Peak RSS of this process, sampled every 20 ms; `mark` starts a new window and returns the last one's peak. */
function rssSampler() {
  let overall = process.memoryUsage.rss();
  let windowPeak = overall;
  const timer = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > overall) overall = rss;
    if (rss > windowPeak) windowPeak = rss;
  }, 20);
  timer.unref();
  return {
    mark(): { start: number; peak: number } {
      const rss = process.memoryUsage.rss();
      const peak = Math.max(windowPeak, rss);
      overall = Math.max(overall, peak);
      windowPeak = rss;
      return { start: rss, peak };
    },
    get peak() {
      return Math.max(overall, process.memoryUsage.rss());
    },
    stop: () => clearInterval(timer),
  };
}

/** The desk's view of its dispatches: read with `dispatch.list` whenever the app says they changed, stamped when it says delivered. */
function watchDesk(app: KepApp, appointmentId: string) {
  const delivered = new Map<string, number>();
  const failed = new Map<string, string>();
  const waiters = new Map<string, { resolve: (at: number) => void; reject: (e: Error) => void }>();
  let byPoll = 0;
  const check = async (how: 'event' | 'poll'): Promise<void> => {
    const list = await app.invoke('dispatch.list', { appointmentId });
    const at = performance.now();
    if (!list.ok) return;
    for (const d of list.value as ChannelOutput<'dispatch.list'>) {
      if (d.state === 'delivered' && !delivered.has(d.id)) {
        delivered.set(d.id, at);
        if (how === 'poll' && waiters.has(d.id)) byPoll += 1;
        waiters.get(d.id)?.resolve(at);
      } else if (d.state === 'failed' && !failed.has(d.id)) {
        failed.set(d.id, d.reason ?? 'no reason');
        waiters.get(d.id)?.reject(new Error(`the dispatch failed: ${d.reason ?? 'no reason'}`));
      }
    }
  };
  const unsubscribe = app.events.subscribe((event, payload) => {
    if (event === 'dispatch.changed' && (payload as { appointmentId: string }).appointmentId === appointmentId) void check('event');
  });
  // A safety net only: every stamp should come from an event (the count is reported).
  const poll = setInterval(() => {
    if (waiters.size) void check('poll');
  }, 500);
  poll.unref();
  return {
    get byPoll() {
      return byPoll;
    },
    wait(dispatchId: string, timeoutMs: number): Promise<number> {
      const known = delivered.get(dispatchId);
      if (known !== undefined) return Promise.resolve(known);
      return new Promise((resolve, reject) => {
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(dispatchId);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`the desk did not show dispatch ${dispatchId} delivered within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.set(dispatchId, {
          resolve: (at) => {
            done();
            resolve(at);
          },
          reject: (error) => {
            done();
            reject(error);
          },
        });
      });
    },
    stop(): void {
      unsubscribe();
      clearInterval(poll);
    },
  };
}

/** One app dispatch, in ms from the `dispatch.create` call. */
interface AppSample {
  createCallMs: number;
  acceptedMs: number;
  handedOverMs: number;
  smtpMs: number;
  hubDeliveredMs: number;
  deskMs: number;
  attempts: number;
  attachMs: number;
  rssRiseBytes: number;
}

interface BaselineSample {
  smtpMs: number;
  resolvedMs: number;
  rssRiseBytes: number;
}

interface HubRow {
  created_at: string;
  handed_over_at: string | null;
  delivered_at: string | null;
  state: string;
  attempts: number;
}

async function main(): Promise<void> {
  const s = readSettings();
  const size = s.mb * MB;
  const started = performance.now();
  const work = mkdtempSync(join(tmpdir(), 'kep-bench-dispatch-'));
  let app: KepApp | null = null;
  let hub: RunningHub | null = null;
  let smtp: TestSmtp | null = null;
  let lastStep = 'setting up';
  let closeDeskDb = (): void => undefined;
  guardRun(
    'bench:dispatch',
    s.timeoutS,
    () => {
      app?.close();
      rmSync(work, { recursive: true, force: true });
    },
    () => `last step: ${lastStep}`,
  );
  // The app and the hub run in this process: their info lines (one per mail) would drown the figures.
  setLogLevel('warn');

  const hubRequire = createRequire(join(ROOT, 'hub', 'package.json'));
  const nodemailer = hubRequire('nodemailer') as typeof Nodemailer;
  const versionOf = (entry: string): string => {
    // Up from the entry point to the package's own package.json.
    for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
      const file = join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'nodemailer') return pkg.version ?? '?';
    }
    return '?';
  };
  const hubMailerVersion = versionOf(hubRequire.resolve('nodemailer'));
  const rootMailerVersion = versionOf(createRequire(__filename).resolve('nodemailer'));

  try {
    const loadBefore = loadavg()[0] ?? 0;
    console.log(
      `bench:dispatch: ${s.runs} e-mail dispatches of one ${s.mb} MB PDF each (after ${s.warmup} warm-up), and as many baseline sends, taking turns; ` +
        `hub, desk and SMTP server in this process on loopback; nodemailer ${hubMailerVersion} (the hub's; a bare import from bench/ gets ${rootMailerVersion})`,
    );

    // Setup: SMTP server, hub, desk enrolled and signed in, one booking with its identity check passed.
    const setupStarted = performance.now();
    smtp = await startTestSmtp();
    const arrivals = watchArrivals(smtp);
    const hubDir = join(work, 'hub');
    const appDir = join(work, 'desk');
    mkdirSync(hubDir);
    mkdirSync(appDir);
    hub = await startHub({ dataDir: hubDir, port: 0, config: { smtp: smtp.config(), mailRetry: { attempts: 2, firstDelayMs: 50 } } });
    hub.store.upsertKep(KEP);
    await addUser(hub.store, { kepId: KEP.id, username: 'maria', displayName: 'Μαρία Παπαδοπούλου', role: 'employee', password: PASSWORD });
    const desk = createApp({ dataDir: appDir, config: loadMachineConfig(appDir, {}), version: 'bench' });
    app = desk;
    desk.start();
    const invoke = async <C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
      const result = (await desk.invoke(channel, input)) as Result<ChannelOutput<C>>;
      if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
      return result.value;
    };
    const { code } = createEnrolmentCode(hub.store, KEP.id);
    await invoke('workstation.enrol', { hubUrl: hub.url, code, label: 'Γκισέ bench' });
    await invoke('session.signIn', { username: 'maria', password: PASSWORD });
    const appointment = bookAppointment(hub.store, KEP.id, 0, {
      citizen: { firstName: 'Ελένη', lastName: 'Μακρή', afm: '123456783', email: RECIPIENT, phone: null, postalAddress: null },
    });
    const syncedBy = performance.now() + 15_000;
    while (!(await desk.invoke('verification.get', { appointmentId: appointment.id })).ok) {
      if (performance.now() > syncedBy) throw new Error('the desk did not get the booking within 15 s');
      await sleep(20);
    }
    const db = new Database(join(appDir, APP_DATABASE_FILE));
    db.prepare("INSERT INTO verification_outcomes (appointment_id, outcome, reason, decided_at, actor_id) VALUES (?, 'passed', NULL, ?, 'u-bench')").run(
      appointment.id,
      new Date().toISOString(),
    );
    db.close();
    const deskWatch = watchDesk(desk, appointment.id);
    console.log(
      `setup    SMTP server on 127.0.0.1:${smtp.port}, hub at ${hub.url}, desk enrolled and signed in, booking synced and checked: ${secondsSince(setupStarted)} s`,
    );

    const hubRow = hub.store.db.prepare<[string], HubRow>('SELECT created_at, handed_over_at, delivered_at, state, attempts FROM dispatches WHERE id = ?');
    const smtpPort = smtp.port;
    const from = smtp.config().from;

    // RSS: before the runs, the peak over them, and the rise within each run over its start.
    const sampler = rssSampler();
    const rssBefore = process.memoryUsage.rss();
    const rssNow = (): { rise(): number } => {
      const { start } = sampler.mark();
      return { rise: () => sampler.mark().peak - start };
    };

    // The desk's own record of a dispatch and of its upload, read apart from the app (diagnostics only).
    const deskDb = new Database(join(appDir, APP_DATABASE_FILE), { readonly: true });
    closeDeskDb = () => deskDb.close();
    const deskRecord = deskDb.prepare<[string], { state: string; reason: string | null }>('SELECT state, reason FROM dispatches WHERE id = ?');
    const uploadEntry = deskDb.prepare<[string], { state: string; attempts: number; lastError: string | null; refused: string | null }>(
      `SELECT state, attempts, last_error AS lastError, refused_reason AS refused FROM outbox
       WHERE json_extract(change, '$.dispatchId') = ? AND json_extract(change, '$.kind') LIKE 'dispatch.%' ORDER BY seq DESC LIMIT 1`,
    );

    /** Where a dispatch that did not arrive is stuck: the desk's record and outbox, the hub's record. */
    const whereIs = (dispatchId: string): string => {
      const d = deskRecord.get(dispatchId);
      const o = uploadEntry.get(dispatchId);
      const h = hubRow.get(dispatchId);
      return `desk: ${d ? `${d.state}${d.reason ? ` (${d.reason})` : ''}` : 'no record'}, desk outbox: ${JSON.stringify(o ?? null)}, hub: ${h ? `${h.state}, ${h.attempts} attempts` : 'no record'}`;
    };

    /**
     * Rejects as soon as the desk's outbox postpones or gives up the upload of this dispatch: on
     * loopback that is a failure, and waiting out its backoff would measure nothing.
     */
    const uploadTrouble = (dispatchId: string): { failed: Promise<never>; stop(): void } => {
      let unsubscribe: () => void = () => undefined;
      const failed = new Promise<never>((_resolve, reject) => {
        unsubscribe = desk.events.subscribe((event) => {
          if (event !== 'outbox.changed') return;
          const entry = uploadEntry.get(dispatchId);
          if (entry && (entry.state === 'refused' || (entry.state === 'pending' && entry.attempts > 0))) {
            unsubscribe();
            reject(
              new Error(
                `the desk's upload was ${entry.state === 'refused' ? `refused: ${entry.refused ?? ''}` : `postponed: ${entry.lastError ?? 'no error'}`}`,
              ),
            );
          }
        });
      });
      failed.catch(() => undefined);
      return { failed, stop: () => unsubscribe() };
    };

    const runApp = async (label: string): Promise<AppSample> => {
      const data = makePdf(size, label);
      const attachStarted = performance.now();
      const doc = await invoke('document.attach', { appointmentId: appointment.id, name: `Βεβαίωση ${label}.pdf`, dataBase64: data.toString('base64') });
      const attachMs = performance.now() - attachStarted;
      await sleep(20); // let what attaching left behind settle
      const rss = rssNow();
      const t0 = performance.now();
      const w0 = Date.now();
      const made = await invoke('dispatch.create', { appointmentId: appointment.id, channel: 'email', documentIds: [doc.id] });
      const createCallMs = performance.now() - t0;
      const messageId = `<${made.id}@kep-live-desk>`;
      // The outbox starts the upload within the create call: look at it at once, then on each change.
      const trouble = uploadTrouble(made.id);
      const early = uploadEntry.get(made.id);
      const [arrival, deskAt] = await Promise.race([
        Promise.all([arrivals.wait(messageId, s.runTimeoutMs), deskWatch.wait(made.id, s.runTimeoutMs)]),
        early && early.attempts > 0 ? Promise.reject(new Error(`the desk's upload was postponed: ${early.lastError ?? 'no error'}`)) : trouble.failed,
      ])
        .catch((error: unknown) => {
          throw new Error(`${firstLine(error)}; ${whereIs(made.id)}`);
        })
        .finally(() => trouble.stop());
      const rssRiseBytes = rss.rise();
      arrivals.verify(messageId, data, RECIPIENT);
      const row = hubRow.get(made.id);
      if (!row || row.state !== 'delivered' || !row.handed_over_at || !row.delivered_at)
        throw new Error(`the hub's record of ${made.id} is ${JSON.stringify(row)}`);
      const at = (iso: string): number => Date.parse(iso) - w0; // the hub's clock, to the ms, from the create call
      return {
        createCallMs,
        acceptedMs: at(row.created_at),
        handedOverMs: at(row.handed_over_at),
        smtpMs: arrival.at - t0,
        hubDeliveredMs: at(row.delivered_at),
        deskMs: deskAt - t0,
        attempts: row.attempts,
        attachMs,
        rssRiseBytes,
      };
    };

    const runBaseline = async (label: string): Promise<BaselineSample> => {
      const data = makePdf(size, label);
      const id = randomUUID();
      const mail = buildMailMessage({
        dispatchId: id,
        from,
        to: RECIPIENT,
        kepName: KEP.name,
        protocolNumber: '',
        documents: [{ name: `Βεβαίωση ${label}.pdf`, size, data }],
      });
      const messageId = `<${id}@kep-live-desk>`;
      await sleep(20);
      const rss = rssNow();
      const t0 = performance.now();
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false });
      try {
        const info = await transport.sendMail(mail);
        const resolvedMs = performance.now() - t0;
        if (!(info.accepted ?? []).map(String).includes(RECIPIENT)) throw new Error(`the SMTP server did not accept ${RECIPIENT}: ${String(info.response)}`);
        const arrival = await arrivals.wait(messageId, s.runTimeoutMs);
        const rssRiseBytes = rss.rise();
        arrivals.verify(messageId, data, RECIPIENT);
        return { smtpMs: arrival.at - t0, resolvedMs, rssRiseBytes };
      } finally {
        transport.close();
      }
    };

    const appSamples: AppSample[] = [];
    const appWarm: AppSample[] = [];
    const baseSamples: BaselineSample[] = [];
    const baseWarm: BaselineSample[] = [];
    const failures: string[] = [];
    const deadline = started + (s.timeoutS - 15) * 1000;
    const wanted = s.warmup + s.runs;
    let turn = 0;
    let blocked = false;
    const runsStarted = performance.now();
    while ((appWarm.length + appSamples.length < wanted || baseWarm.length + baseSamples.length < wanted) && turn < wanted + 5) {
      if (performance.now() > deadline) {
        console.log(`stopping early: less than 15 s of the ${s.timeoutS} s budget left`);
        break;
      }
      const label = `run ${String(turn + 1).padStart(2)}`;
      const parts: string[] = [];
      const order = turn % 2 === 0 ? (['app', 'baseline'] as const) : (['baseline', 'app'] as const);
      for (const which of order) {
        if (which === 'app' && appWarm.length + appSamples.length < wanted) {
          lastStep = `${label}: app dispatch`;
          try {
            const x = await runApp(label);
            (appWarm.length < s.warmup ? appWarm : appSamples).push(x);
            parts.push(`app → SMTP ${ms(x.smtpMs)}, → desk delivered ${ms(x.deskMs)}${x.attempts > 1 ? ` (${x.attempts} attempts)` : ''}`);
          } catch (error) {
            failures.push(`${label} app: ${firstLine(error)}`);
            parts.push(`app failed: ${firstLine(error)}`);
            // The outbox's upload lane goes in order: while this one waits, every later dispatch waits behind it.
            if (/upload was postponed|"state":"pending"/.test(firstLine(error))) blocked = true;
          }
        }
        if (which === 'baseline' && baseWarm.length + baseSamples.length < wanted) {
          lastStep = `${label}: baseline send`;
          try {
            const x = await runBaseline(label);
            (baseWarm.length < s.warmup ? baseWarm : baseSamples).push(x);
            parts.push(`baseline → SMTP ${ms(x.smtpMs)}, sendMail resolved ${ms(x.resolvedMs)}`);
          } catch (error) {
            failures.push(`${label} baseline: ${firstLine(error)}`);
            parts.push(`baseline failed: ${firstLine(error)}`);
          }
        }
      }
      console.log(`${label}${turn < s.warmup ? ' (warm-up)' : ''}: ${parts.join('; ')}`);
      turn += 1;
      if (blocked) {
        console.log("stopping: the desk's upload of a dispatch is held in its outbox, and every later dispatch queues behind it");
        break;
      }
    }
    const runsS = secondsSince(runsStarted);
    const rssPeak = sampler.peak;
    const rssAfter = process.memoryUsage.rss();
    sampler.stop();
    deskWatch.stop();
    lastStep = 'taking the upload apart';
    const apart = codecParts(size, 5);
    lastStep = 'reporting';

    // Report.
    const a = (pick: (x: AppSample) => number): Figures => figures(appSamples.map(pick));
    const b = (pick: (x: BaselineSample) => number): Figures => figures(baseSamples.map(pick));
    const toSmtp = a((x) => x.smtpMs);
    const toDesk = a((x) => x.deskMs);
    const baseSmtp = b((x) => x.smtpMs);
    const baseResolved = b((x) => x.resolvedMs);
    const steps = {
      accepted: a((x) => x.acceptedMs),
      hubToSmtp: a((x) => x.smtpMs - x.acceptedMs),
      smtpToDesk: a((x) => x.deskMs - x.smtpMs),
    };
    console.log('');
    const deskCodec = figures(apart.deskMs).p50;
    const hubCodec = figures(apart.hubMs).p50;
    if (appSamples.length === 0) console.log('app      no dispatch arrived: no figures (see the failures below)');
    else {
      console.log(`app      dispatch.create → SMTP server has it (sha256 checked): ${describeFigures(toSmtp)} (${appSamples.length} dispatches of ${s.mb} MB)`);
      console.log(`app      dispatch.create → desk's dispatch.list says delivered: ${describeFigures(toDesk)}`);
      console.log(`steps    create → accepted at the hub: ${describeFigures(steps.accepted)}`);
      console.log(`steps    accepted at the hub → SMTP server has it: ${describeFigures(steps.hubToSmtp)}`);
      console.log(`steps    SMTP server has it → desk shows delivered: ${describeFigures(steps.smtpToDesk)}`);
      const p50 = (pick: (x: AppSample) => number): string => `${round(a(pick).p50, 0)}`;
      console.log(
        `steps    p50 ms from the create call: create returns ${round(a((x) => x.createCallMs).p50, 1)} → accepted at hub ${p50((x) => x.acceptedMs)} → ` +
          `handed to the mail server ${p50((x) => x.handedOverMs)} → SMTP server has it ${p50((x) => x.smtpMs)} → hub records delivered ${p50((x) => x.hubDeliveredMs)} → ` +
          `desk shows delivered ${p50((x) => x.deskMs)}`,
      );
      console.log(
        `steps    p50 of each step alone: upload + checks ${p50((x) => x.acceptedMs)}, hub store + claim + message ${p50((x) => x.handedOverMs - x.acceptedMs)}, ` +
          `SMTP transfer + parse ${p50((x) => x.smtpMs - x.handedOverMs)}, 250 + record ${p50((x) => x.hubDeliveredMs - x.smtpMs)}, hub → desk ${p50((x) => x.deskMs - x.hubDeliveredMs)}`,
      );
      console.log(
        `apart    of "upload + checks", codec alone (5 rounds after the runs, p50): desk's head line (JSON + UTF-8; the bytes go as they are) ${ms(deskCodec)}, ` +
          `hub's head parse + schema check, copy into its buffer and sha256 ${ms(hubCodec)}; together ${round((100 * (deskCodec + hubCodec)) / steps.accepted.p50, 0)} % of that step's p50`,
      );
      console.log(`app      document.attach of ${s.mb} MB (before each run, not timed in the figures): p50 ${ms(a((x) => x.attachMs).p50)}`);
    }
    if (baseSamples.length === 0) console.log('baseline no sends after the warm-up: no figures');
    else {
      console.log(`baseline nodemailer, fresh transport, → SMTP server has it: ${describeFigures(baseSmtp)} (${baseSamples.length} sends)`);
      console.log(`baseline nodemailer, fresh transport, → sendMail resolved: ${describeFigures(baseResolved)}`);
    }
    if (appWarm.length || baseWarm.length) {
      console.log(
        `warm-up  app → SMTP ${appWarm.map((x) => ms(x.smtpMs)).join(', ') || 'none'}, → desk ${appWarm.map((x) => ms(x.deskMs)).join(', ') || 'none'}; ` +
          `baseline → SMTP ${baseWarm.map((x) => ms(x.smtpMs)).join(', ') || 'none'}`,
      );
    }
    const ratio = toSmtp.p50 / baseSmtp.p50;
    const deskRatio = toDesk.p50 / baseResolved.p50;
    if (appSamples.length && baseSamples.length) {
      console.log(
        `app/baseline → SMTP p50 ×${round(ratio)}, p95 ×${round(toSmtp.p95 / baseSmtp.p95)}; ` +
          `→ desk delivered / → sendMail resolved p50 ×${round(deskRatio)}; app p50 − baseline p50 (→ SMTP) = ${ms(toSmtp.p50 - baseSmtp.p50)}`,
      );
    }
    const riseApp = figures(appSamples.map((x) => x.rssRiseBytes));
    const riseBase = figures(baseSamples.map((x) => x.rssRiseBytes));
    console.log(
      `memory   RSS ${megabytes(rssBefore)} before the runs, peak ${megabytes(rssPeak)} (+${megabytes(rssPeak - rssBefore)}), ${megabytes(rssAfter)} after them; ` +
        `rise within one run, p50/max: app ${megabytes(riseApp.p50)}/${megabytes(riseApp.max)}, baseline ${megabytes(riseBase.p50)}/${megabytes(riseBase.max)}`,
    );
    const duplicates = arrivals.duplicates();
    const retried = appSamples.filter((x) => x.attempts > 1).length;
    console.log(
      `checks   ${arrivals.count} messages at the SMTP server, ${duplicates.length} duplicates; ${retried} dispatches needed a second attempt; ` +
        `${deskWatch.byPoll} deliveries seen by the safety poll rather than the event`,
    );
    console.log(`failures ${failures.length}${failures.length ? `: ${failures.join('; ')}` : ''}`);
    console.log(
      `load average (1 min) ${round(loadBefore, 1)} at the start, ${round(loadavg()[0] ?? 0, 1)} at the end, on ${availableParallelism()} cores; runs ${runsS} s, whole run ${secondsSince(started)} s`,
    );
    console.log(
      JSON.stringify({
        bench: 'dispatch',
        documentBytes: size,
        runs: appSamples.length,
        app: {
          toSmtp: json(toSmtp),
          toDesk: json(toDesk),
          acceptedP50Ms: round(steps.accepted.p50, 1),
          hubToSmtpP50Ms: round(steps.hubToSmtp.p50, 1),
          smtpToDeskP50Ms: round(steps.smtpToDesk.p50, 1),
          deskEncodeP50Ms: round(deskCodec, 1),
          hubDecodeP50Ms: round(hubCodec, 1),
        },
        baseline: { toSmtp: json(baseSmtp), resolved: json(baseResolved), sends: baseSamples.length },
        ratioP50: round(ratio),
        deskRatioP50: round(deskRatio),
        rss: { beforeMb: round(rssBefore / MB, 1), peakMb: round(rssPeak / MB, 1), afterMb: round(rssAfter / MB, 1) },
        failures: failures.length + duplicates.length,
      }),
    );
    if (appSamples.length < s.runs || baseSamples.length < s.runs || duplicates.length) process.exitCode = 1;
  } finally {
    closeDeskDb();
    app?.close();
    await hub?.close().catch(() => undefined);
    await smtp?.stop().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(`bench:dispatch failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
