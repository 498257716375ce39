import { promisify } from 'node:util';
import { gunzipSync, gzip, gzipSync } from 'node:zlib';
import type { IsoDate } from '../../../src-shared/domain/athens-time';
import type { HubStore } from '../store/hub-store';
import { GZIP_FROM_BYTES, GZIP_LEVEL, JsonBytes } from './responses';

const gzipAsync = promisify(gzip);

/** Days kept at once: a KEP's desks ask for today and the next working day, a few KEPs at a time. */
const KEPT_DAYS = 64;

/**
 * A day's answer from `"appointments"` on, as it stood at `version` (HubStore.dayDataVersion):
 * gzipped once when large (~0.13 MB for 2,000 appointments), as bytes when small.
 */
interface DayTail {
  version: string;
  bytes: Buffer | null;
  gzipped: Buffer | null;
}

/**
 * The answers of GET /appointments. The day (list, JSON, gzip) is made once for every desk that
 * asks while its data stands still: HubStore.dayDataVersion is read at each request, and a day
 * made at another version is made anew. It moves with every write of the day's tables, whoever
 * made it (another hub process, raw SQL, a write the change feed was not told of), so no stale
 * day is served and an hourly full sync still finds what the feed missed. Only `serverTime` is new in each answer: it goes first, as a gzip member of its own (RFC 1952
 * allows a stream of members; gunzip, Node's fetch included, gives their concatenation).
 */
export class DayAnswers {
  private readonly tails = new Map<string, DayTail>();

  constructor(
    private readonly store: HubStore,
    private readonly keptDays = KEPT_DAYS,
  ) {}

  async answer(kepId: string, date: IsoDate): Promise<JsonBytes> {
    const head = JSON.stringify({ kepId, date, serverTime: new Date().toISOString() });
    // `{"kepId":…,"serverTime":"…"` then the tail's `,"appointments":…}`.
    const open = Buffer.from(head.slice(0, -1));
    const tail = await this.tail(kepId, date);
    if (tail.bytes) return new JsonBytes(Buffer.concat([open, tail.bytes]));
    const gzipped = tail.gzipped as Buffer;
    return new JsonBytes(() => Buffer.concat([open, gunzipSync(gzipped)]), Buffer.concat([gzipSync(open, { level: GZIP_LEVEL }), gzipped]));
  }

  private async tail(kepId: string, date: IsoDate): Promise<DayTail> {
    const key = `${kepId} ${date}`;
    const kept = this.tails.get(key);
    this.tails.delete(key);
    // Read before the snapshot: a write after it leaves this day behind a newer version.
    const version = this.store.dayDataVersion();
    if (kept && kept.version === version) {
      this.tails.set(key, kept);
      return kept;
    }
    const day = this.store.daySnapshot(kepId, date);
    const bytes = JsonBytes.object({ appointments: new JsonBytes(day.appointments), work: day.work, cursor: day.cursor }).bytes;
    // `{"appointments":…}` becomes `,"appointments":…}`, to follow the head.
    bytes[0] = 0x2c;
    const large = bytes.length >= GZIP_FROM_BYTES;
    const tail: DayTail = { version, bytes: large ? null : bytes, gzipped: large ? await gzipAsync(bytes, { level: GZIP_LEVEL }) : null };
    // Kept only if still current: the gzip ran on the thread pool while writes could land.
    if (this.store.dayDataVersion() === version) this.tails.set(key, tail);
    while (this.tails.size > this.keptDays) this.tails.delete(this.tails.keys().next().value as string);
    return tail;
  }
}
