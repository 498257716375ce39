import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCachedScript } from '../../src-main/shell/cached-script';
import { makeTempDir } from '../support/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
let file: string;
let cacheFile: string;
let starts = 0;

/**
 * A start of the file with the cache, as a new process would start it. V8 keeps what it compiled
 * in the isolate by source and file name, and a second compile here would find that, never
 * reading the cache: each start runs the same source from a copy of its own name.
 */
function start(cache: string | null = cacheFile): ReturnType<typeof runCachedScript> {
  starts += 1;
  const copy = join(dir.path, `bundle-${starts}.cjs`);
  copyFileSync(file, copy);
  return runCachedScript(copy, cache);
}

/** A module that uses what a CommonJS module has: exports, require of a neighbour and a builtin, __dirname. */
const moduleSource = (answer: number): string => `
const { join } = require('node:path');
const helper = require('./helper.cjs');
exports.answer = ${answer};
exports.helped = helper.twice(${answer});
exports.here = join(__dirname, 'x') === join(${JSON.stringify('DIR')}, 'x');
`;

function writeModule(answer: number): void {
  writeFileSync(file, moduleSource(answer).replace('DIR', dir.path.replaceAll('\\', '\\\\')));
}

interface Exported {
  answer: number;
  helped: number;
  here: boolean;
}

function expectRunsAs(run: ReturnType<typeof runCachedScript>, answer: number): void {
  const exported = run.exports as Exported;
  expect({ answer: exported.answer, helped: exported.helped, here: exported.here }).toEqual({ answer, helped: 2 * answer, here: true });
}

/** A start that finds no usable cache writes one, which the next start uses. */
function expectCacheRewritten(answer: number): void {
  start().save();
  const next = start();
  expect(next.cache).toBe('accepted');
  expectRunsAs(next, answer);
}

beforeEach(() => {
  dir = makeTempDir();
  file = join(dir.path, 'bundle.cjs');
  cacheFile = join(dir.path, 'cache', 'bundle.cache');
  writeFileSync(join(dir.path, 'helper.cjs'), 'exports.twice = (n) => 2 * n;\n');
  writeModule(21);
});
afterEach(() => dir.remove());

describe('runCachedScript', () => {
  it('runs a CommonJS file without a cache, then with the cache it saved', () => {
    const first = start();
    expect(first.cache).toBe('absent');
    expectRunsAs(first, 21);
    first.save();
    const second = start();
    expect(second.cache).toBe('accepted');
    expectRunsAs(second, 21);
  });

  it('reads a file with text beyond ASCII as UTF-8, with or without its cache', () => {
    writeFileSync(file, "exports.label = 'Γκισέ 2 — ναι';\n");
    const first = start();
    expect((first.exports as { label: string }).label).toBe('Γκισέ 2 — ναι');
    first.save();
    const second = start();
    expect(second.cache).toBe('accepted');
    expect((second.exports as { label: string }).label).toBe('Γκισέ 2 — ναι');
  });

  it('runs without any cache when given none', () => {
    const run = start(null);
    expect(run.cache).toBe('absent');
    expectRunsAs(run, 21);
    run.save();
    expect(() => statSync(cacheFile)).toThrow();
  });

  it('ignores a damaged cache and writes a whole one', () => {
    start().save();
    const bytes = readFileSync(cacheFile);
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0xff;
    writeFileSync(cacheFile, bytes);
    const run = start();
    expect(run.cache).toBe('absent');
    expectRunsAs(run, 21);
    expectCacheRewritten(21);
  });

  it('ignores a cut-off or empty cache', () => {
    start().save();
    const bytes = readFileSync(cacheFile);
    for (const cut of [bytes.subarray(0, bytes.length - 1), bytes.subarray(0, 64), Buffer.alloc(0)]) {
      writeFileSync(cacheFile, cut);
      const run = start();
      expect(run.cache).toBe('absent');
      expectRunsAs(run, 21);
    }
    expectCacheRewritten(21);
  });

  it('ignores the cache of another build of the file, even one of the same length', () => {
    start().save();
    writeModule(42);
    const run = start();
    expect(run.cache).toBe('absent');
    expectRunsAs(run, 42);
    expectCacheRewritten(42);
  });

  it('ignores the cache another version of Node made', () => {
    const version = Object.getOwnPropertyDescriptor(process, 'version');
    Object.defineProperty(process, 'version', { value: 'v0.0.1', configurable: true });
    try {
      start().save();
    } finally {
      if (version) Object.defineProperty(process, 'version', version);
    }
    expect(start().cache).toBe('absent');
    expectCacheRewritten(21);
  });

  it('compiles from source when V8 refuses the cache, and writes one it takes', () => {
    start().save();
    const bytes = readFileSync(cacheFile);
    // Key and digest intact, the payload not V8's: only V8's own check can refuse it.
    const payload = Buffer.alloc(bytes.length - 64, 7);
    writeFileSync(cacheFile, Buffer.concat([bytes.subarray(0, 32), createHash('sha256').update(payload).digest(), payload]));
    const run = start();
    expect(run.cache).toBe('rejected');
    expectRunsAs(run, 21);
    expectCacheRewritten(21);
  });

  it('runs on when the cache cannot be written', () => {
    const blocked = join(dir.path, 'helper.cjs', 'bundle.cache');
    const run = start(blocked);
    expect(() => run.save()).not.toThrow();
    expectRunsAs(run, 21);
  });
});
