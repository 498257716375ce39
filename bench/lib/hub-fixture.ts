import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueJoinToken } from '../../hub/src/auth/join-links';
import { issueSession } from '../../hub/src/auth/sessions';
import { addUser } from '../../hub/src/auth/users';
import { HUB_CONFIG_FILE } from '../../hub/src/config';
import type { HubLimits } from '../../hub/src/limits/limits';
import { HubStore } from '../../hub/src/store/hub-store';
import type { Appointment } from '../../src-shared/domain/appointment';
import { makeAppointment } from '../../tests/support/booking';

/** One appointment starting a few minutes from now, its citizen's join link and its KEP's desk credentials. */
export interface BenchAppointment {
  id: string;
  joinToken: string;
  workstationToken: string;
  /** A signed-in employee of the appointment's KEP (valid 15 minutes). */
  accessToken: string;
}

/** `count` appointments at one KEP, starting `startsInMinutes` from now (so calls may open), 20 minutes long. */
function bookSoon(store: HubStore, kepId: string, count: number, startsInMinutes: number): Appointment[] {
  const start = new Date(Date.now() + startsInMinutes * 60_000);
  const appointments = Array.from({ length: count }, () => makeAppointment(kepId, start, { subject: 'Benchmark appointment', interpreterNeeded: false }));
  store.insertAppointments(appointments);
  return appointments;
}

/** A KEP with one workstation and one signed-in employee. */
async function addKep(store: HubStore, index: number): Promise<{ kepId: string; workstationToken: string; accessToken: string }> {
  const kepId = `kep-bench-${String(index).padStart(4, '0')}`;
  store.upsertKep({ id: kepId, name: `ΚΕΠ Benchmark ${index}` });
  const { workstation, token: workstationToken } = store.addWorkstation(kepId, 'bench desk');
  const user = await addUser(store, { kepId, username: `bench-${index}`, displayName: 'Bench Employee', role: 'employee', password: 'a long enough password' });
  return { kepId, workstationToken, accessToken: issueSession(store, user, workstation).accessToken };
}

/**
 * Fills a fresh hub data directory for a benchmark: `count` appointments spread over KEPs of
 * `perKep` each (every KEP with a workstation and a signed-in employee), a citizen's join token
 * per appointment, and hub-config.json with `limits`. Each KEP costs one scrypt password hash
 * (~0.1 s), so thousands of KEPs would make the setup slow.
 */
export async function prepareHubData(dataDir: string, count: number, perKep: number, limits: Partial<HubLimits>): Promise<BenchAppointment[]> {
  writeFileSync(join(dataDir, HUB_CONFIG_FILE), `${JSON.stringify({ limits }, null, 2)}\n`);
  const store = new HubStore(dataDir);
  try {
    const keps = await Promise.all(Array.from({ length: Math.ceil(count / perKep) }, (_, i) => addKep(store, i + 1)));
    return keps.flatMap(({ kepId, workstationToken, accessToken }, i) =>
      bookSoon(store, kepId, Math.min(perKep, count - i * perKep), 5).map((a) => ({
        id: a.id,
        joinToken: issueJoinToken(store, a.id, 'citizen').token,
        workstationToken,
        accessToken,
      })),
    );
  } finally {
    store.close();
  }
}
