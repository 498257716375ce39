import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readBody, readJson } from '../../hub/src/http/read-json';

/** Enough of a request for the reader: a body stream with headers. */
function fakeRequest(headers: Record<string, string>): PassThrough & IncomingMessage {
  return Object.assign(new PassThrough(), { headers }) as unknown as PassThrough & IncomingMessage;
}

const schema = z.object({ a: z.unknown() }).strict();

describe('reading a request body', () => {
  it('refuses a Content-Length over the limit before reading a byte', async () => {
    const req = fakeRequest({ 'content-length': '999999999999' });
    await expect(readBody(req, 16_384)).rejects.toMatchObject({ code: 'invalid_input', message: 'The request body is larger than 16384 bytes.' });
    expect(req.readableFlowing).not.toBe(true);
  });

  it('gives up on a body that stalls, and on one that grows past the limit', async () => {
    const stalled = fakeRequest({ 'content-length': '10' });
    stalled.write('{"a":');
    const started = Date.now();
    await expect(readBody(stalled, 100, 50)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('stopped arriving') });
    expect(Date.now() - started).toBeLessThan(1000);

    const chunked = fakeRequest({ 'transfer-encoding': 'chunked' });
    const reading = readBody(chunked, 100, 1000);
    chunked.write(Buffer.alloc(60));
    chunked.write(Buffer.alloc(60));
    await expect(reading).rejects.toMatchObject({ message: 'The request body is larger than 100 bytes.' });
  });

  it('keeps waiting while chunks keep coming, and refuses a body cut off', async () => {
    const slow = fakeRequest({});
    const reading = readBody(slow, 100, 80);
    for (const part of ['{"a"', ':', '1}']) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      slow.write(part);
    }
    slow.end();
    expect((await reading).toString()).toBe('{"a":1}');

    const broken = fakeRequest({});
    const cut = readBody(broken, 100, 1000);
    broken.write('{"a"');
    broken.destroy(new Error('aborted'));
    await expect(cut).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('did not arrive whole') });
  });

  it('refuses deep nesting, invalid UTF-8 and bad JSON with invalid_input', async () => {
    const read = (body: Buffer | string): Promise<unknown> => {
      const req = fakeRequest({ 'content-type': 'application/json' });
      req.end(body);
      return readJson(req, schema, 1_000_000);
    };
    await expect(read(`{"a":${'['.repeat(8000)}${']'.repeat(8000)}}`)).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('deeper than 32 levels'),
    });
    await expect(read(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]))).rejects.toMatchObject({
      message: 'The request body is not valid UTF-8.',
    });
    await expect(read('{"a":')).rejects.toMatchObject({ message: 'The request body is not valid JSON.' });
    await expect(read('\ufeff{"a":1}')).rejects.toMatchObject({ message: 'The request body is not valid JSON.' });
    await expect(read(`{"a":${'['.repeat(32)}${']'.repeat(32)}}`)).rejects.toMatchObject({ code: 'invalid_input' }); // 33 with the object
    expect(await read(`{"a":${'['.repeat(31)}${']'.repeat(31)}}`)).toEqual({ a: JSON.parse(`${'['.repeat(31)}${']'.repeat(31)}`) });
    expect(await read('{"a":"Καλημέρα"}')).toEqual({ a: 'Καλημέρα' });
  });
});
