import { type AuditEntryPayload, type AuditResponse, auditResponseSchema } from '../../src-shared/protocol/audit';
import { z } from 'zod';
import type { IsoDate } from '../../src-shared/domain/athens-time';
import { AppError } from '../../src-shared/errors';
import {
  API_PREFIX,
  apiErrorSchema,
  type AppointmentsResponse,
  appointmentsResponseSchema,
  type EnrolResponse,
  enrolResponseSchema,
  type SessionResponse,
  sessionResponseSchema,
  type WorkstationResponse,
  workstationResponseSchema,
} from '../../src-shared/protocol/hub-api';
import { createLogger } from '../../src-shared/log';
import {
  type DispatchRequest,
  type DispatchStatus,
  dispatchStatusResponseSchema,
  dispatchStatusSchema,
} from '../../src-shared/protocol/dispatch';
import {
  type ChangeFeedResponse,
  changeFeedResponseSchema,
  type ChangeRequest,
  type ChangeResponse,
  changeResponseSchema,
  type StaffResponse,
  staffResponseSchema,
} from '../../src-shared/protocol/changes';

const log = createLogger('hub-api-client');
const okSchema = z.object({ ok: z.literal(true) });

export interface HubApiClientOptions {
  baseUrl: string;
  /** The workstation credential (none before enrolment). It lives in main, never in the renderer. */
  token: string | null;
  timeoutMs?: number;
}

/** The app's side of the hub's HTTP API: every answer is validated before anyone uses it. */
export class HubApiClient {
  private readonly baseUrl: string;

  constructor(private readonly options: HubApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  get url(): string {
    return this.baseUrl;
  }

  workstation(): Promise<WorkstationResponse> {
    return this.request('GET', '/workstation', workstationResponseSchema);
  }

  appointments(date: IsoDate): Promise<AppointmentsResponse> {
    return this.request('GET', `/appointments?date=${encodeURIComponent(date)}`, appointmentsResponseSchema);
  }

  enrol(code: string, label: string): Promise<EnrolResponse> {
    return this.request('POST', '/enrol', enrolResponseSchema, { code, label });
  }

  signIn(username: string, password: string, actorKey: string): Promise<SessionResponse> {
    return this.request('POST', '/auth/sign-in', sessionResponseSchema, { username, password, actorKey });
  }

  refresh(refreshToken: string, nextRefreshToken: string): Promise<SessionResponse> {
    return this.request('POST', '/auth/refresh', sessionResponseSchema, { refreshToken, nextRefreshToken });
  }

  /** Delivers one outbox entry; the hub applies its idempotency key once. */
  sendChange(request: ChangeRequest): Promise<ChangeResponse> {
    return this.request('POST', '/changes', changeResponseSchema, request);
  }

  /** Delivers one audit entry; the hub keeps the workstation's chain whole. */
  sendAudit(entry: AuditEntryPayload): Promise<AuditResponse> {
    return this.request('POST', '/audit', auditResponseSchema, { entry });
  }

  /** Delivers one dispatch with its documents; the hub takes each dispatch id once. */
  sendDispatch(request: DispatchRequest): Promise<DispatchStatus> {
    // Up to 20 MB of base64: give a thin counter line time to upload it (at 32 kB/s at worst).
    const bytes = request.documents.reduce((sum, d) => sum + (d.dataBase64?.length ?? 0), 0);
    return this.request('POST', '/dispatches', dispatchStatusSchema, request, Math.max(120_000, 30_000 + bytes / 32));
  }

  dispatchStatus(ids: readonly string[]): Promise<DispatchStatus[]> {
    return this.request('POST', '/dispatches/status', dispatchStatusResponseSchema, { ids }).then((r) => r.dispatches);
  }

  retryDispatch(dispatchId: string): Promise<DispatchStatus> {
    return this.request('POST', '/dispatches/retry', dispatchStatusSchema, { dispatchId });
  }

  changes(since: number): Promise<ChangeFeedResponse> {
    return this.request('GET', `/changes?since=${since}`, changeFeedResponseSchema);
  }

  staff(): Promise<StaffResponse> {
    return this.request('GET', '/staff', staffResponseSchema);
  }

  async signOut(refreshToken: string): Promise<void> {
    await this.request('POST', '/auth/sign-out', okSchema, { refreshToken });
  }

  private async request<S extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: S, body?: unknown, timeoutMs = this.options.timeoutMs ?? 10_000): Promise<z.output<S>> {
    const url = `${this.baseUrl}${API_PREFIX}${path}`;
    // Built before the call: only what fetch itself throws means the hub cannot be reached.
    const init: RequestInit = {
      method,
      headers: {
        accept: 'application/json',
        ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(Math.ceil(timeoutMs)),
    };
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch (error) {
      throw new AppError('hub_unreachable', `The hub at ${this.baseUrl} cannot be reached.`, { cause: error });
    }
    const payload: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      // The hub's own code and message, when it sent them, are the most useful to a person.
      const parsed = apiErrorSchema.safeParse(payload);
      if (parsed.success) throw new AppError(parsed.data.error.code, parsed.data.error.message);
      throw new AppError(response.status === 401 ? 'unauthorized' : 'hub_error', `The hub answered HTTP ${response.status}.`);
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      log.error('invalid hub response', { path, issues: parsed.error.issues.slice(0, 5) });
      throw new AppError('hub_error', 'The hub sent data this version of the app cannot read.');
    }
    return parsed.data;
  }
}
