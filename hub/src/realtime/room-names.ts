/** Room names: who waits for an appointment, who is in its call, and each member's mailbox. */
export const lobbyRoom = (appointmentId: string): string => `lobby:${appointmentId}`;
export const callRoom = (appointmentId: string): string => `call:${appointmentId}`;
export const memberRoom = (appointmentId: string, participantId: string): string => `member:${appointmentId}:${participantId}`;
/** Every workstation of a KEP, told who waits for which appointment. */
export const kepRoom = (kepId: string): string => `kep:${kepId}`;
/** Every citizen and interpreter connected for any appointment of a KEP. */
export const kepParticipantsRoom = (kepId: string): string => `kep-participants:${kepId}`;
/**
 * A prepared link (PROTOCOL.md §5.2a): the workstations preparing an appointment, each one's
 * mailbox for it, the participants it prepared, and each such participant's mailbox for its signals.
 */
export const preparingRoom = (appointmentId: string): string => `preparing:${appointmentId}`;
export const prepareDeskRoom = (appointmentId: string, deskId: string): string => `prepare:${appointmentId}:${deskId}`;
export const preparedRoom = (appointmentId: string, deskId: string): string => `prepared:${appointmentId}:${deskId}`;
export const prepareLinkRoom = (appointmentId: string, deskId: string, participantId: string): string => `prepare:${appointmentId}:${deskId}:${participantId}`;
