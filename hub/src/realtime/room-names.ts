/** Room names: who waits for an appointment, who is in its call, and each member's mailbox. */
export const lobbyRoom = (appointmentId: string): string => `lobby:${appointmentId}`;
export const callRoom = (appointmentId: string): string => `call:${appointmentId}`;
export const memberRoom = (appointmentId: string, participantId: string): string => `member:${appointmentId}:${participantId}`;
/** Every workstation of a KEP, told who waits for which appointment. */
export const kepRoom = (kepId: string): string => `kep:${kepId}`;
/** Every citizen and interpreter connected for any appointment of a KEP. */
export const kepParticipantsRoom = (kepId: string): string => `kep-participants:${kepId}`;
