import { type z } from 'zod';
import { type Channel, type ChannelOutput, type ChannelSpec, contract, isChannel, type Needs, SUBJECT_PATHS } from '../../src-shared/contract/ipc';
import type { Role } from '../../src-shared/domain/roles';
import { AppError, fail, ok, type Result } from '../../src-shared/errors';
import { createLogger } from '../../src-shared/log';
import { accessDenied } from './access';

const log = createLogger('ipc');

/** The handler of one channel, given its input as its schema parsed it. */
export type Handler<C extends Channel> = (input: z.output<(typeof contract)[C]['input']>) => Promise<ChannelOutput<C>> | ChannelOutput<C>;

/** The handlers of some channels (a feature's); without a parameter, of every channel. */
export type Handlers<C extends Channel = Channel> = { [K in C]: Handler<K> };

/** Calls a channel as the renderer does: never throws, answers a Result. */
export type IpcRouter = (channel: unknown, input: unknown) => Promise<Result<unknown>>;

/** Checks a channel's `needs` against the appointment its input names; throws an AppError when one is not met. */
export type NeedsCheck = (needs: Needs, subjectId: string) => void;

export interface RouterGuards {
  role(): Role | null;
  needs: NeedsCheck;
}

type Keys<M> = M extends unknown ? keyof M : never;
/** The channels handled by more than one of the maps. */
type Overlap<Maps extends readonly object[]> = Maps extends readonly [infer Head, ...infer Rest extends readonly object[]]
  ? (keyof Head & Keys<Rest[number]>) | Overlap<Rest>
  : never;
type Joined<Maps extends readonly object[]> = [Overlap<Maps>] extends [never]
  ? [Exclude<Channel, Keys<Maps[number]>>] extends [never]
    ? Maps
    : { error: 'channels without a handler'; channels: Exclude<Channel, Keys<Maps[number]>> }
  : { error: 'channels with more than one handler'; channels: Overlap<Maps> };

/**
 * Joins the features' handler maps into one. The compiler refuses a channel handled twice, or
 * one no feature handles.
 */
export function joinHandlers<const Maps extends readonly Partial<Handlers>[]>(...maps: Maps & Joined<Maps>): Handlers {
  return Object.assign({}, ...maps) as Handlers;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/** The id of the appointment, document, call file or dispatch the input names, at its subject's path. */
function subjectId(needs: Needs, input: unknown): string {
  let value: unknown = input;
  for (const key of SUBJECT_PATHS[needs.subject]) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  if (typeof value !== 'string') throw new Error(`The input names no ${needs.subject}.`);
  return value;
}

/**
 * The single entry point of every renderer call, whatever the transport: the channel must be in
 * the contract, the signed-in role must be allowed, the input must match its schema, what the
 * channel needs of its appointment must hold, and whatever goes wrong comes back as
 * `{ ok: false, error }` rather than as an exception across the boundary.
 */
export function createIpcRouter(handlers: Handlers, guards: RouterGuards): IpcRouter {
  return async (channel, rawInput) => {
    if (!isChannel(channel)) return fail('unknown_channel', `There is no channel "${String(channel)}".`);
    const spec: ChannelSpec = contract[channel];
    const denied = accessDenied(spec.access, guards.role());
    if (denied) return { ok: false, error: denied };
    const input = spec.input.safeParse(rawInput);
    if (!input.success) return fail('invalid_input', `Invalid input for ${channel}: ${describeIssues(input.error)}`);
    try {
      if (spec.needs) guards.needs(spec.needs, subjectId(spec.needs, input.data));
      const handler = handlers[channel] as (input: unknown) => unknown;
      const value = await handler(input.data);
      if (spec.outputCheckedAtEntry) return ok(value);
      const output = spec.output.safeParse(value);
      if (!output.success) {
        log.error('handler returned data outside its schema', { channel, issues: output.error.issues.slice(0, 5) });
        return fail('internal', 'The application produced invalid data; the action was not completed.');
      }
      return ok(output.data);
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toInfo() };
      log.error('handler failed', { channel, error: error instanceof Error ? error.stack : String(error) });
      return fail('internal', 'Something went wrong in the application; the action was not completed.');
    }
  };
}
