import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SessionInfo } from '../../src-shared/contract/ipc';
import type { Role } from '../../src-shared/domain/roles';
import { AppError } from '../../src-shared/errors';
import { createLogger } from '../../src-shared/log';
import { type SessionResponse, sessionUserSchema } from '../../src-shared/protocol/hub-api';
import type { HubApiClient } from '../hub/hub-api-client';
import { type OsCipher, SecretFile } from '../hub/secret-file';
import type { EventBus } from '../ipc/event-bus';
import { type ActorKey, actorKeySchema, newActorKeyPair, signWithActorKey } from './actor-key';

const log = createLogger('session');

/** The signed-in person as the outbox needs them: who, in which role, and their session's signature. */
export interface SessionActor {
  id: string;
  role: Role;
  keyId: string;
  sign(text: string): string;
}

const storedSessionSchema = z.object({
  user: sessionUserSchema,
  refreshToken: z.string(),
  refreshExpiresAt: z.iso.datetime(),
  /** Signs the changes made in this session; a session stored before keys existed is not resumed. */
  actorKey: actorKeySchema,
  /** The successor named in a refresh that has not been answered yet (asked again after a crash). */
  nextRefreshToken: z.string().optional(),
});
type StoredSession = z.infer<typeof storedSessionSchema>;

/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;
const RETRY_MS = 15_000;

export interface SessionDeps {
  dataDir: string;
  cipher: OsCipher | null;
  client: () => HubApiClient | null;
  events: EventBus;
  now?: () => Date;
}

/**
 * Who is signed in at this workstation. The access token stays in memory and the refresh
 * token in an OS-protected file, never in the renderer. A session survives an app restart
 * until its refresh token expires (a shift), and goes on offline when the hub is away, so the
 * cached day stays usable; it ends at sign-out or when the hub refuses it.
 */
export class SessionService {
  private readonly store;
  private stored: StoredSession | null;
  private accessToken: string | null = null;
  private realtime: SessionInfo['realtime'] = 'disconnected';
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly now: () => Date;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: SessionDeps) {
    this.store = new SecretFile(deps.dataDir, 'session', storedSessionSchema, deps.cipher);
    this.now = deps.now ?? (() => new Date());
    const stored = this.store.load();
    this.stored = stored && stored.refreshExpiresAt > this.now().toISOString() ? stored : null;
  }

  info(): SessionInfo | null {
    if (!this.stored) return null;
    return { user: this.stored.user, mode: this.accessToken ? 'online' : 'offline', realtime: this.realtime };
  }

  role(): Role | null {
    return this.stored?.user.role ?? null;
  }

  /** Who is signed in, with the means to sign what they do; refused when nobody is. */
  actor(): SessionActor {
    const stored = this.stored;
    if (!stored) throw new AppError('unauthorized', 'Sign in first.');
    const { actorKey } = stored;
    return { id: stored.user.id, role: stored.user.role, keyId: actorKey.id, sign: (text) => signWithActorKey(actorKey, text) };
  }

  /** The access token of an online session, for the hub connection. */
  hubAccessToken(): string | null {
    return this.accessToken;
  }

  /** Called whenever the session or its token changes (the hub connection follows it). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setRealtime(state: SessionInfo['realtime']): void {
    if (state === this.realtime) return;
    this.realtime = state;
    this.deps.events.emit('session.changed', this.info());
  }

  async signIn(username: string, password: string): Promise<SessionInfo> {
    const client = this.requireClient();
    const pair = newActorKeyPair();
    const session = await client.signIn(username, password, pair.publicKey);
    if (!session.actorKeyId)
      throw new AppError('hub_error', 'The hub did not accept this session’s signing key; it may be older than this app.', { reason: 'session.no_actor_key' });
    this.adopt(session, { id: session.actorKeyId, ...pair });
    log.info('signed in', { user: this.stored?.user.id, role: this.stored?.user.role });
    return this.info() as SessionInfo;
  }

  async signOut(): Promise<void> {
    const refreshToken = this.stored?.refreshToken;
    this.end();
    if (refreshToken) {
      // Best effort: an unreachable hub must not keep the employee signed in here.
      await this.deps
        .client()
        ?.signOut(refreshToken)
        .catch((error: unknown) => log.warn('sign-out not delivered', { error: String(error) }));
    }
  }

  /** Brings a stored session back online (at start, and after the hub returns). */
  async resume(): Promise<void> {
    if (!this.stored || this.accessToken) return;
    await this.refresh();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async refresh(): Promise<void> {
    const stored = this.stored;
    const client = this.deps.client();
    if (!stored || !client) return;
    // The successor is kept before it is asked for: if the answer is lost (a crash, a cut line),
    // the same request is made again and the hub sees a retry, not a stolen token.
    if (!stored.nextRefreshToken) {
      stored.nextRefreshToken = randomBytes(32).toString('base64url');
      this.store.save(stored);
    }
    try {
      this.adopt(await client.refresh(stored.refreshToken, stored.nextRefreshToken), stored.actorKey);
    } catch (error) {
      if (error instanceof AppError && error.code === 'hub_unreachable') {
        if (this.accessToken) {
          this.accessToken = null;
          this.changed();
        }
        this.schedule(RETRY_MS);
        return;
      }
      log.warn('the hub ended the session', { error: String(error) });
      this.end();
    }
  }

  private adopt(session: SessionResponse, actorKey: ActorKey): void {
    this.stored = { user: session.user, refreshToken: session.refreshToken, refreshExpiresAt: session.refreshExpiresAt, actorKey };
    this.store.save(this.stored);
    this.accessToken = session.accessToken;
    this.schedule(new Date(session.accessExpiresAt).getTime() - this.now().getTime() - REFRESH_MARGIN_MS);
    this.changed();
  }

  private end(): void {
    this.stop();
    this.stored = null;
    this.accessToken = null;
    this.store.clear();
    this.changed();
  }

  private schedule(ms: number): void {
    this.stop();
    this.timer = setTimeout(() => void this.refresh(), Math.max(1000, ms));
    this.timer.unref?.();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
    this.deps.events.emit('session.changed', this.info());
  }

  private requireClient(): HubApiClient {
    const client = this.deps.client();
    if (!client) throw new AppError('not_configured', 'No hub is configured for this workstation. Ask IT to enrol it.');
    return client;
  }
}
