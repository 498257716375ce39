import type { Channel, ChannelInput, ChannelOutput, KepApi } from '../../src-shared/contract/ipc';
import { AppError, type Result } from '../../src-shared/errors';

export { toErrorInfo } from './error-info';

declare global {
  interface Window {
    readonly kep: KepApi;
  }
}

/** Calls main and unwraps the result; a failure becomes an AppError with main's code, reason and message. */
export async function call<C extends Channel>(channel: C, input?: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = (await (window.kep.invoke as (c: C, i?: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>)(channel, input)) as Result<ChannelOutput<C>>;
  if (!result.ok) throw new AppError(result.error.code, result.error.message, { reason: result.error.reason });
  return result.value;
}

export const onEvent: KepApi['on'] = (event, listener) => window.kep.on(event, listener);
