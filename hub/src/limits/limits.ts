/** How much one address or one socket may ask of the hub; tuned in hub-config.json `limits`. */
export interface HubLimits {
  /** New Socket.IO connections per address: burst, then per second. */
  connectionsBurst: number;
  connectionsPerSecond: number;
  /** Signals per socket. */
  signalsBurst: number;
  signalsPerSecond: number;
  /** Room operations per socket. */
  roomOpsBurst: number;
  roomOpsPerSecond: number;
  /** Events of all sockets of one address together (a KEP's desks may share one address). */
  addressEventsBurst: number;
  addressEventsPerSecond: number;
  /** Refused events (over rate, invalid, unknown) a socket may send before it is cut off. */
  maxViolations: number;
  /** Enrolment and sign-in attempts per address (a KEP's desks may share one address). */
  authAttemptsBurst: number;
  authAttemptsPerMinute: number;
  /** Citizens' inbox requests per address (the link is the credential, so guesses are limited too). */
  inboxRequestsBurst: number;
  inboxRequestsPerMinute: number;
  /** Behind a reverse proxy: take the client's address from X-Forwarded-For. */
  trustProxy: boolean;
}

export const DEFAULT_LIMITS: HubLimits = {
  connectionsBurst: 60,
  connectionsPerSecond: 5,
  signalsBurst: 200,
  signalsPerSecond: 50,
  roomOpsBurst: 10,
  roomOpsPerSecond: 2,
  addressEventsBurst: 2000,
  addressEventsPerSecond: 500,
  maxViolations: 200,
  authAttemptsBurst: 30,
  authAttemptsPerMinute: 30,
  inboxRequestsBurst: 30,
  inboxRequestsPerMinute: 60,
  trustProxy: false,
};
