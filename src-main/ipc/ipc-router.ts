import { type z } from 'zod';
import { type Channel, type ChannelOutput, contract, isChannel } from '../../src-shared/contract/ipc';
import type { Role } from '../../src-shared/domain/roles';
import { AppError, fail, ok, type Result } from '../../src-shared/errors';
import { createLogger } from '../../src-shared/log';
import { accessDenied } from './access';

const log = createLogger('ipc');

/** One handler per channel of the contract; the compiler tells when one is missing. */
export type Handlers = {
  [C in Channel]: (input: z.output<(typeof contract)[C]['input']>) => Promise<ChannelOutput<C>> | ChannelOutput<C>;
};

export type Dispatch = (channel: unknown, input: unknown) => Promise<Result<unknown>>;

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/**
 * The single entry point of every renderer call, whatever the transport: the channel must be in
 * the contract, the signed-in role must be allowed, the input must match its schema, and
 * whatever goes wrong comes back as
 * `{ ok: false, error }` rather than as an exception across the boundary.
 */
export function createDispatcher(handlers: Handlers, currentRole: () => Role | null = () => null): Dispatch {
  return async (channel, rawInput) => {
    if (!isChannel(channel)) return fail('unknown_channel', `There is no channel "${String(channel)}".`);
    const spec = contract[channel];
    const denied = accessDenied(spec.access, currentRole());
    if (denied) return { ok: false, error: denied };
    const input = spec.input.safeParse(rawInput);
    if (!input.success) return fail('invalid_input', `Invalid input for ${channel}: ${describeIssues(input.error)}`);
    try {
      const handler = handlers[channel] as (input: unknown) => unknown;
      const value = await handler(input.data);
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
