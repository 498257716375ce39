import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatAthensDate, type IsoDate, isIsoDate } from '../../src-shared/domain/athens-time';
import { nextWorkingDay } from '../../src-shared/domain/working-days';
import { seedDemo } from './seed/seed-demo';
import { startHub } from './server';
import { HubStore } from './store/hub-store';

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
`;

function fail(message: string): never {
  process.stderr.write(`hub: ${message}\n\n${USAGE}`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      'data-dir': { type: 'string', default: process.env.KEP_HUB_DATA_DIR ?? './data' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: process.env.KEP_HUB_PORT ?? '4300' },
      date: { type: 'string', multiple: true },
      seed: { type: 'string', default: '1' },
      kep: { type: 'string' },
      label: { type: 'string', default: 'workstation' },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
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
      const store = new HubStore(dataDir);
      try {
        for (const row of seedDemo(store, dates, Number(values.seed))) {
          process.stdout.write(
            `${row.kepId} ${row.date}: ${row.skipped ? 'already has bookings, left alone' : `${row.inserted} bookings added`}\n`,
          );
        }
      } finally {
        store.close();
      }
      return;
    }
    case 'add-workstation': {
      if (!values.kep) fail('add-workstation needs --kep');
      const store = new HubStore(dataDir);
      try {
        const { workstation, token } = store.addWorkstation(values.kep, values.label, values.token);
        process.stdout.write(`${JSON.stringify({ workstationId: workstation.id, kepId: workstation.kepId, token })}\n`);
      } catch (error) {
        fail(error instanceof Error ? error.message : String(error));
      } finally {
        store.close();
      }
      return;
    }
    case 'list-keps': {
      const store = new HubStore(dataDir);
      try {
        for (const kep of store.listKeps()) process.stdout.write(`${kep.id}\t${kep.name}\n`);
      } finally {
        store.close();
      }
      return;
    }
    default:
      fail(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`hub: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
