import { API_PREFIX } from '../../src-shared/protocol/constants';
import { type UpdatePolicy, updatePolicySchema } from '../../src-shared/protocol/updates';

/**
 * Asks the hub what it wants of this workstation's updater (`GET /updates/policy`, PROTOCOL.md
 * §10), with the workstation credential. Throws with a message IT can act on.
 */
export async function requestUpdatePolicy(feed: { hubUrl: string; token: string }, timeoutMs = 10_000): Promise<UpdatePolicy> {
  const url = `${feed.hubUrl.replace(/\/+$/, '')}${API_PREFIX}/updates/policy`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json', authorization: `Bearer ${feed.token}` }, signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    throw new Error(`The hub at ${feed.hubUrl} cannot be reached for the update policy.`);
  }
  if (!response.ok) throw new Error(`The hub answered HTTP ${response.status} to the update policy request.`);
  const parsed = updatePolicySchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new Error('The hub sent an update policy this version of the app cannot read.');
  return parsed.data;
}
