import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ATTENTION_THRESHOLDS, fleetOf } from '../../hub/src/fleet/fleet-view';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { HubStore } from '../../hub/src/store/hub-store';
import { publishRelease } from '../../hub/src/updates/releases';
import { HubApiClient } from '../../src-main/hub/hub-api-client';
import { API_PREFIX } from '../../src-shared/protocol/constants';
import type { FleetReport } from '../../src-shared/protocol/fleet';
import { startTestHub, type TestHub } from '../support/hub';
import { accessTokenFor } from '../support/sockets';
import { makeTempDir } from '../support/temp-dir';

const KEP_A = DEMO_KEPS[0]!.id;
const KEP_B = DEMO_KEPS[1]!.id;
const ROOT = resolve(__dirname, '../..');
let t: TestHub;

beforeEach(async () => {
  t = await startTestHub([]);
});
afterEach(() => t.stop());

function report(overrides: Partial<FleetReport> = {}): FleetReport {
  return {
    version: '1.0.0',
    platform: 'win',
    channel: 'stable',
    update: { state: 'idle', version: null, percent: null, message: null, checkedAt: new Date().toISOString() },
    outbox: { pending: 0, refused: 0 },
    auditTrail: { intact: true, unaudited: 0 },
    sentAt: new Date().toISOString(),
    ...overrides,
  };
}

const client = (kepId: string): HubApiClient => new HubApiClient({ baseUrl: t.hub.url, token: t.tokens[kepId]! });

describe('fleet reports', () => {
  it('update the desk’s last seen and its clock’s offset from the hub’s, and count its version for the day', async () => {
    const sentAt = new Date(Date.now() - 90_000).toISOString();
    const { clockOffsetMs } = await client(KEP_A).fleetReport(report({ sentAt }));
    expect(clockOffsetMs).toBeGreaterThanOrEqual(90_000);
    expect(clockOffsetMs).toBeLessThan(95_000);

    const fleet = await client(KEP_A).fleet(await accessTokenFor(t.hub.store, t.tokens[KEP_A]!, 'it-admin'));
    expect(fleet).toMatchObject({ kepId: KEP_A, channel: 'stable', current: null });
    expect(fleet.desks).toHaveLength(1);
    const [desk] = fleet.desks;
    expect(desk).toMatchObject({ label: 'test desk', clockOffsetMs, report: report({ sentAt, update: expect.any(Object) as FleetReport['update'] }) });
    expect(Date.now() - Date.parse(desk!.lastSeenAt!)).toBeLessThan(5000);
    expect(desk!.attention).toEqual(['clock_off']);
    expect(fleet.adoption).toEqual([{ date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) as string, version: '1.0.0', desks: 1 }]);

    await client(KEP_A).fleetReport(report({ version: '1.1.0' }));
    const again = await client(KEP_A).fleet(await accessTokenFor(t.hub.store, t.tokens[KEP_A]!, 'it-admin'));
    expect(again.desks[0]).toMatchObject({ report: { version: '1.1.0' }, attention: [] });
    expect(again.adoption.map((a) => a.version)).toEqual(['1.1.0']);
  });

  it('are refused when they do not fit the schema, and when a desk sends too many', async () => {
    const post = (body: unknown) =>
      fetch(`${t.hub.url}${API_PREFIX}/fleet/report`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.tokens[KEP_A]}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ ...report(), version: 'latest' })).status).toBe(400);
    expect((await post({ ...report(), citizen: 'Μαρία' })).status).toBe(400);
    const statuses: number[] = [];
    for (let i = 0; i < 14; i += 1) statuses.push((await post(report())).status);
    expect(statuses.slice(0, 12).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('the fleet view', () => {
  it('shows a KEP’s own desks only, to an IT session at one of its workstations', async () => {
    const second = t.hub.store.addWorkstation(KEP_A, 'desk 2');
    await client(KEP_A).fleetReport(report());
    await client(KEP_B).fleetReport(report());

    const ofB = await client(KEP_B).fleet(await accessTokenFor(t.hub.store, t.tokens[KEP_B]!, 'it-admin'));
    expect(ofB.kepId).toBe(KEP_B);
    expect(ofB.desks.map((d) => d.label)).toEqual(['test desk']);
    const idsOfA = (await client(KEP_A).fleet(await accessTokenFor(t.hub.store, t.tokens[KEP_A]!, 'it-admin'))).desks.map((d) => d.workstationId);
    expect(idsOfA).toContain(second.workstation.id);
    expect(idsOfA).toHaveLength(2);
    for (const id of idsOfA) expect(ofB.desks.map((d) => d.workstationId)).not.toContain(id);

    // A's IT token is no session at B's workstation.
    const itOfA = await accessTokenFor(t.hub.store, t.tokens[KEP_A]!, 'it-admin');
    await expect(client(KEP_B).fleet(itOfA)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('refuses an employee’s or a supervisor’s session (403), and a missing or bad one (401)', async () => {
    await expect(client(KEP_A).fleet(await accessTokenFor(t.hub.store, t.tokens[KEP_A]!, 'employee'))).rejects.toMatchObject({ code: 'forbidden' });
    await expect(client(KEP_A).fleet(await accessTokenFor(t.hub.store, t.tokens[KEP_A]!, 'supervisor'))).rejects.toMatchObject({ code: 'forbidden' });
    await expect(client(KEP_A).fleet('not.a.token')).rejects.toMatchObject({ code: 'unauthorized' });
    const bare = await fetch(`${t.hub.url}${API_PREFIX}/fleet`, { headers: { authorization: `Bearer ${t.tokens[KEP_A]}` } });
    expect(bare.status).toBe(401);
  });

  it('says why a desk needs IT’s eye, by the documented thresholds', async () => {
    const { store } = t.hub;
    const [deskA] = store.workstations.listOfKep(KEP_A);
    const silent = store.addWorkstation(KEP_A, 'never reported').workstation;
    const dir = makeTempDir('kep-fleet-');
    try {
      const file = join(dir.path, 'Setup-1.1.0.exe');
      writeFileSync(file, 'installer');
      await publishRelease(store, { file, version: '1.1.0', platform: 'win', channel: 'stable', percent: 100, publishedBy: 'test' });
    } finally {
      dir.remove();
    }
    const threeHoursAgo = new Date(Date.now() - 3 * 3600_000).toISOString();
    await client(KEP_A).fleetReport(
      report({
        update: { state: 'downloading', version: '1.1.0', percent: 40, message: null, checkedAt: threeHoursAgo },
        outbox: { pending: ATTENTION_THRESHOLDS.outboxBacklog, refused: 1 },
        auditTrail: { intact: false, unaudited: 3 },
      }),
    );
    const now = fleetOf(store, KEP_A);
    const byId = (fleet: ReturnType<typeof fleetOf>, id: string) => fleet.desks.find((d) => d.workstationId === id)!;
    expect(now.current).toBe('1.1.0');
    expect(byId(now, silent.id).attention).toEqual(['not_seen']);
    expect(byId(now, deskA!.id).attention).toEqual(['update_stuck', 'audit_broken', 'outbox_refused', 'outbox_backlog']);

    // A day on, the desk that still runs 1.0.0 is behind the version offered to it, and not seen.
    const dayLater = fleetOf(store, KEP_A, new Date(Date.now() + ATTENTION_THRESHOLDS.behindMs + 60_000));
    expect(byId(dayLater, deskA!.id).attention).toEqual(['not_seen', 'update_stuck', 'behind', 'audit_broken', 'outbox_refused', 'outbox_backlog']);

    await client(KEP_A).fleetReport(
      report({ update: { state: 'error', version: '1.1.0', percent: null, message: 'sha512 checksum mismatch', checkedAt: null } }),
    );
    expect(byId(fleetOf(store, KEP_A), deskA!.id).attention).toEqual(['update_error']);
  });
});

describe('the hub CLI for releases and the fleet', () => {
  const cli = (dataDir: string, ...args: string[]) => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'hub/src/cli.ts', ...args, '--data-dir', dataDir], { cwd: ROOT, encoding: 'utf8' });
    return { status: run.status, out: run.stdout, err: run.stderr };
  };

  it('publishes, stages, halts and rolls back; refuses bad input with exit 2, and leaves the store as it was', () => {
    const dir = makeTempDir('kep-cli-');
    try {
      const dataDir = join(dir.path, 'data');
      new HubStore(dataDir).close();
      const file = join(dir.path, 'kep-live-desk-1.1.0.AppImage');
      writeFileSync(file, 'an AppImage');

      expect(cli(dataDir, 'release-publish', '--file', file, '--version', '1.1.0', '--platform', 'linux', '--channel', 'pilot', '--sha512', 'x')).toMatchObject(
        {
          status: 2,
          err: expect.stringMatching(/Unknown option '--sha512'/) as string,
        },
      );
      expect(cli(dataDir, 'release-publish', '--file', file, '--version', '1.1.0', '--platform', 'mac', '--channel', 'pilot').status).toBe(2);
      expect(cli(dataDir, 'release-publish', '--file', file, '--version', '1.1.0', '--platform', 'win', '--channel', 'pilot').err).toMatch(
        /A win release is a \.exe file/,
      );
      expect(cli(dataDir, 'release-stage', '--channel', 'pilot', '--version', '1.1.0', '--percent', '150').status).toBe(2);

      const published = cli(dataDir, 'release-publish', '--file', file, '--version', '1.1.0', '--platform', 'linux', '--channel', 'pilot', '--percent', '10');
      expect(published.status).toBe(0);
      expect(JSON.parse(published.out)).toMatchObject({ version: '1.1.0', channel: 'pilot', percent: 10, sha512: expect.any(String) as string });
      expect(cli(dataDir, 'release-publish', '--file', file, '--version', '1.1.0', '--platform', 'linux', '--channel', 'pilot')).toMatchObject({
        status: 1,
        err: expect.stringMatching(/already published/) as string,
      });
      expect(cli(dataDir, 'release-stage', '--channel', 'pilot', '--version', '9.9.9', '--percent', '50')).toMatchObject({ status: 1 });
      expect(cli(dataDir, 'release-stage', '--channel', 'pilot', '--version', '1.1.0', '--percent', '50').status).toBe(0);
      expect(cli(dataDir, 'releases', '--channel', 'pilot').out).toMatch(/^pilot\t1\.1\.0\tlinux\tkep-live-desk-1\.1\.0\.AppImage\t11\t50 %\t/);
      expect(cli(dataDir, 'release-halt', '--channel', 'pilot', '--version', '1.1.0').status).toBe(0);
      expect(cli(dataDir, 'releases').out).toMatch(/\thalted\t/);
      expect(cli(dataDir, 'release-rollback', '--channel', 'pilot', '--to', '1.1.0').status).toBe(0);
      expect(cli(dataDir, 'releases').out).toMatch(/\trollback target\t/);
      expect(cli(dataDir, 'kep-channel', '--kep', 'kep-nowhere', '--channel', 'pilot').status).toBe(1);

      const store = new HubStore(dataDir);
      try {
        expect(store.releases.list(null)).toHaveLength(1);
      } finally {
        store.close();
      }
    } finally {
      dir.remove();
    }
  }, 90_000);

  it('prints the fleet per KEP and desk', async () => {
    await client(KEP_A).fleetReport(report({ update: { state: 'error', version: '1.1.0', percent: null, message: 'disk full', checkedAt: null } }));
    const { status, out } = cli(t.hub.store.dataDir, 'fleet', '--kep', KEP_A);
    expect(status).toBe(0);
    expect(out).toMatch(
      new RegExp(
        `^${KEP_A}\\tchannel stable\\tcurrent none\\t1 desks\\n${KEP_A}\\ttest desk\\t1\\.0\\.0\\tstable\\terror \\(disk full\\)\\t\\S+\\tupdate_error\\n$`,
      ),
    );
  });
});
