import type { z } from 'zod';
import type { IsoDate } from '../../src-shared/domain/athens-time';
import { AppError } from '../../src-shared/errors';
import {
  API_PREFIX,
  apiErrorSchema,
  type AppointmentsResponse,
  appointmentsResponseSchema,
  type WorkstationResponse,
  workstationResponseSchema,
} from '../../src-shared/protocol/hub-api';
import { createLogger } from '../../src-shared/log';

const log = createLogger('hub-api-client');

export interface HubApiClientOptions {
  baseUrl: string;
  /** The workstation credential. It lives in main and is never handed to the renderer. */
  token: string;
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
    return this.get('/workstation', workstationResponseSchema);
  }

  appointments(date: IsoDate): Promise<AppointmentsResponse> {
    return this.get(`/appointments?date=${encodeURIComponent(date)}`, appointmentsResponseSchema);
  }

  private async get<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>> {
    const url = `${this.baseUrl}${API_PREFIX}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { authorization: `Bearer ${this.options.token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new AppError('hub_unreachable', `The hub at ${this.baseUrl} cannot be reached.`, { cause: error });
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const parsed = apiErrorSchema.safeParse(body);
      const message = parsed.success ? parsed.data.error.message : `HTTP ${response.status}`;
      const code = response.status === 401 || response.status === 403 ? 'unauthorized' : 'hub_error';
      throw new AppError(code, `The hub refused the request: ${message}`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      log.error('invalid hub response', { path, issues: parsed.error.issues.slice(0, 5) });
      throw new AppError('hub_error', 'The hub sent data this version of the app cannot read.');
    }
    return parsed.data;
  }
}
