import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueJoinToken } from '../../hub/src/auth/join-links';
import { issueSession } from '../../hub/src/auth/sessions';
import { addUser } from '../../hub/src/auth/users';
import { HUB_CONFIG_FILE } from '../../hub/src/config';
import type { HubLimits } from '../../hub/src/limits/limits';
import { HubStore } from '../../hub/src/store/hub-store';
import type { Appointment } from '../../src-shared/domain/appointment';

export interface HubFixture {
  kepId: string;
  workstationToken: string;
  /** One signed-in employee's access token (valid 15 minutes); every desk socket uses it. */
  accessToken: string;
  /** Appointments starting a few minutes from now, each with a citizen's join token. */
  appointments: { id: string; joinToken: string }[];
}

const KEP_ID = 'kep-bench';

/** `count` appointments at one KEP, starting `startsInMinutes` from now (so calls may open), 20 minutes long. */
function bookSoon(store: HubStore, count: number, startsInMinutes: number): Appointment[] {
  const start = new Date(Date.now() + startsInMinutes * 60_000);
  start.setUTCSeconds(0, 0);
  const now = new Date().toISOString();
  const appointments = Array.from(
    { length: count },
    (): Appointment => ({
      id: randomUUID(),
      kepId: KEP_ID,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 20 * 60_000).toISOString(),
      category: 3,
      serviceCode: 'C3-DISABILITY-CARD',
      subject: 'Benchmark appointment',
      citizen: { firstName: 'Ελένη', lastName: 'Μακρή', afm: '123456783', email: 'eleni@example.com', phone: null, postalAddress: null },
      interpreterNeeded: false,
      deliveryMethod: 'email',
      status: 'booked',
      updatedAt: now,
    }),
  );
  store.insertAppointments(appointments);
  return appointments;
}

/**
 * Fills a fresh hub data directory for a benchmark: a KEP, a workstation, an employee with an
 * access token, `count` appointments with join tokens, and hub-config.json with `limits`.
 */
export async function prepareHubData(dataDir: string, count: number, limits: Partial<HubLimits>): Promise<HubFixture> {
  writeFileSync(join(dataDir, HUB_CONFIG_FILE), `${JSON.stringify({ limits }, null, 2)}\n`);
  const store = new HubStore(dataDir);
  try {
    store.upsertKep({ id: KEP_ID, name: 'ΚΕΠ Benchmark' });
    const { workstation, token: workstationToken } = store.addWorkstation(KEP_ID, 'bench desk');
    const user = await addUser(store, { kepId: KEP_ID, username: 'bench-employee', displayName: 'Bench Employee', role: 'employee', password: 'a long enough password' });
    const { accessToken } = issueSession(store, user, workstation);
    const appointments = bookSoon(store, count, 5).map((a) => ({ id: a.id, joinToken: issueJoinToken(store, a.id, 'citizen').token }));
    return { kepId: KEP_ID, workstationToken, accessToken, appointments };
  } finally {
    store.close();
  }
}
