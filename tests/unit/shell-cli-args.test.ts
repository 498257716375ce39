import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseShellArgs } from '../../src-main/shell/cli-args';

describe('browser shell command line', () => {
  it('takes the data directory, hub address, port, renderer and self-update', () => {
    expect(parseShellArgs(['--data-dir=/tmp/d', '--hub-url=http://127.0.0.1:4300', '--port=8080'])).toEqual({
      dataDir: '/tmp/d',
      hubUrl: 'http://127.0.0.1:4300',
      port: 8080,
      rendererDir: null,
      selfUpdate: false,
    });
    expect(parseShellArgs(['--data-dir', '/tmp/d', '--renderer-dir', '/r', '--self-update'])).toEqual({
      dataDir: '/tmp/d',
      hubUrl: null,
      port: 0,
      rendererDir: '/r',
      selfUpdate: true,
    });
  });

  it('refuses the hub credential as a flag and says where it goes instead', () => {
    for (const args of [
      ['--data-dir=/tmp/d', '--hub-token=secret-token-value'],
      ['--data-dir=/tmp/d', '--hub-token', 'secret-token-value'],
    ]) {
      expect(() => parseShellArgs(args)).toThrow(/--hub-token is not accepted.*KEP_HUB_TOKEN/);
    }
  });

  it('refuses what it does not know, and a missing data directory', () => {
    expect(() => parseShellArgs(['--data-dir=/tmp/d', '--nope'])).toThrow(/nope/);
    expect(() => parseShellArgs([])).toThrow(/--data-dir is required/);
    expect(() => parseShellArgs(['--data-dir=/tmp/d', '--port=http'])).toThrow(/--port must be a port number/);
  });

  it('exits with that message when started with --hub-token', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src-main/shell/cli.ts', '--data-dir=/nonexistent/kep', '--hub-token=secret-token-value'], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/--hub-token is not accepted.*KEP_HUB_TOKEN/);
  });
});
