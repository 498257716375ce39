/**
 * Files over a peer's data channel, so a citizen's photo of a document goes straight to the
 * employee and never through the hub. Every message is binary, its first byte says what it is:
 * 0 a JSON header or trailer, 1 a piece of the file.
 */
import { CALL_FILE_TYPES, MAX_CALL_FILE_BYTES } from '../../src-shared/protocol/limits';

const CHUNK_BYTES = 16 * 1024;

export interface FileHeader {
  t: 'file';
  id: string;
  name: string;
  type: string;
  size: number;
}

export interface ReceivedFile {
  name: string;
  type: string;
  data: Uint8Array;
}

export const FILE_PROBLEMS = ['too_large', 'wrong_type', 'empty'] as const;
export type FileProblem = (typeof FILE_PROBLEMS)[number];

/** A problem a receiver names for a file it refused: one of FILE_PROBLEMS, or its own words for a broken transfer. */
export const isFileProblem = (problem: string): problem is FileProblem => (FILE_PROBLEMS as readonly string[]).includes(problem);

/** Why a file cannot be sent, or null. */
export function fileProblem(file: { size: number; type: string }): FileProblem | null {
  if (file.size === 0) return 'empty';
  if (file.size > MAX_CALL_FILE_BYTES) return 'too_large';
  if (!(CALL_FILE_TYPES as readonly string[]).includes(file.type)) return 'wrong_type';
  return null;
}

const control = (value: object): Uint8Array => {
  const json = new TextEncoder().encode(JSON.stringify(value));
  const out = new Uint8Array(json.length + 1);
  out[0] = 0;
  out.set(json, 1);
  return out;
};

/** Writes one file; `write` must honour the channel's backpressure (simple-peer's write does). */
export async function sendFile(
  write: (chunk: Uint8Array) => Promise<void>,
  file: { name: string; type: string; data: Uint8Array },
  onProgress?: (sent: number) => void,
): Promise<void> {
  const id = crypto.randomUUID();
  await write(control({ t: 'file', id, name: file.name.slice(0, 200), type: file.type, size: file.data.length } satisfies FileHeader));
  for (let offset = 0; offset < file.data.length; offset += CHUNK_BYTES) {
    const piece = file.data.subarray(offset, offset + CHUNK_BYTES);
    const out = new Uint8Array(piece.length + 1);
    out[0] = 1;
    out.set(piece, 1);
    await write(out);
    onProgress?.(Math.min(offset + CHUNK_BYTES, file.data.length));
  }
  await write(control({ t: 'file-end', id }));
}

/** Reassembles the files of one data channel; refuses anything over the limit or out of order. */
export class FileReceiver {
  private current: { header: FileHeader; parts: Uint8Array[]; received: number } | null = null;

  constructor(
    private readonly onFile: (file: ReceivedFile) => void,
    private readonly onProblem: (reason: string) => void,
  ) {}

  push(message: Uint8Array | string): void {
    if (typeof message === 'string' || message.length === 0) return this.onProblem('unexpected message');
    if (message[0] === 1) {
      if (!this.current) return this.onProblem('data without a header');
      this.current.received += message.length - 1;
      if (this.current.received > this.current.header.size) {
        this.current = null;
        return this.onProblem('more data than announced');
      }
      this.current.parts.push(message.slice(1));
      return;
    }
    let value: Partial<FileHeader> & { t?: string };
    try {
      value = JSON.parse(new TextDecoder().decode(message.subarray(1))) as typeof value;
    } catch {
      return this.onProblem('unreadable header');
    }
    if (value.t === 'file') {
      const problem = fileProblem({ size: Number(value.size), type: String(value.type) });
      if (problem || typeof value.name !== 'string' || typeof value.id !== 'string') return this.onProblem(problem ?? 'bad header');
      this.current = { header: value as FileHeader, parts: [], received: 0 };
    } else if (value.t === 'file-end' && this.current && value.id === this.current.header.id) {
      const { header, parts, received } = this.current;
      this.current = null;
      if (received !== header.size) return this.onProblem('file cut short');
      const data = new Uint8Array(received);
      let offset = 0;
      for (const part of parts) {
        data.set(part, offset);
        offset += part.length;
      }
      this.onFile({ name: header.name, type: header.type, data });
    }
  }
}
