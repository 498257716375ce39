import type { IncomingMessage } from 'node:http';
import { AppError } from '../../../src-shared/errors';
import { DISPATCH_UPLOAD_TYPE, type DispatchStatus, dispatchUploadHeadSchema, MAX_UPLOAD_HEAD_BYTES } from '../../../src-shared/protocol/dispatch';
import { MAX_DISPATCH_BYTES, MAX_DOCUMENT_BYTES } from '../../../src-shared/protocol/limits';
import type { DispatchService } from '../dispatch/dispatch-service';
import type { Workstation } from '../store/hub-store';
import { readUpload, UploadTooLarge } from './read-upload';

const MB = 1024 * 1024;

/**
 * `POST /dispatches/upload` (§5b.2a): the head is read and checked, sizes first, so that a
 * document too large is refused (413) before any of its bytes are read; the documents are kept
 * only once the dispatch would be taken.
 */
export async function uploadDispatch(dispatches: DispatchService, req: IncomingMessage, workstation: Workstation): Promise<DispatchStatus> {
  if ((req.headers['content-type'] ?? '').split(';')[0]?.trim() !== DISPATCH_UPLOAD_TYPE) {
    throw new AppError('invalid_input', `Send the upload as ${DISPATCH_UPLOAD_TYPE}: one line of JSON, then the documents' bytes.`);
  }
  const upload = await readUpload(req, dispatchUploadHeadSchema, MAX_UPLOAD_HEAD_BYTES);
  const { head } = upload;
  head.documents.forEach((doc, i) => {
    if (doc.size > MAX_DOCUMENT_BYTES) {
      throw new UploadTooLarge('invalid_input', `Document ${i + 1} (${doc.name}) is larger than ${MAX_DOCUMENT_BYTES / MB} MB; it cannot be sent.`, {
        reason: 'document.too_large',
      });
    }
  });
  if (head.documents.reduce((sum, doc) => sum + doc.size, 0) > MAX_DISPATCH_BYTES) {
    throw new UploadTooLarge('invalid_input', `The documents together are larger than ${MAX_DISPATCH_BYTES / MB} MB; send them in more than one dispatch.`, {
      reason: 'dispatch.too_large',
    });
  }
  const sizes = head.documents.map((doc) => doc.size);
  return dispatches.upload(workstation, head, { read: () => upload.parts(sizes), skip: () => upload.skip(sizes) });
}
