import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** How the cache of a start was found: used, refused by V8, or not there (missing, unreadable, for other code). */
export type CodeCacheState = 'accepted' | 'rejected' | 'absent';

export interface CachedScriptRun {
  /** What the file left in module.exports. */
  exports: unknown;
  cache: CodeCacheState;
  /** Writes the compiled code as it stands now (the functions run so far included) for the next start. */
  save(): void;
}

const DIGEST = 'sha256';
const DIGEST_BYTES = 32;

const digest = (...parts: (string | Buffer)[]): Buffer => {
  const hash = createHash(DIGEST);
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/**
 * What a cache must have been made from. V8 checks its own version and flags but, of the source,
 * only the length: a cache of another build of the same size would run the wrong code.
 */
const cacheKey = (source: Buffer): Buffer => digest(source, '\0', process.version, '\0', process.arch);

/**
 * The file's text. UTF-8 decoding of a megabyte with a single non-ASCII byte in it takes tens of
 * milliseconds and makes a two-byte string twice its size; text that is all ASCII (the shell's
 * build makes it so) reads as the same characters byte for byte, at once, into a one-byte string.
 */
const sourceText = (bytes: Buffer): string => (isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8'));

/**
 * The cache's payload when its file is whole and was made for this source: the file is the key,
 * the payload's digest, then the payload. V8 (release builds) does not checksum a cache, so a
 * damaged file must never reach it.
 */
function readCache(cacheFile: string, key: Buffer): Buffer | null {
  let file: Buffer;
  try {
    file = readFileSync(cacheFile);
  } catch {
    return null;
  }
  if (file.length <= 2 * DIGEST_BYTES || !file.subarray(0, DIGEST_BYTES).equals(key)) return null;
  const payload = file.subarray(2 * DIGEST_BYTES);
  return digest(payload).equals(file.subarray(DIGEST_BYTES, 2 * DIGEST_BYTES)) ? payload : null;
}

/** Written aside and renamed, so a start never reads half a cache. */
function writeCache(cacheFile: string, key: Buffer, payload: Buffer): void {
  const partial = `${cacheFile}.${process.pid}.partial`;
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    writeFileSync(partial, Buffer.concat([key, digest(payload), payload]));
    renameSync(partial, cacheFile);
  } catch {
    // A cache that cannot be written costs the next start its compile time, nothing else.
    try {
      rmSync(partial, { force: true });
    } catch {
      // Nothing was written there either.
    }
  }
}

/**
 * Runs a CommonJS file as `require` would, compiled with V8's code cache from `cacheFile` (null:
 * none) when one made for this very file and this Node is there (VS Code's "nodeCachedData"): a
 * start then skips parsing and compiling what it ran last time. Node 20 has no
 * module.enableCompileCache. A cache that is missing, damaged, for another build or refused by V8
 * is ignored: the file is compiled from source, and `save` writes a new cache. The file must not
 * use import(): Node 20 loses a script's import() callback when V8 compiles it from a cache (the
 * shell's build lowers import() to require).
 */
export function runCachedScript(file: string, cacheFile: string | null): CachedScriptRun {
  const bytes = readFileSync(file);
  const source = sourceText(bytes);
  const key = cacheKey(bytes);
  const cachedData = (cacheFile === null ? null : readCache(cacheFile, key)) ?? undefined;
  // The wrapper Node puts around a CommonJS module, on the source's first line so line numbers hold.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, {
    filename: file,
    cachedData,
  });
  const cache: CodeCacheState = cachedData === undefined ? 'absent' : script.cachedDataRejected === true ? 'rejected' : 'accepted';
  const module = new Module(file);
  module.filename = file;
  const require = createRequire(file);
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, require, module, file, dirname(file));
  return {
    exports: module.exports,
    cache,
    save: () => {
      if (cacheFile !== null) writeCache(cacheFile, key, script.createCachedData());
    },
  };
}
