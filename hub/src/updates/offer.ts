import type { UpdatePlatform } from '../../../src-shared/protocol/updates';
import type { HubStore } from '../store/hub-store';
import type { Release } from '../store/tables/releases';
import { isStagedIn } from './staging';
import { compareVersions } from '../../../src-shared/protocol/version-order';

/** What the feed offers one workstation: a version's files for its platform. */
export interface UpdateOffer {
  channel: string;
  version: string;
  /** IT rolled the channel back to this version: the desk installs it although it is older. */
  rollback: boolean;
  /** At least one; the first is the main file (the feed's `path`). */
  files: Release[];
  /** Since when it is offered (the stage or the rollback was last set). */
  since: string;
}

/** The KEP's update channel (`stable` unless IT moved it; a KEP the hub does not know is offered stable's releases). */
export function channelOf(store: HubStore, kepId: string): string {
  return store.keps.channel(kepId) ?? 'stable';
}

/**
 * The release a workstation is to run, decided here and nowhere else (the feed, the policy and
 * the fleet's `behind` all ask this): a rolled-back channel offers its rollback version to every
 * desk; otherwise the newest version of the channel, for this platform, that is staged to
 * include this workstation (100 % includes every desk, 0 % none). Null when none is.
 */
export function offerFor(store: HubStore, kepId: string, workstationId: string, platform: UpdatePlatform): UpdateOffer | null {
  const channel = channelOf(store, kepId);
  const rollback = store.channelRollbacks.get(channel);
  if (rollback) {
    const files = store.releases.files(channel, platform, rollback.version);
    return files.length ? { channel, version: rollback.version, rollback: true, files, since: rollback.setAt } : null;
  }
  const stages = store.releaseStages
    .ofChannel(channel)
    .filter((stage) => stage.percent > 0)
    .sort((a, b) => compareVersions(b.version, a.version));
  for (const stage of stages) {
    if (!isStagedIn(workstationId, stage.version, stage.percent)) continue;
    const files = store.releases.files(channel, platform, stage.version);
    if (files.length) return { channel, version: stage.version, rollback: false, files, since: stage.updatedAt };
  }
  return null;
}

/** The version a channel rolls out now (to all its desks or to some), or null: the fleet's `current`. */
export function currentOfChannel(store: HubStore, channel: string): string | null {
  const rollback = store.channelRollbacks.get(channel);
  if (rollback) return rollback.version;
  const live = store.releaseStages
    .ofChannel(channel)
    .filter((stage) => stage.percent > 0)
    .sort((a, b) => compareVersions(b.version, a.version));
  return live[0]?.version ?? null;
}
