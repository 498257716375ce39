import { createHash } from 'node:crypto';
import { AppError } from '../../../src-shared/errors';
import type { DispatchDocument } from '../../../src-shared/protocol/dispatch';

const PDF_MAGIC = Buffer.from('%PDF-', 'ascii');

/** A document's bytes as they arrived in an upload, with the SHA-256 taken while they did. */
export interface UploadedDocument {
  data: Buffer;
  sha256: string;
}

type Declared = Pick<DispatchDocument, 'name' | 'size' | 'sha256'>;

/**
 * Decodes the uploaded documents and checks each is what the desk declared and a PDF: a damaged
 * or wrong file must be refused here, before a citizen ever receives it.
 */
export function checkDocuments(documents: readonly DispatchDocument[]): Buffer[] {
  return documents.map((doc, i) => {
    if (doc.dataBase64 === undefined) throw new AppError('invalid_input', `${label(doc, i)}: the document itself is missing.`);
    const bytes = Buffer.from(doc.dataBase64, 'base64');
    return checkDocument(doc, i, { data: bytes, sha256: createHash('sha256').update(bytes).digest('hex') });
  });
}

/** The same checks for documents that came as raw bytes (§5b.2a), hashed as they arrived. */
export function checkUploadedDocuments(documents: readonly Declared[], uploaded: readonly UploadedDocument[]): Buffer[] {
  return documents.map((doc, i) => checkDocument(doc, i, uploaded[i] ?? { data: Buffer.alloc(0), sha256: '' }));
}

const label = (doc: Declared, i: number): string => `Document ${i + 1} (${doc.name})`;

function checkDocument(doc: Declared, i: number, { data, sha256 }: UploadedDocument): Buffer {
  if (data.length !== doc.size) {
    throw new AppError('invalid_input', `${label(doc, i)} is ${data.length} bytes, not the ${doc.size} declared; it was damaged on the way, send it again.`);
  }
  if (sha256 !== doc.sha256) {
    throw new AppError('invalid_input', `${label(doc, i)} does not match its SHA-256; it was damaged on the way, send it again.`);
  }
  if (!data.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) {
    throw new AppError('invalid_input', `${label(doc, i)} is not a PDF; only PDF documents can be sent to citizens.`);
  }
  return data;
}
