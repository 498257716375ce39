import type { Role } from '../../../src-shared/domain/roles';
import { formatAthensDate, type IsoDate } from '../../../src-shared/domain/athens-time';
import { addUser } from '../auth/users';
import type { HubStore } from '../store/hub-store';
import { seedDemoHistory } from './demo-history';
import { DEMO_KEPS } from './demo-keps';
import { seedDemo } from './seed-demo';

/** How far back the demo KEP's history goes, so its supervisor sees figures for the last weeks. */
const HISTORY_DAYS = 28;

/** The demo KEP's staff: one person per role. */
export const DEMO_USERS: ReadonlyArray<{ username: string; displayName: string; role: Role }> = [
  { username: 'maria', displayName: 'Μαρία Παπαδοπούλου', role: 'employee' },
  { username: 'nikos', displayName: 'Νίκος Οικονόμου', role: 'supervisor' },
  { username: 'tech', displayName: 'Γιώργος Τεχνικός', role: 'it-admin' },
];

export interface DemoSetup {
  /** A fresh workstation credential per demo KEP. */
  tokens: Record<string, string>;
  /** Usernames created now (existing ones keep their passwords). */
  created: string[];
}

/**
 * A hub ready to try: demo bookings on `dates`, the demo KEP's staff with `password`, its last
 * weeks of history (served by its employee and supervisor), and a workstation credential for
 * every demo KEP. Safe to run again: nothing existing is changed.
 */
export async function setUpDemo(store: HubStore, dates: readonly IsoDate[], password: string): Promise<DemoSetup> {
  seedDemo(store, dates);
  const kep = DEMO_KEPS[0];
  if (!kep) throw new Error('no demo KEP');
  const created: string[] = [];
  for (const user of DEMO_USERS) {
    if (store.users.findByUsername(user.username)) continue;
    await addUser(store, { kepId: kep.id, ...user, password });
    created.push(user.username);
  }
  const staff = DEMO_USERS.filter((u) => u.role !== 'it-admin').map((u) => store.users.findByUsername(u.username)!.id);
  seedDemoHistory(store, kep, formatAthensDate(new Date()), HISTORY_DAYS, staff);
  const tokens: Record<string, string> = {};
  for (const k of DEMO_KEPS) tokens[k.id] = store.addWorkstation(k.id, 'demo workstation').token;
  return { tokens, created };
}
