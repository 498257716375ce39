import type { AuditedChanges } from '../../audit/audited-changes';
import type { CallFiles } from '../../call/call-files';
import type { CallService } from '../../call/call-service';
import type { Handlers } from '../../ipc/ipc-router';

type CallChannel =
  | 'lobby.get'
  | 'call.prepare'
  | 'call.unprepare'
  | 'call.open'
  | 'call.close'
  | 'call.signal'
  | 'call.media'
  | 'call.chat'
  | 'call.record'
  | 'call.saveFile'
  | 'call.file'
  | 'call.quality'
  | 'call.inviteInterpreter';

export interface CallHandlersDeps {
  calls: CallService;
  callFiles: CallFiles;
  changes: AuditedChanges;
  now: () => Date;
}

/** The lobby, the call with the citizen, and what the call leaves with the appointment. */
export function callHandlers({ calls, callFiles, changes, now }: CallHandlersDeps): Handlers<CallChannel> {
  return {
    'lobby.get': () => calls.lobbyStates(),
    'call.prepare': ({ appointmentId }) => calls.prepareCall(appointmentId),
    'call.unprepare': async ({ appointmentId }) => {
      await calls.unprepare(appointmentId);
      return null;
    },
    'call.open': async ({ appointmentId }) => {
      const joined = await calls.open(appointmentId);
      changes.record('call.open', appointmentId);
      return joined;
    },
    'call.close': async ({ appointmentId, outcome }) => {
      await calls.close(appointmentId);
      changes.recordChange({ kind: 'call.end', appointmentId, outcome }, { outcome });
      return null;
    },
    'call.signal': (payload) => {
      calls.signal(payload);
      return null;
    },
    'call.media': async ({ appointmentId, media }) => {
      await calls.media(appointmentId, media);
      return null;
    },
    'call.chat': ({ appointmentId, text }) => calls.chat(appointmentId, text),
    'call.record': ({ appointmentId }) => ({ messages: calls.messages(appointmentId), files: callFiles.list(appointmentId) }),
    // Files arrive only during the call they belong to (the channel needs its call open).
    'call.saveFile': ({ appointmentId, fromRole, name, type, dataBase64 }) => {
      const file = callFiles.save({ appointmentId, fromRole, name, type, data: Buffer.from(dataBase64, 'base64') }, now());
      changes.record('call.fileReceived', appointmentId, { fileId: file.id, fromRole, type, size: file.size, sha256: file.sha256 });
      return file;
    },
    'call.file': ({ id }) => {
      const { data, ...meta } = callFiles.get(id)!;
      return { ...meta, dataBase64: data.toString('base64') };
    },
    'call.quality': ({ appointmentId, participantId, quality }) => {
      calls.recordQuality(appointmentId, participantId, quality);
      return null;
    },
    'call.inviteInterpreter': async ({ appointmentId }) => {
      const invitation = await calls.inviteInterpreter(appointmentId);
      changes.record('call.interpreterInvited', appointmentId);
      return invitation;
    },
  };
}
