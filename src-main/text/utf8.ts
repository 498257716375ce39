import { isAscii, transcode } from 'node:buffer';

/*
 * Reading UTF-8 through ICU. In a warm loop Node 20's own decoding (toString, TextDecoder alike)
 * took 7.5 ms for a day of 2,000 appointments (1.2 MB with Greek in it) and ICU's transcoding to
 * UTF-16 plus a copy into a string 0.2-0.4 ms. In a fresh process, where every new megabyte costs
 * milliseconds of page faults here, Node's took 7-11 ms and ICU's 10-18 ms; in bench:sync, taking
 * turns, the sync after a sign-in was quicker with ICU (31-38 ms against 37-47) and the start's
 * a little slower (37-52 against 36-48). Kept for reading; writing stays Node's (browser-shell.ts).
 */

/** The text of UTF-8 bytes. Bytes that are no UTF-8 make ICU give up: they are read as Node reads them, each bad sequence a U+FFFD. */
export function utf8Text(bytes: Buffer): string {
  if (isAscii(bytes)) return bytes.toString('latin1');
  try {
    return transcode(bytes, 'utf8', 'utf16le').toString('utf16le');
  } catch {
    return bytes.toString('utf8');
  }
}
