import { promisify } from 'node:util';
import { constants, crc32, deflateRaw, inflateRawSync } from 'node:zlib';
import type { IsoDate } from '../../../src-shared/domain/athens-time';
import type { HubStore } from '../store/hub-store';
import { GZIP_FROM_BYTES, GZIP_LEVEL, JsonBytes } from './responses';

const deflateRawAsync = promisify(deflateRaw);

/** Days kept at once: a KEP's desks ask for today and the next working day, a few KEPs at a time. */
const KEPT_DAYS = 64;

/** A gzip member's header: deflate, no name or time, unknown OS (RFC 1952 §2.3). */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

/**
 * `bytes` as deflate's final block, stored as they are (RFC 1951 §3.2.4): it follows the kept
 * part's sync flush, which ends on a byte boundary. The ~45 bytes of `serverTime` gain nothing
 * from compression, and a deflate stream made for them cost 0.7 ms of every answer.
 */
function storedFinalBlock(bytes: Buffer): Buffer {
  const block = Buffer.alloc(5 + bytes.length);
  block[0] = 0x01; // BFINAL set, BTYPE 00: stored
  block.writeUInt16LE(bytes.length, 1);
  block.writeUInt16LE(~bytes.length & 0xffff, 3);
  bytes.copy(block, 5);
  return block;
}

/**
 * A day's answer up to `"serverTime"`, as it stood at `version` (HubStore.dayDataVersion): as
 * bytes when small; when large (~0.13 MB for 2,000 appointments), deflated once, flushed but
 * not finished, with the CRC-32 and length the gzip trailer needs.
 */
interface DayHead {
  version: string;
  bytes: Buffer | null;
  deflated: { data: Buffer; crc: number; length: number } | null;
}

/**
 * The answers of GET /appointments. The day (list, JSON, compression) is made once for every
 * desk that asks while its data stands still: HubStore.dayDataVersion is read at each request,
 * and a day made at another version is made anew. It moves with every write of the day's
 * tables, whoever made it (another hub process, raw SQL, a write the change feed was not told
 * of), so no stale day is served and an hourly full sync still finds what the feed missed.
 *
 * Only `serverTime` is new in each answer: it goes last. The kept part is a deflate stream
 * ended by a sync flush (byte-aligned, not final), so the answer is one gzip member: that part,
 * `serverTime` in a stored final block, and a trailer whose CRC-32 continues the kept part's. A
 * decoder that reads a single member (curl, Python's zlib) gets the whole JSON.
 */
export class DayAnswers {
  private readonly heads = new Map<string, DayHead>();

  constructor(
    private readonly store: HubStore,
    private readonly keptDays = KEPT_DAYS,
  ) {}

  async answer(kepId: string, date: IsoDate): Promise<JsonBytes> {
    // `,"serverTime":"…"}` after the kept `{"kepId":…,"cursor":…`.
    const tail = Buffer.from(`,"serverTime":${JSON.stringify(new Date().toISOString())}}`);
    const head = await this.head(kepId, date);
    if (head.bytes) return new JsonBytes(Buffer.concat([head.bytes, tail]));
    const { data, crc, length } = head.deflated as NonNullable<DayHead['deflated']>;
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(crc32(tail, crc), 0);
    trailer.writeUInt32LE((length + tail.length) >>> 0, 4);
    const gzipped = Buffer.concat([GZIP_HEADER, data, storedFinalBlock(tail), trailer]);
    return new JsonBytes(() => Buffer.concat([inflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH }), tail]), gzipped);
  }

  private async head(kepId: string, date: IsoDate): Promise<DayHead> {
    const key = `${kepId} ${date}`;
    const kept = this.heads.get(key);
    this.heads.delete(key);
    // Read before the snapshot: a write after it leaves this day behind a newer version.
    const version = this.store.dayDataVersion();
    if (kept && kept.version === version) {
      this.heads.set(key, kept);
      return kept;
    }
    const day = this.store.daySnapshot(kepId, date);
    const whole = JsonBytes.object({ kepId, date, appointments: new JsonBytes(day.appointments), work: day.work, cursor: day.cursor }).bytes;
    // `{…,"cursor":n}` without its closing brace: `serverTime` follows.
    const bytes = whole.subarray(0, -1);
    const large = bytes.length >= GZIP_FROM_BYTES;
    const head: DayHead = {
      version,
      bytes: large ? null : bytes,
      deflated: large
        ? { data: await deflateRawAsync(bytes, { level: GZIP_LEVEL, finishFlush: constants.Z_SYNC_FLUSH }), crc: crc32(bytes), length: bytes.length }
        : null,
    };
    // Kept only if still current: the compression ran on the thread pool while writes could land.
    if (this.store.dayDataVersion() === version) this.heads.set(key, head);
    while (this.heads.size > this.keptDays) this.heads.delete(this.heads.keys().next().value as string);
    return head;
  }
}
