import { test as base, expect, type Page } from '@playwright/test';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import type { Appointment } from '../../src-shared/domain/appointment';
import { appointmentsResponseSchema } from '../../src-shared/protocol/hub-api';
import { msUntilAwayFromMidnight } from '../support/booking';
import { runToEnd, startProcess, type StartedProcess } from '../support/processes';
import { makeTempDir } from '../support/temp-dir';

export const KEP = DEMO_KEPS[0]!;
export const OTHER_KEPS = DEMO_KEPS.slice(1);
export const PASSWORD = 'kep-e2e-password';
export const EMPLOYEE = { username: 'maria', name: 'Μαρία Παπαδοπούλου' };
export const IT = { username: 'tech', name: 'Γιώργος Τεχνικός' };

/** A real hub process with demo data, seeded and enrolled through its own CLI. */
export class HubProcess {
  private process: StartedProcess | null = null;
  private lastUrl = '';
  readonly tokens: Record<string, string> = {};

  constructor(readonly dataDir: string) {}

  /** Demo bookings, staff and a workstation per KEP, through the hub's own CLI. */
  async prepare(): Promise<void> {
    const out = await runToEnd('hub/src/cli.ts', ['demo-setup', '--data-dir', this.dataDir], PASSWORD);
    Object.assign(this.tokens, (JSON.parse(out) as { tokens: Record<string, string> }).tokens);
  }

  async start(port = 0): Promise<string> {
    this.process = await startProcess('hub/src/cli.ts', ['serve', '--data-dir', this.dataDir, '--port', String(port)]);
    this.lastUrl = String(this.process.ready.url);
    return this.lastUrl;
  }

  /** Where the hub listens, or listened before it was stopped. */
  get url(): string {
    return this.lastUrl;
  }

  async stop(): Promise<void> {
    await this.process?.stop();
    this.process = null;
  }

  /** A one-time enrolment code, as IT would create it. */
  async enrolmentCode(kepId: string): Promise<string> {
    const out = await runToEnd('hub/src/cli.ts', ['enrolment-code', '--data-dir', this.dataDir, '--kep', kepId]);
    return (JSON.parse(out) as { code: string }).code;
  }

  /** What the hub itself says a KEP's day is. */
  async appointments(kepId: string, date: string): Promise<Appointment[]> {
    const res = await fetch(`${this.url}/api/v1/appointments?date=${date}`, { headers: { authorization: `Bearer ${this.tokens[kepId]}` } });
    return appointmentsResponseSchema.parse(await res.json()).appointments;
  }
}

/** The app's main services behind the browser shell, in its own process with its own data directory. */
export class AppProcess {
  private process: StartedProcess | null = null;

  constructor(readonly dataDir: string) {}

  async start(hubUrl: string, token: string, extraArgs: string[] = []): Promise<string> {
    // The credential goes in the environment: a command line is visible to everyone (ps).
    this.process = await startProcess('src-main/shell/cli.ts', [`--data-dir=${this.dataDir}`, `--hub-url=${hubUrl}`, ...extraArgs], { KEP_HUB_TOKEN: token });
    return String(this.process.ready.url);
  }

  async stop(): Promise<void> {
    await this.process?.stop();
    this.process = null;
  }
}

export interface Fixtures {
  /** Set up before the others: the test starts at least 20 minutes from Athens midnight (msUntilAwayFromMidnight). */
  awayFromMidnight: void;
  hub: HubProcess;
  desk: AppProcess;
  /** Opens the app for this test's desk against this test's hub, as the demo KEP's workstation, signed in as its employee. */
  openApp(page: Page): Promise<void>;
}

/** Signs in through the sign-in screen, as a person would. */
export async function signIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.getByLabel('Όνομα χρήστη').fill(username);
  await page.getByLabel('Κωδικός πρόσβασης').fill(password);
  await page.getByRole('button', { name: 'Είσοδος' }).click();
}

export const test = base.extend<Fixtures>({
  awayFromMidnight: [
    async ({}, use, testInfo) => {
      const wait = msUntilAwayFromMidnight();
      if (wait > 0) {
        console.log(`${testInfo.title}: waits ${Math.ceil(wait / 1000)} s, until Athens midnight is 20 minutes away`);
        testInfo.setTimeout(testInfo.timeout + wait);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
      await use();
    },
    { auto: true },
  ],
  hub: async ({}, use) => {
    const dir = makeTempDir('kep-e2e-hub-');
    const hub = new HubProcess(dir.path);
    await hub.prepare();
    await hub.start();
    await use(hub);
    await hub.stop();
    dir.remove();
  },
  desk: async ({}, use) => {
    const dir = makeTempDir('kep-e2e-app-');
    const desk = new AppProcess(dir.path);
    await use(desk);
    await desk.stop();
    dir.remove();
  },
  openApp: async ({ hub, desk }, use) => {
    await use(async (page) => {
      const url = await desk.start(hub.url, hub.tokens[KEP.id] as string);
      await page.goto(url);
      await signIn(page, EMPLOYEE.username);
      await expect(page.getByTestId('user')).toContainText(EMPLOYEE.name);
    });
  },
});

export { expect };
