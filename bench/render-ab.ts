/**
 * `tsx bench/render-ab.ts DIR_A DIR_B`: bench:sync's render figures for two built renderers at
 * once, taking turns, so that a busy machine weighs on both alike. Each renderer directory (an
 * out/renderer) is served by its own browser shell against one hub, each shell with its own KEP
 * of the same size; every round times a few sign-ins and reloads of A, then of B.
 *
 * Settings (environment): AB_ROWS (1000), AB_ROUNDS (6), AB_SIGNINS (2), AB_RELOADS (3).
 * Last line: {"bench": "render-ab", a: {...}, b: {...}} with each figure's median over all samples.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from '@playwright/test';
import { formatAthensDate } from '../src-shared/domain/athens-time';
import { type BenchChild, startTsProcess } from './lib/child-process';
import { startRenderShell } from './lib/render-shell';
import { setting } from './lib/settings';
import { prepareSyncHub, type SyncBenchKep } from './lib/sync-fixture';
import { launchChromium, measureRender, type RenderSample } from './lib/sync-render';
import { round, summarize } from './lib/stats';

const ROOT = resolve(__dirname, '..');
const FIGURES = ['rowsMs', 'askedToRowsMs', 'answerToRowsMs'] as const;

function summary(samples: readonly RenderSample[]): Record<string, number> {
  return Object.fromEntries(FIGURES.map((f) => [f, round(summarize(samples.map((s) => s[f]).filter((v) => Number.isFinite(v))).p50, 1)]));
}

/** measureRender leaves its person signed in (main keeps the session): the next round starts at the sign-in. */
async function signOut(browser: Browser, url: string): Promise<void> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.getByRole('button', { name: 'Αποσύνδεση' }).click();
    await page.getByRole('button', { name: 'Είσοδος' }).waitFor();
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const dirs = process.argv.slice(2).map((d) => resolve(d));
  if (dirs.length !== 2) throw new Error('usage: tsx bench/render-ab.ts DIR_A DIR_B (two built renderers)');
  const rows = setting('AB_ROWS', 1000, 1);
  const rounds = setting('AB_ROUNDS', 6, 1);
  const runs = { signIns: setting('AB_SIGNINS', 2, 1), reloads: setting('AB_RELOADS', 3, 0), scroll: false, timeoutMs: 30_000 };
  const work = mkdtempSync(join(tmpdir(), 'kep-render-ab-'));
  const children: BenchChild[] = [];
  const load = [loadavg()[0] ?? 0];
  try {
    const hubDir = join(work, 'hub');
    mkdirSync(hubDir);
    const keps = await prepareSyncHub(hubDir, formatAthensDate(new Date()), [rows, rows]);
    const hub = await startTsProcess('hub/src/cli.ts', ['serve', '--data-dir', hubDir, '--port', '0'], { cwd: ROOT, logFile: join(work, 'hub.log') });
    children.push(hub);
    const shells: Array<{ url: string; kep: SyncBenchKep }> = [];
    for (const [i, dir] of dirs.entries()) {
      const kep = keps[i] as SyncBenchKep;
      const shell = await startRenderShell(join(work, `shell-${i}`), join(work, `shell-${i}.log`), String(hub.ready.url), kep, dir);
      children.push(shell);
      shells.push({ url: String(shell.ready.url), kep });
    }
    const browser = await launchChromium();
    const samples = dirs.map(() => ({ signIn: [] as RenderSample[], reload: [] as RenderSample[] }));
    try {
      for (let r = 0; r < rounds; r += 1) {
        for (const [i, shell] of shells.entries()) {
          const result = await measureRender(browser, shell.url, shell.kep, runs);
          // A context's first sign-in loads the page's code cold: left out, as bench:sync's p50 leaves it behind.
          samples[i]?.signIn.push(...result.signIn.slice(r === 0 ? 1 : 0));
          samples[i]?.reload.push(...result.reload);
          await signOut(browser, shell.url);
        }
        load.push(loadavg()[0] ?? 0);
      }
    } finally {
      await browser.close();
    }
    const out = Object.fromEntries(
      samples.map((s, i) => [i === 0 ? 'a' : 'b', { signIn: summary(s.signIn), reload: summary(s.reload), n: [s.signIn.length, s.reload.length] }]),
    );
    for (const [name, figures] of Object.entries(out)) console.log(`${name} ${dirs[name === 'a' ? 0 : 1]}: ${JSON.stringify(figures)}`);
    console.log(`load average (1 min) ${load.map((l) => round(l, 1)).join(', ')} on 2 cores`);
    console.log(JSON.stringify({ bench: 'render-ab', rows, rounds, ...out, load: round(Math.max(...load), 1) }));
  } finally {
    for (const child of children.reverse()) await child.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
