import type { AuditedChanges } from '../../audit/audited-changes';
import type { CaseDocuments } from '../../dispatch/case-documents';
import type { Handlers } from '../../ipc/ipc-router';

export interface DocumentHandlersDeps {
  documents: CaseDocuments;
  changes: AuditedChanges;
  actorId(): string;
  now: () => Date;
}

/** The documents a case issues, once the identity check passed (the channels' needs). */
export function documentHandlers({
  documents,
  changes,
  actorId,
  now,
}: DocumentHandlersDeps): Handlers<'document.list' | 'document.attach' | 'document.remove' | 'document.get'> {
  return {
    'document.list': ({ appointmentId }) => documents.list(appointmentId),
    'document.attach': ({ appointmentId, name, dataBase64 }) =>
      changes.commit(() => {
        const attached = documents.attach({ appointmentId, name, data: Buffer.from(dataBase64, 'base64') }, actorId(), now());
        changes.record('document.attached', appointmentId, { documentId: attached.id, size: attached.size, sha256: attached.sha256 });
        return attached;
      }),
    'document.remove': ({ id }) => {
      const doc = documents.get(id)!;
      changes.commit(() => {
        documents.remove(id);
        changes.record('document.removed', doc.appointmentId, { documentId: id, sha256: doc.sha256 });
      });
      return null;
    },
    'document.get': ({ id }) => ({ ...documents.get(id)!, dataBase64: documents.data(id).toString('base64') }),
  };
}
