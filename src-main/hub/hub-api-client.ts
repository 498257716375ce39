import type { AuditEntryPayload, AuditResponse } from '../../src-shared/protocol/audit';
import type { IsoDate } from '../../src-shared/domain/athens-time';
import { AppError } from '../../src-shared/errors';
import { API_PREFIX, SESSION_HEADER } from '../../src-shared/protocol/constants';
import type { FleetReport, FleetResponse } from '../../src-shared/protocol/fleet';
import type { StatsQuery, StatsResponse } from '../../src-shared/protocol/stats';
import type { BookingResponse, Catalogue, DeskBookingRequest, SlotsResponse } from '../../src-shared/protocol/booking';
import type { UpdatePlatform, UpdatePolicy } from '../../src-shared/protocol/updates';
import {
  apiErrorSchema,
  type AppointmentsResponse,
  parseAppointmentsResponse,
  type EnrolResponse,
  type SessionResponse,
  type WorkstationResponse,
} from '../../src-shared/protocol/hub-api';
import { createLogger } from '../../src-shared/log';
import { DISPATCH_UPLOAD_TYPE, type DispatchRequest, type DispatchStatus, type DispatchUploadHead } from '../../src-shared/protocol/dispatch';
import type { ChangeFeedResponse, ChangeRequest, ChangeResponse, StaffResponse } from '../../src-shared/protocol/changes';
import { type JsonRouteName, type RouteRequest, type RouteResponse, ROUTES } from '../../src-shared/protocol/routes';
import { answerText, HubAnswerUnreadableError, type HubHttpAnswer, type HubHttpRequest, hubHttp } from './hub-http';

const log = createLogger('hub-api-client');

const isSuccess = (status: number): boolean => status >= 200 && status <= 299;

/** The answer's JSON, or undefined when it is none (the schema check then says what was wrong). */
function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(answerText(body));
  } catch {
    return undefined;
  }
}

type ParseResult<T> = { success: true; data: T } | { success: false; error: { issues: readonly unknown[] } };
/** A route's response check: its schema's safeParse unless the route has a quicker one just as strict. */
type ResponseParser<K extends JsonRouteName> = (payload: unknown) => ParseResult<RouteResponse<K>>;

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
    return this.call('workstation', {});
  }

  /** A day of thousands of rows: checked on parseAppointmentsResponse's quick road, just as strictly. */
  appointments(date: IsoDate): Promise<AppointmentsResponse> {
    return this.call('appointments', { date }, undefined, {}, parseAppointmentsResponse);
  }

  enrol(code: string, label: string): Promise<EnrolResponse> {
    return this.call('enrol', { code, label });
  }

  signIn(username: string, password: string, actorKey: string): Promise<SessionResponse> {
    return this.call('signIn', { username, password, actorKey });
  }

  refresh(refreshToken: string, nextRefreshToken: string): Promise<SessionResponse> {
    return this.call('refresh', { refreshToken, nextRefreshToken });
  }

  /** Delivers one outbox entry; the hub applies its idempotency key once. */
  sendChange(request: ChangeRequest): Promise<ChangeResponse> {
    return this.call('change', request);
  }

  /** Delivers one audit entry; the hub keeps the workstation's chain whole. */
  sendAudit(entry: AuditEntryPayload): Promise<AuditResponse> {
    return this.call('audit', { entry });
  }

  /** Delivers one dispatch with its documents; the hub takes each dispatch id once. */
  sendDispatch(request: DispatchRequest): Promise<DispatchStatus> {
    // Up to 20 MB of base64: give a thin counter line time to upload it (at 32 kB/s at worst).
    const bytes = request.documents.reduce((sum, d) => sum + (d.dataBase64?.length ?? 0), 0);
    return this.call('dispatch', request, Math.max(120_000, 30_000 + bytes / 32));
  }

  /**
   * Delivers one e-mail or inbox dispatch with its documents as raw bytes after a JSON head
   * (PROTOCOL.md §5b.2a): streamed from the buffers as they are, nothing encoded or copied.
   */
  uploadDispatch(head: DispatchUploadHead, documents: readonly Uint8Array[]): Promise<DispatchStatus> {
    const line = Buffer.from(`${JSON.stringify(head)}\n`, 'utf8');
    const body = [line, ...documents];
    const bytes = body.reduce((sum, part) => sum + part.byteLength, 0);
    // Up to 15 MB: give a thin counter line time to upload it (at 24 kB/s at worst).
    const timeoutMs = Math.max(120_000, 30_000 + bytes / 24);
    return this.send('dispatchUpload', ROUTES.dispatchUpload.path, {
      method: 'POST',
      headers: { ...this.headers(), 'content-type': DISPATCH_UPLOAD_TYPE },
      body,
      timeoutMs: Math.ceil(timeoutMs),
    });
  }

  dispatchStatus(ids: readonly string[]): Promise<DispatchStatus[]> {
    return this.call('dispatchStatus', { ids: [...ids] }).then((r) => r.dispatches);
  }

  retryDispatch(dispatchId: string): Promise<DispatchStatus> {
    return this.call('dispatchRetry', { dispatchId });
  }

  changes(since: number): Promise<ChangeFeedResponse> {
    return this.call('changeFeed', { since: String(since) });
  }

  staff(): Promise<StaffResponse> {
    return this.call('staff', {});
  }

  async signOut(refreshToken: string): Promise<void> {
    await this.call('signOut', { refreshToken });
  }

  /** What the hub wants of this desk's updater (PROTOCOL.md §10.3). */
  updatePolicy(platform: UpdatePlatform): Promise<UpdatePolicy> {
    return this.call('updatePolicy', { platform });
  }

  /** Reports how this desk stands; answers its clock's offset from the hub's. */
  fleetReport(report: FleetReport): Promise<{ clockOffsetMs: number }> {
    return this.call('fleetReport', report);
  }

  /** The KEP's fleet, for a signed-in IT session at this desk (its access token, which stays in main). */
  fleet(accessToken: string): Promise<FleetResponse> {
    return this.call('fleet', {}, undefined, { [SESSION_HEADER]: accessToken });
  }

  /** The KEP's figures over a period, for a signed-in supervisor at this desk (its access token stays in main). */
  stats(query: StatsQuery, accessToken: string): Promise<StatsResponse> {
    // A GET's query carries strings only, and leaves out the filters not set.
    const request = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)) as StatsQuery;
    return this.call('stats', request, undefined, { [SESSION_HEADER]: accessToken });
  }

  /** The booking catalogue, withdrawn services included (PROTOCOL.md §12). */
  catalogue(): Promise<Catalogue> {
    return this.call('catalogue', {});
  }

  /** Free slots at this workstation's KEP for a category, `days` days from `from` (Athens dates). */
  deskSlots(query: { category: 1 | 2 | 3 | 4; from?: string; days?: number }): Promise<SlotsResponse> {
    return this.call('deskSlots', {
      category: String(query.category) as RouteRequest<'deskSlots'>['category'],
      ...(query.from === undefined ? {} : { from: query.from }),
      ...(query.days === undefined ? {} : { days: String(query.days) }),
    });
  }

  /** Books for a citizen who phoned, as the signed-in employee or supervisor (their access token stays in main). */
  deskBooking(request: DeskBookingRequest, accessToken: string): Promise<BookingResponse> {
    return this.call('deskBooking', request, undefined, { [SESSION_HEADER]: accessToken });
  }

  /** Asks one route of the table (routes.ts) and validates the answer against its response schema. */
  private async call<K extends JsonRouteName>(
    name: K,
    request: RouteRequest<K>,
    timeoutMs = this.options.timeoutMs ?? 10_000,
    headers: Record<string, string> = {},
    parse?: ResponseParser<K>,
  ): Promise<RouteResponse<K>> {
    const route = ROUTES[name];
    const query = route.method === 'GET' ? new URLSearchParams(request as Record<string, string>).toString() : '';
    const path = `${route.path}${query ? `?${query}` : ''}`;
    const body = route.method === 'POST' ? [Buffer.from(JSON.stringify(request), 'utf8')] : undefined;
    return this.send(
      name,
      path,
      {
        method: route.method,
        headers: { ...this.headers(), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body }),
        timeoutMs: Math.ceil(timeoutMs),
      },
      parse,
    );
  }

  private headers(): Record<string, string> {
    return { accept: 'application/json', ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}) };
  }

  /** Sends a built request to a route of the table and validates the answer against its response schema. */
  private async send<K extends JsonRouteName>(
    name: K,
    path: string,
    request: Omit<HubHttpRequest, 'url'>,
    parse?: ResponseParser<K>,
  ): Promise<RouteResponse<K>> {
    const route = ROUTES[name];
    let answer: HubHttpAnswer;
    try {
      answer = await hubHttp({ ...request, url: new URL(`${this.baseUrl}${API_PREFIX}${path}`) });
    } catch (error) {
      if (!(error instanceof HubAnswerUnreadableError))
        throw new AppError('hub_unreachable', `The hub at ${this.baseUrl} cannot be reached.`, { cause: error });
      log.error('unreadable hub response', { path, status: error.status, error: error.message });
      // A refusal still says what it is (a 401 is a 401) when its body cannot be read.
      if (isSuccess(error.status)) throw new AppError('hub_error', 'The hub sent data this version of the app cannot read.');
      answer = { status: error.status, body: Buffer.alloc(0) };
    }
    const payload = parseJson(answer.body);
    // Not followed (a credential must not travel on to another address): IT gives the final one.
    if (answer.status >= 300 && answer.status <= 399) {
      throw new AppError('hub_error', `The hub's address redirects (HTTP ${answer.status}); enter the address it ends at.`, { reason: 'hub.redirected' });
    }
    if (!isSuccess(answer.status)) {
      // The hub's own code and message, when it sent them, are the most useful to a person.
      const parsed = apiErrorSchema.safeParse(payload);
      if (parsed.success) throw new AppError(parsed.data.error.code, parsed.data.error.message, { reason: parsed.data.error.reason });
      throw new AppError(answer.status === 401 ? 'unauthorized' : 'hub_error', `The hub answered HTTP ${answer.status}.`);
    }
    const parsed = parse ? parse(payload) : route.response.safeParse(payload);
    if (!parsed.success) {
      log.error('invalid hub response', { path, issues: parsed.error.issues.slice(0, 5) });
      throw new AppError('hub_error', 'The hub sent data this version of the app cannot read.');
    }
    return parsed.data as RouteResponse<K>;
  }
}
