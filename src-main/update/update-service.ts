import type { AppUpdater, ProgressInfo, UpdateDownloadedEvent, UpdateInfo } from 'electron-updater';
import type { UpdateStatus } from '../../src-shared/contract/ipc';
import { createLogger } from '../../src-shared/log';
import { API_PREFIX } from '../../src-shared/protocol/constants';
import type { UpdatePolicy, UpdateState } from '../../src-shared/protocol/updates';
import type { EventBus } from '../ipc/event-bus';
import { insideInstallWindow } from './install-window';

const log = createLogger('update');

/** What the service uses of electron-updater's AppUpdater (the real one in Electron, a platform one in tests). */
export type Updater = Pick<
  AppUpdater,
  | 'setFeedURL'
  | 'requestHeaders'
  | 'allowDowngrade'
  | 'autoDownload'
  | 'disableDifferentialDownload'
  | 'autoInstallOnAppQuit'
  | 'checkForUpdates'
  | 'downloadUpdate'
  | 'quitAndInstall'
  | 'on'
  | 'off'
>;

export interface UpdateServiceDeps {
  updater: Updater;
  /** What this workstation's hub wants of its updater (asked before every check). */
  policy(): Promise<UpdatePolicy>;
  /** The hub and the workstation credential, or null before enrolment. */
  feed(): { hubUrl: string; token: string } | null;
  /** Is a call open at this desk? */
  inCall(): boolean;
  now(): Date;
  events: Pick<EventBus, 'emit'>;
}

/** The status when no updater runs (development, tests, the browser shell). */
export const IDLE_UPDATE_STATE: UpdateState = { state: 'idle', version: null, percent: null, message: null, checkedAt: null };
/** What a build without an updater (development, tests, the browser shell) says of itself. */
export const NOT_SELF_UPDATING: UpdateStatus = { ...IDLE_UPDATE_STATE, installWindow: null, selfUpdating: false };

/** Before the hub has told us how often (not enrolled yet, or its policy could not be read). */
const RETRY_MINUTES = 15;
const INSTALL_CHECK_MS = 60_000;
const PROGRESS_EVENT_MS = 1000;
const MAX_MESSAGE = 500;

/**
 * The desk's updater: checks the hub's feed at start and as often as the hub says, downloads in
 * the background, and installs on quit or inside IT's install window, never while a call is
 * open. What goes wrong becomes the `error` state for IT; nothing is thrown at the app.
 */
export class UpdateService {
  private current: UpdateState = { ...IDLE_UPDATE_STATE };
  private window: UpdatePolicy['installWindow'] = null;
  private checkTimer: ReturnType<typeof setTimeout> | null = null;
  private installTimer: ReturnType<typeof setInterval> | null = null;
  private lastProgressEvent = { at: 0, percent: -1 };
  private stopped = false;

  private channelName: string | null = null;
  private readonly onProgress = (progress: ProgressInfo): void => this.progressed(progress);
  private readonly onDownloaded = (event: UpdateDownloadedEvent): void => this.downloaded(event);
  private readonly onError = (error: Error): void => this.failed(error);

  constructor(private readonly deps: UpdateServiceDeps) {
    const { updater } = deps;
    // The service decides when to download, so it always knows which version is on its way.
    updater.autoDownload = false;
    // The hub serves whole files only (no blockmaps): a differential download would ask for one and fall back anyway.
    updater.disableDifferentialDownload = true;
    // electron-updater adds its quit handler only if this is on when a download completes; settle() turns it off for a withdrawn release.
    updater.autoInstallOnAppQuit = true;
    updater.on('download-progress', this.onProgress);
    updater.on('update-downloaded', this.onDownloaded);
    updater.on('error', this.onError);
  }

  start(): void {
    void this.check();
    this.installTimer = setInterval(() => this.installIfIdle(), INSTALL_CHECK_MS);
    this.installTimer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.checkTimer) clearTimeout(this.checkTimer);
    if (this.installTimer) clearInterval(this.installTimer);
    const { updater } = this.deps;
    updater.off('download-progress', this.onProgress);
    updater.off('update-downloaded', this.onDownloaded);
    updater.off('error', this.onError);
  }

  /** The channel the hub last said this desk follows, or null before it said. */
  channel(): string | null {
    return this.channelName;
  }

  state(): UpdateState {
    return { ...this.current };
  }

  status(): UpdateStatus {
    return { ...this.current, installWindow: this.window, selfUpdating: true };
  }

  /** A call closed: an install the call held back may go ahead now. */
  callClosed(): void {
    this.installIfIdle();
  }

  /** Asks the hub whether there is a release for this desk, and downloads it when there is. */
  async check(): Promise<void> {
    if (this.checkTimer) clearTimeout(this.checkTimer);
    let nextMinutes = RETRY_MINUTES;
    try {
      // A download under way or an install begun is not interrupted by another check.
      if (this.current.state === 'downloading' || this.current.state === 'installing' || this.current.state === 'checking') return;
      const feed = this.deps.feed();
      if (!feed) return;
      const policy = await this.deps.policy();
      nextMinutes = policy.checkEveryMinutes;
      this.window = policy.installWindow;
      this.channelName = policy.channel;
      if (policy.offered === null) {
        this.settle(this.current.state === 'ready' ? this.current.version : null, null, this.deps.now().toISOString());
        return;
      }
      await this.checkFeed(feed, policy);
    } catch (error) {
      this.failed(error);
    } finally {
      if (!this.stopped) {
        this.checkTimer = setTimeout(() => void this.check(), nextMinutes * 60_000);
        this.checkTimer.unref();
      }
    }
  }

  private async checkFeed(feed: { hubUrl: string; token: string }, policy: UpdatePolicy): Promise<void> {
    const { updater } = this.deps;
    updater.setFeedURL({ provider: 'generic', url: `${feed.hubUrl.replace(/\/+$/, '')}${API_PREFIX}/updates/` });
    updater.requestHeaders = { authorization: `Bearer ${feed.token}` };
    updater.allowDowngrade = policy.rollback;
    const ready = this.current.state === 'ready' ? this.current.version : null;
    this.set({ ...this.current, state: 'checking', message: null });
    const result = await updater.checkForUpdates();
    const checkedAt = this.deps.now().toISOString();
    const info: UpdateInfo | undefined = result?.isUpdateAvailable ? result.updateInfo : undefined;
    if (!info || info.version === ready) {
      this.settle(ready, info?.version ?? null, checkedAt);
      return;
    }
    log.info('downloading an update', { version: info.version, rollback: policy.rollback });
    this.lastProgressEvent = { at: 0, percent: -1 };
    this.set({ state: 'downloading', version: info.version, percent: 0, message: null, checkedAt });
    // The download's failure also comes as the updater's `error` event; both land in failed().
    await updater.downloadUpdate();
  }

  /**
   * Nothing to download: the update already downloaded stays ready while the hub still offers
   * it; one the hub no longer offers (IT halted or rolled back its release) is not installed.
   */
  private settle(ready: string | null, offered: string | null, checkedAt: string): void {
    if (ready && ready === offered) {
      this.set({ ...this.current, state: 'ready', checkedAt });
      return;
    }
    if (ready) log.info('the hub no longer offers the downloaded update; it will not be installed', { version: ready });
    this.deps.updater.autoInstallOnAppQuit = false;
    this.set({ state: 'idle', version: null, percent: null, message: null, checkedAt });
  }

  private progressed(progress: ProgressInfo): void {
    if (this.current.state !== 'downloading') return;
    const percent = Math.min(100, Math.max(0, Math.round(progress.percent)));
    this.current = { ...this.current, percent };
    // The renderer hears of it once per whole percent, at most once a second.
    const at = this.deps.now().getTime();
    if (percent === this.lastProgressEvent.percent || at - this.lastProgressEvent.at < PROGRESS_EVENT_MS) return;
    this.lastProgressEvent = { at, percent };
    this.announce();
  }

  private downloaded(event: UpdateDownloadedEvent): void {
    log.info('an update is ready to install', { version: event.version });
    this.deps.updater.autoInstallOnAppQuit = true;
    this.set({ ...this.current, state: 'ready', version: event.version, percent: 100, message: null });
    this.installIfIdle();
  }

  /** Inside IT's install window and with no call open, installs the ready update now. */
  private installIfIdle(): void {
    if (this.current.state !== 'ready' || !this.window || !insideInstallWindow(this.deps.now(), this.window)) return;
    if (this.deps.inCall()) {
      log.info('an install moment came during a call; waiting for the call to end', { version: this.current.version });
      return;
    }
    log.info('installing an update inside the install window', { version: this.current.version });
    this.set({ ...this.current, state: 'installing' });
    try {
      // Silent, and the app starts again on the new version.
      this.deps.updater.quitAndInstall(true, true);
    } catch (error) {
      this.failed(error);
    }
  }

  private failed(error: unknown): void {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_MESSAGE);
    log.warn('update failed', { message });
    this.set({ ...this.current, state: 'error', percent: null, message, checkedAt: this.current.checkedAt ?? this.deps.now().toISOString() });
  }

  private set(state: UpdateState): void {
    this.current = state;
    this.announce();
  }

  private announce(): void {
    this.deps.events.emit('update.changed', this.status());
  }
}
