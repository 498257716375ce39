/**
 * `npm start` and `npm run shell`: run the desktop app (Electron) or the browser shell against
 * the configured hub, or, when no hub is configured, against an embedded local hub with demo
 * data (kept in .kep-dev/ so the demo day survives restarts).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startHub } from '../hub/src/server';
import { DEMO_CITIZENS } from '../hub/src/dev-oidc/demo-citizens';
import { startDevOidcProvider } from '../hub/src/dev-oidc/dev-provider';
import { freeLoopbackPort } from '../hub/src/dev-oidc/free-port';
import { DEMO_USERS, setUpDemo } from '../hub/src/seed/demo-setup';
import { demoCallNow } from '../hub/src/seed/demo-call';
import { DEMO_KEPS } from '../hub/src/seed/demo-keps';
import { joinUrl } from '../src-shared/protocol/hub-api';
import { formatAthensDate } from '../src-shared/domain/athens-time';
import { nextWorkingDay } from '../src-shared/domain/working-days';
import { createApp, PAGE_GRACE_MS } from '../src-main/app/create-app';
import { APP_VERSION } from '../src-main/app/version';
import { loadMachineConfig } from '../src-main/config/machine-config';
import { DEFAULT_RENDERER_DIR, startBrowserShell } from '../src-main/shell/browser-shell';
import { startDemoMailbox } from './demo-mailbox';

const mode = process.argv[2];
const root = resolve(__dirname, '..');
const devDir = join(root, '.kep-dev');
const appDataDir = join(devDir, mode === 'shell' ? 'shell-app' : 'electron-app');

/** The demo staff's password, printed at start; the embedded hub is for trying the app only. */
const DEMO_PASSWORD = 'kep-demo-2026';

async function embeddedHub(): Promise<{ url: string; token: string; close(): Promise<void> }> {
  const hubDir = join(devDir, 'hub');
  const mailDir = join(devDir, 'mail');
  const mailbox = await startDemoMailbox(mailDir);
  // The hub's port comes first: the local sign-in provider must know the hub's callback address.
  const port = Number(process.env.KEP_HUB_PORT ?? 0) || (await freeLoopbackPort());
  const clientId = 'kep-demo-hub';
  const clientSecret = randomBytes(24).toString('base64url');
  const provider = await startDevOidcProvider({ clients: [{ clientId, clientSecret, redirectUris: [`http://127.0.0.1:${port}/book/callback`] }] });
  const hub = await startHub({
    dataDir: hubDir,
    port,
    config: {
      citizenSignIn: {
        issuer: provider.issuer,
        clientId,
        clientSecret,
        scope: 'openid profile',
        claims: { afm: 'afm', firstName: 'given_name', lastName: 'family_name' },
      },
      smtp: {
        host: '127.0.0.1',
        port: mailbox.port,
        secure: false,
        requireTLS: false,
        tlsRejectUnauthorized: true,
        from: 'ΚΕΠ myKEPlive (demo) <no-reply@kep.invalid>',
      },
    },
  });
  const today = formatAthensDate(new Date());
  const demo = await setUpDemo(hub.store, [today, nextWorkingDay(today)], DEMO_PASSWORD);
  // The workstation keeps one credential across restarts, like an enrolled one.
  const credentialFile = join(devDir, 'demo-workstation.json');
  if (!existsSync(credentialFile)) {
    writeFileSync(credentialFile, JSON.stringify({ token: demo.tokens[DEMO_KEPS[0]?.id ?? ''] }), { mode: 0o600 });
  }
  const { token } = JSON.parse(readFileSync(credentialFile, 'utf8')) as { token: string };
  console.log(`Embedded demo hub at ${hub.url} (data in ${hubDir}); e-mail dispatches land in ${mailDir}`);
  console.log(`Sign in as ${DEMO_USERS.map((u) => `${u.username} (${u.role})`).join(', ')} with the password ${DEMO_PASSWORD}`);
  // A booking that can be called now, and the citizen's side of it, to try the call end to end.
  const call = demoCallNow(hub.store, DEMO_KEPS[0]!);
  console.log(
    `Try a call: open this citizen link in a browser (another window or device), then call ${call.appointment.citizen.firstName} ${call.appointment.citizen.lastName} from the lobby:\n  ${joinUrl(hub.url, call.citizenToken)}`,
  );
  const citizen = DEMO_CITIZENS[0]!;
  console.log(
    `Book as a citizen: open ${hub.url}/book and sign in as ${citizen.username} / ${citizen.password} (also ${DEMO_CITIZENS.slice(1)
      .map((c) => `${c.username} / ${c.password}`)
      .join(', ')}); the booking e-mails land in ${mailDir}`,
  );
  return {
    url: hub.url,
    token,
    close: async () => {
      await hub.close();
      await provider.close();
      await mailbox.close();
    },
  };
}

async function main(): Promise<void> {
  if (mode !== 'electron' && mode !== 'shell') throw new Error('usage: start.ts electron|shell');
  mkdirSync(devDir, { recursive: true });
  const configured = loadMachineConfig(appDataDir);
  const hub = configured.hubUrl && configured.workstationToken ? null : await embeddedHub();
  const env = { ...process.env, ...(hub ? { KEP_HUB_URL: hub.url, KEP_HUB_TOKEN: hub.token } : {}) };

  if (mode === 'electron') {
    const child = spawn('npx', ['electron-vite', 'dev'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...env, KEP_DATA_DIR: appDataDir },
    });
    child.on('exit', (code) => void (hub?.close() ?? Promise.resolve()).then(() => process.exit(code ?? 0)));
    return;
  }

  const app = createApp({ dataDir: appDataDir, config: loadMachineConfig(appDataDir, env), version: APP_VERSION });
  const shell = await startBrowserShell({ app, rendererDir: DEFAULT_RENDERER_DIR, port: Number(process.env.KEP_SHELL_PORT ?? 0) });
  app.start({ afterFirstDay: PAGE_GRACE_MS });
  console.log(`\nKEP Live Desk (browser shell) is running. Open this address in Chromium:\n\n  ${shell.url}\n\nStop with Ctrl+C.`);
  process.once('SIGINT', () => {
    void shell.close().then(async () => {
      app.close();
      await hub?.close();
      process.exit(0);
    });
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
