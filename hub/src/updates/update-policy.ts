import type { UpdatePlatform, UpdatePolicy } from '../../../src-shared/protocol/updates';
import type { UpdateSettings } from '../config';
import type { HubStore, Workstation } from '../store/hub-store';
import { channelOf, offerFor } from './offer';

/** `GET /updates/policy`: the offer of the feed for this workstation, said plainly, with the hub's settings. */
export function updatePolicy(store: HubStore, workstation: Workstation, platform: UpdatePlatform, settings: UpdateSettings): UpdatePolicy {
  const offer = offerFor(store, workstation.kepId, workstation.id, platform);
  return {
    channel: channelOf(store, workstation.kepId),
    offered: offer?.version ?? null,
    rollback: offer?.rollback ?? false,
    installWindow: settings.installWindow,
    checkEveryMinutes: settings.checkEveryMinutes,
  };
}
