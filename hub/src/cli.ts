import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { formatAthensDate, type IsoDate, isIsoDate } from '../../src-shared/domain/athens-time';
import { nextWorkingDay } from '../../src-shared/domain/working-days';
import { joinUrl } from '../../src-shared/protocol/hub-api';
import { ROLES, type Role } from '../../src-shared/domain/roles';
import { AppError } from '../../src-shared/errors';
import { appVersionSchema, UPDATE_PLATFORMS, type UpdatePlatform, updateChannelSchema } from '../../src-shared/protocol/updates';
import { kepScheduleSchema } from '../../src-shared/protocol/booking';
import { createEnrolmentCode } from './auth/enrolment';
import { kepSchedule, setKepSchedule } from './booking/kep-schedule';
import { importCatalogue, parseCatalogueFile } from './catalogue/catalogue-import';
import { parseJsonFile } from './catalogue/json-file';
import { fleetOf } from './fleet/fleet-view';
import { loadHubConfig } from './config';
import { linkBase } from './http/public-url';
import { issueJoinToken } from './auth/join-links';
import { generatePassword, MIN_PASSWORD_LENGTH } from './auth/passwords';
import { addUser, resetPassword } from './auth/users';
import { setUpDemo } from './seed/demo-setup';
import { seedDemo } from './seed/seed-demo';
import { startHub } from './server';
import { HubStore } from './store/hub-store';
import { haltRelease, listReleases, publishRelease, rollBack, setKepChannel, stageRelease } from './updates/releases';

const USAGE = `Usage: hub <command> [options]

Commands:
  serve             Run the hub (HTTP API and Socket.IO).
                      --host 127.0.0.1  --port 4300  --data-dir ./data
  seed              Add demo KEPs and bookings for today and the next working day.
                    Days that already have bookings are left alone.
                      --data-dir ./data  --date YYYY-MM-DD (repeatable)  --seed 1
  add-workstation   Create a workstation credential for a KEP and print it once.
                      --data-dir ./data  --kep <kep id>  --label <text>
  list-keps         List the KEPs the hub knows.
                      --data-dir ./data
  enrolment-code    Create a one-time code with which a workstation enrols for a KEP.
                      --data-dir ./data  --kep <kep id>  --ttl-hours 72
  add-user          Create an employee account. Prints a generated password unless
                    one is given on standard input with --password-stdin.
                      --data-dir ./data  --kep <kep id>  --username <name>
                      --name "<display name>"  --role employee|supervisor|it-admin
  reset-password    Set a new password (generated, or --password-stdin) and end the
                    account's sessions. (Wrong passwords never lock an account: sign-in
                    slows down the workstation that sends them, for a minute or so.)
                      --data-dir ./data  --username <name>
  join-link         Print a citizen's or interpreter's join token for an appointment, and
                    the link to send them (hub-config.json publicUrl, or 127.0.0.1:--port).
                      --data-dir ./data  --appointment <id>  --role citizen|interpreter
                      --port 4300
  demo-setup        Seed demo bookings, create the demo KEP's staff (maria, nikos, tech)
                    with the password given on standard input, and print a workstation
                    credential per demo KEP.
                      --data-dir ./data  --date YYYY-MM-DD (repeatable)
  cancel-appointment  Cancel a booking; its join links stop working.
                      --data-dir ./data  --appointment <id>

Booking (PROTOCOL.md §12):
  catalogue-export  Print the catalogue (agency, categories, services with their documents)
                    as JSON, withdrawn services included.
                      --data-dir ./data
  catalogue-import  Make the catalogue the one in a JSON file of the same shape. Services
                    the file leaves out are withdrawn (appointments keep their codes).
                      <file>  --data-dir ./data
  kep-schedule      Print a KEP's schedule as JSON, or with --file set it (video service,
                    municipality, desks, slot length, hours per weekday, closed dates).
                      --data-dir ./data  --kep <kep id>  [--file schedule.json]
  kep-closed        Close a KEP (or all) for video appointments on a date, or with
                    --remove open it again.
                      --data-dir ./data  --kep <kep id>|all  --date YYYY-MM-DD (repeatable)
                      [--remove]

Updates and the fleet (PROTOCOL.md §10):
  release-publish   Copy an installer into the hub and publish it on a channel; the hub
                    computes its sha512. Without --percent a new version waits at 0 %.
                      --data-dir ./data  --file <path>  --version 1.4.0
                      --platform win|linux  --channel stable  --percent 0-100
                      --note "<who or why>"
  release-stage     Raise or lower the share of the channel's desks offered a version.
                    Staging ends a rollback of the channel.
                      --data-dir ./data  --channel <c>  --version <v>  --percent 0-100
  release-halt      Offer a version to no more desks (0 %).
                      --data-dir ./data  --channel <c>  --version <v>
  release-rollback  Offer an older version to every desk of the channel, as a rollback
                    (desks install it although it is older); newer versions are halted.
                      --data-dir ./data  --channel <c>  --to <version>
  releases          List published releases with their stage.
                      --data-dir ./data  [--channel <c>]
  kep-channel       Put a KEP's desks on an update channel (every KEP starts on stable).
                      --data-dir ./data  --kep <kep id>  --channel <c>
  fleet             Every desk, per KEP: version, channel, update state, last seen, and
                    why IT should look at it.
                      --data-dir ./data  [--kep <kep id>]
`;

/** A mistake in the command line: say what, and show the usage. */
function fail(message: string): never {
  process.stderr.write(`hub: ${message}\n\n${USAGE}`);
  process.exit(2);
}

/** A command that could not be carried out: say why. */
function die(message: string): never {
  process.stderr.write(`hub: ${message}\n`);
  process.exit(1);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const { values, positionals } = parseOptions(rest);
  if (positionals.length > (command === 'catalogue-import' ? 1 : 0)) fail(`unexpected argument "${positionals.at(-1)}"`);
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return;
  }
  const dataDir = resolve(values['data-dir']);

  switch (command) {
    case 'serve': {
      const port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0–65535, not "${values.port}"`);
      const hub = await startHub({ dataDir, host: values.host, port });
      // One JSON line on stdout so scripts and tests can read where the hub listens.
      process.stdout.write(`${JSON.stringify({ url: hub.url, dataDir })}\n`);
      const stop = (): void => void hub.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return;
    }
    case 'seed': {
      const today = formatAthensDate(new Date());
      const dates: IsoDate[] = values.date ?? [today, nextWorkingDay(today)];
      for (const d of dates) if (!isIsoDate(d)) fail(`--date must look like 2026-11-30, not "${d}"`);
      await withStore(dataDir, (store) => {
        for (const row of seedDemo(store, dates, Number(values.seed))) {
          process.stdout.write(`${row.kepId} ${row.date}: ${row.skipped ? 'already has bookings, left alone' : `${row.inserted} bookings added`}\n`);
        }
      });
      return;
    }
    case 'add-workstation': {
      if (!values.kep) fail('add-workstation needs --kep');
      await withStore(dataDir, (store) => {
        const { workstation, token } = store.addWorkstation(values.kep as string, values.label, values.token);
        process.stdout.write(`${JSON.stringify({ workstationId: workstation.id, kepId: workstation.kepId, token })}\n`);
      });
      return;
    }
    case 'list-keps': {
      await withStore(dataDir, (store) => {
        for (const kep of store.listKeps()) process.stdout.write(`${kep.id}\t${kep.name}\n`);
      });
      return;
    }
    case 'enrolment-code': {
      if (!values.kep) fail('enrolment-code needs --kep');
      await withStore(dataDir, (store) => {
        const { code, expiresAt } = createEnrolmentCode(store, values.kep as string, Number(values['ttl-hours']));
        process.stdout.write(`${JSON.stringify({ kepId: values.kep, code, expiresAt })}\n`);
      });
      return;
    }
    case 'add-user': {
      const role = values.role ?? 'employee';
      if (!values.kep || !values.username || !values.name) fail('add-user needs --kep, --username and --name');
      if (!(ROLES as readonly string[]).includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
      const password = values['password-stdin'] ? await readStdin() : generatePassword();
      await withStore(dataDir, async (store) => {
        const user = await addUser(store, {
          kepId: values.kep as string,
          username: values.username as string,
          displayName: values.name as string,
          role: role as Role,
          password,
        });
        process.stdout.write(
          `${JSON.stringify({ userId: user.id, username: user.username, role: user.role, ...(values['password-stdin'] ? {} : { password }) })}\n`,
        );
      });
      return;
    }
    case 'reset-password': {
      if (!values.username) fail('reset-password needs --username');
      const password = values['password-stdin'] ? await readStdin() : generatePassword();
      await withStore(dataDir, async (store) => {
        await resetPassword(store, values.username as string, password);
        process.stdout.write(`${JSON.stringify({ username: values.username, ...(values['password-stdin'] ? {} : { password }) })}\n`);
      });
      return;
    }
    case 'join-link': {
      const role = values.role ?? 'citizen';
      if (!values.appointment) fail('join-link needs --appointment');
      if (role !== 'citizen' && role !== 'interpreter') fail('--role must be citizen or interpreter');
      const port = Number(values.port);
      if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`--port must be 1–65535, not "${values.port}"`);
      // The link points where citizens reach the hub: its publicUrl, or this machine's hub, by
      // the same rule as the links the hub hands out itself (public-url.ts).
      const base = linkBase(loadHubConfig(dataDir).publicUrl, '127.0.0.1', `127.0.0.1:${port}`);
      if (!base.ok) die(base.message);
      await withStore(dataDir, (store) => {
        const link = issueJoinToken(store, values.appointment as string, role);
        process.stdout.write(`${JSON.stringify({ ...link, url: joinUrl(base.base, link.token) })}\n`);
      });
      return;
    }
    case 'demo-setup': {
      const today = formatAthensDate(new Date());
      const dates: IsoDate[] = values.date ?? [today, nextWorkingDay(today)];
      for (const d of dates) if (!isIsoDate(d)) fail(`--date must look like 2026-11-30, not "${d}"`);
      const password = await readStdin();
      if (password.length < MIN_PASSWORD_LENGTH) fail(`the demo password needs at least ${MIN_PASSWORD_LENGTH} characters`);
      await withStore(dataDir, async (store) => {
        process.stdout.write(`${JSON.stringify(await setUpDemo(store, dates, password))}\n`);
      });
      return;
    }
    case 'cancel-appointment': {
      if (!values.appointment) fail('cancel-appointment needs --appointment');
      await withStore(dataDir, (store) => {
        if (!store.getAppointment(values.appointment as string)) die(`There is no appointment ${values.appointment}.`);
        store.setAppointmentStatus(values.appointment as string, 'cancelled');
        process.stdout.write(`${JSON.stringify({ appointmentId: values.appointment, status: 'cancelled' })}\n`);
      });
      return;
    }
    case 'catalogue-export': {
      await withStore(dataDir, (store) => process.stdout.write(`${JSON.stringify(store.catalogue.get(), null, 2)}\n`));
      return;
    }
    case 'catalogue-import': {
      const file = positionals[0];
      if (!file) fail('catalogue-import needs the catalogue file');
      const catalogue = parseCatalogueFile(file, readText(file));
      await withStore(dataDir, (store) => process.stdout.write(`${JSON.stringify(importCatalogue(store, catalogue))}\n`));
      return;
    }
    case 'kep-schedule': {
      if (!values.kep) fail('kep-schedule needs --kep');
      const kepId = values.kep;
      const schedule = values.file ? parseJsonFile(values.file, readText(values.file), kepScheduleSchema) : null;
      await withStore(dataDir, (store) => {
        if (schedule && !setKepSchedule(store, kepId, schedule)) die(`There is no KEP with id "${kepId}".`);
        const current = kepSchedule(store, kepId);
        if (!current) die(`There is no KEP with id "${kepId}".`);
        process.stdout.write(`${JSON.stringify(current, null, 2)}\n`);
      });
      return;
    }
    case 'kep-closed': {
      if (!values.kep || !values.date) fail('kep-closed needs --kep and --date');
      for (const d of values.date) if (!isIsoDate(d)) fail(`--date must look like 2026-11-30, not "${d}"`);
      const dates = values.date;
      await withStore(dataDir, (store) => {
        if (values.kep !== 'all' && !store.getKep(values.kep as string)) die(`There is no KEP with id "${values.kep}".`);
        const keps = values.kep === 'all' ? store.listKeps().map((kep) => kep.id) : [values.kep as string];
        store.transaction(() => {
          for (const kepId of keps) {
            for (const date of dates) {
              if (values.remove) store.kepClosedDates.remove(kepId, date);
              else store.kepClosedDates.add(kepId, date);
            }
          }
        });
        for (const kepId of keps) process.stdout.write(`${JSON.stringify({ kepId, closedDates: store.kepClosedDates.list(kepId) })}\n`);
      });
      return;
    }
    case 'release-publish': {
      if (!values.file || !values.version || !values.platform || !values.channel) fail('release-publish needs --file, --version, --platform and --channel');
      const request = {
        file: resolve(values.file),
        version: checked('--version', appVersionSchema, values.version),
        platform: platformOf(values.platform),
        channel: checked('--channel', updateChannelSchema, values.channel),
        ...(values.percent === undefined ? {} : { percent: percentOf(values.percent) }),
        publishedBy: values.note ?? `hub CLI (${process.env.USER ?? 'unknown user'})`,
      };
      await withStore(dataDir, async (store) => {
        const release = await publishRelease(store, request);
        process.stdout.write(`${JSON.stringify(release)}\n`);
      });
      return;
    }
    case 'release-stage': {
      if (!values.channel || !values.version || values.percent === undefined) fail('release-stage needs --channel, --version and --percent');
      const channel = checked('--channel', updateChannelSchema, values.channel);
      const version = checked('--version', appVersionSchema, values.version);
      const percent = percentOf(values.percent);
      await withStore(dataDir, (store) => process.stdout.write(`${JSON.stringify(stageRelease(store, channel, version, percent))}\n`));
      return;
    }
    case 'release-halt': {
      if (!values.channel || !values.version) fail('release-halt needs --channel and --version');
      const channel = checked('--channel', updateChannelSchema, values.channel);
      const version = checked('--version', appVersionSchema, values.version);
      await withStore(dataDir, (store) => process.stdout.write(`${JSON.stringify(haltRelease(store, channel, version))}\n`));
      return;
    }
    case 'release-rollback': {
      if (!values.channel || !values.to) fail('release-rollback needs --channel and --to');
      const channel = checked('--channel', updateChannelSchema, values.channel);
      const version = checked('--to', appVersionSchema, values.to);
      await withStore(dataDir, (store) => process.stdout.write(`${JSON.stringify(rollBack(store, channel, version))}\n`));
      return;
    }
    case 'releases': {
      const channel = values.channel === undefined ? null : checked('--channel', updateChannelSchema, values.channel);
      await withStore(dataDir, (store) => {
        for (const r of listReleases(store, channel)) {
          const stage = r.rollbackTarget ? 'rollback target' : r.halted ? 'halted' : `${r.percent} %`;
          process.stdout.write(`${[r.channel, r.version, r.platform, r.fileName, r.size, stage, r.publishedAt, r.publishedBy, r.id].join('\t')}\n`);
        }
      });
      return;
    }
    case 'kep-channel': {
      if (!values.kep || !values.channel) fail('kep-channel needs --kep and --channel');
      const channel = checked('--channel', updateChannelSchema, values.channel);
      await withStore(dataDir, (store) => {
        setKepChannel(store, values.kep as string, channel);
        process.stdout.write(`${JSON.stringify({ kepId: values.kep, channel })}\n`);
      });
      return;
    }
    case 'fleet': {
      await withStore(dataDir, (store) => {
        const keps = values.kep ? [values.kep] : store.listKeps().map((kep) => kep.id);
        if (values.kep && !store.getKep(values.kep)) die(`There is no KEP with id "${values.kep}".`);
        for (const kepId of keps) {
          const fleet = fleetOf(store, kepId);
          process.stdout.write(`${kepId}\tchannel ${fleet.channel}\tcurrent ${fleet.current ?? 'none'}\t${fleet.desks.length} desks\n`);
          for (const desk of fleet.desks) {
            const update = desk.report ? `${desk.report.update.state}${desk.report.update.message ? ` (${desk.report.update.message})` : ''}` : '-';
            const row = [
              kepId,
              desk.label,
              desk.report?.version ?? '-',
              desk.report?.channel ?? fleet.channel,
              update,
              desk.lastSeenAt ?? 'never',
              desk.attention.join(',') || 'ok',
            ];
            process.stdout.write(`${row.join('\t')}\n`);
          }
        }
      });
      return;
    }
    default:
      fail(`unknown command "${command}"`);
  }
}

/** An option's value, checked by the protocol's own schema: a usage error (exit 2) otherwise. */
function checked(option: string, schema: z.ZodType<string>, value: string): string {
  const parsed = schema.safeParse(value);
  if (!parsed.success) fail(`${option}: ${parsed.error.issues[0]?.message ?? 'invalid'} (got "${value}")`);
  return parsed.data;
}

function platformOf(value: string): UpdatePlatform {
  if (!(UPDATE_PLATFORMS as readonly string[]).includes(value)) fail(`--platform must be ${UPDATE_PLATFORMS.join(' or ')}, not "${value}"`);
  return value as UpdatePlatform;
}

function percentOf(value: string): number {
  if (!/^\d{1,3}$/.test(value) || Number(value) > 100) fail(`--percent must be a whole number from 0 to 100, not "${value}"`);
  return Number(value);
}

/** The command's options; an unknown or malformed one is a usage error. */
function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string', default: process.env.KEP_HUB_DATA_DIR ?? './data' },
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: process.env.KEP_HUB_PORT ?? '4300' },
        date: { type: 'string', multiple: true },
        seed: { type: 'string', default: '1' },
        kep: { type: 'string' },
        label: { type: 'string', default: 'workstation' },
        token: { type: 'string' },
        'ttl-hours': { type: 'string', default: '72' },
        username: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        'password-stdin': { type: 'boolean', default: false },
        appointment: { type: 'string' },
        file: { type: 'string' },
        version: { type: 'string' },
        platform: { type: 'string' },
        channel: { type: 'string' },
        percent: { type: 'string' },
        to: { type: 'string' },
        note: { type: 'string' },
        remove: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

async function withStore(dataDir: string, run: (store: HubStore) => unknown): Promise<void> {
  const store = new HubStore(dataDir);
  try {
    await run(store);
  } catch (error) {
    // Input the command cannot take (a release file of the wrong kind) is a usage error too.
    if (error instanceof AppError && error.code === 'invalid_input') fail(error.message);
    die(error instanceof Error ? error.message : String(error));
  } finally {
    store.close();
  }
}

/** A file the command was given; one it cannot read is a usage error. */
function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    return fail(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`hub: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
