import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoCallNow } from '../../hub/src/seed/demo-call';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { HubStore } from '../../hub/src/store/hub-store';
import { formatAthensDate } from '../../src-shared/domain/athens-time';
import { callWindow } from '../../src-shared/domain/call-window';
import { makeTempDir } from '../support/temp-dir';

const KEP = DEMO_KEPS[0]!;
let dir: ReturnType<typeof makeTempDir>;
let store: HubStore;

beforeEach(() => {
  dir = makeTempDir('kep-demo-call-');
  store = new HubStore(dir.path);
  store.upsertKep({ id: KEP.id, name: KEP.name });
});
afterEach(() => {
  store.close();
  dir.remove();
});

const demoBookings = (at: Date) => store.listAppointments(KEP.id, formatAthensDate(at)).filter((a) => a.subject.startsWith('Δοκιμαστική κλήση'));

describe('the demo call of `npm start` and `npm run shell`', () => {
  it('is callable now, and one booking however often the demo starts in a day', () => {
    const morning = new Date('2026-12-03T08:00:00Z');
    const first = demoCallNow(store, KEP, morning);
    expect(callWindow(first.appointment).opens).toBeLessThanOrEqual(morning.getTime());

    // A restart within its window reuses it.
    expect(demoCallNow(store, KEP, new Date('2026-12-03T08:05:00Z')).appointment.id).toBe(first.appointment.id);

    // A restart hours later moves the same booking to now rather than adding another Ελένη Δημητρίου.
    const afternoon = new Date('2026-12-03T13:30:00Z');
    const later = demoCallNow(store, KEP, afternoon);
    expect(later.appointment.id).toBe(first.appointment.id);
    expect(later.appointment.startsAt).toBe(afternoon.toISOString());
    expect(callWindow(later.appointment).opens).toBeLessThanOrEqual(afternoon.getTime());
    expect(demoBookings(afternoon)).toHaveLength(1);
    expect(later.citizenToken).not.toBe(first.citizenToken);
  });
});
