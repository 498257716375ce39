import { createHash } from 'node:crypto';
import { AppError } from '../../../src-shared/errors';
import type { DispatchDocument } from '../../../src-shared/protocol/dispatch';

const PDF_MAGIC = Buffer.from('%PDF-', 'ascii');

/**
 * Decodes the uploaded documents and checks each is what the desk declared and a PDF: a damaged
 * or wrong file must be refused here, before a citizen ever receives it.
 */
export function checkDocuments(documents: readonly DispatchDocument[]): Buffer[] {
  return documents.map((doc, i) => {
    const label = `Document ${i + 1} (${doc.name})`;
    if (doc.dataBase64 === undefined) throw new AppError('invalid_input', `${label}: the document itself is missing.`);
    const bytes = Buffer.from(doc.dataBase64, 'base64');
    if (bytes.length !== doc.size) {
      throw new AppError('invalid_input', `${label} is ${bytes.length} bytes, not the ${doc.size} declared; it was damaged on the way, send it again.`);
    }
    if (createHash('sha256').update(bytes).digest('hex') !== doc.sha256) {
      throw new AppError('invalid_input', `${label} does not match its SHA-256; it was damaged on the way, send it again.`);
    }
    if (!bytes.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) {
      throw new AppError('invalid_input', `${label} is not a PDF; only PDF documents can be sent to citizens.`);
    }
    return bytes;
  });
}
