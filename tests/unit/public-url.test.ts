import { describe, expect, it } from 'vitest';
import { isLoopbackHost, isPlainLoopbackHostHeader, linkBase, publicUrlProblem, startupProblem } from '../../hub/src/http/public-url';

describe('the base URL of the links the hub hands out', () => {
  it('knows loopback hosts', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LocalHost', '::1', '[::1]', '0:0:0:0:0:0:0:1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'kep.example', '127.0.0.1.evil.example', '::ffff:127.0.0.1', '128.0.0.1', ''])
      expect(isLoopbackHost(host), host).toBe(false);
  });

  it('takes a Host header only when it is a plain loopback host and port', () => {
    for (const header of ['127.0.0.1:4300', '127.0.0.1', 'localhost:80', '[::1]:4300', '127.9.9.9:65535'])
      expect(isPlainLoopbackHostHeader(header), header).toBe(true);
    for (const header of [
      'kep.gov.gr@evil.example',
      '127.0.0.1@evil.example',
      'localhost@evil.example:80',
      '127.0.0.1:4300/x',
      '127.0.0.1:0',
      '127.0.0.1:65536',
      '127.0.0.256:80',
      '127.0.0.1 ',
      'evil.example',
      '[::1]x',
      '',
    ]) {
      expect(isPlainLoopbackHostHeader(header), header).toBe(false);
    }
  });

  it("builds links on publicUrl, or on a loopback hub's own loopback address, and refuses otherwise", () => {
    expect(linkBase('https://kep.example/live', '0.0.0.0', 'evil.example')).toEqual({ ok: true, base: 'https://kep.example/live' });
    expect(linkBase(undefined, '127.0.0.1', '127.0.0.1:4300')).toEqual({ ok: true, base: 'http://127.0.0.1:4300' });
    expect(linkBase(undefined, 'localhost', 'LOCALHOST:4300')).toEqual({ ok: true, base: 'http://localhost:4300' });
    for (const [listen, host] of [
      ['127.0.0.1', 'kep.gov.gr@evil.example'],
      ['127.0.0.1', 'kep.example'],
      ['127.0.0.1', undefined],
      ['0.0.0.0', '127.0.0.1:4300'],
    ] as const) {
      const base = linkBase(undefined, listen, host);
      expect(base.ok, `${listen} ${host}`).toBe(false);
      if (!base.ok) expect(base.message).toContain('set publicUrl');
    }
  });

  it('wants publicUrl plain and https, http only on loopback', () => {
    for (const url of ['https://kep.example', 'https://kep.example:8443/live/', 'http://127.0.0.1:4300', 'http://localhost:4300', 'http://[::1]:4300'])
      expect(publicUrlProblem(url), url).toBeNull();
    expect(publicUrlProblem('http://kep.example')).toMatch(/must be an https:\/\//);
    expect(publicUrlProblem('http://127.0.0.1.evil.example')).toMatch(/must be an https:\/\//);
    expect(publicUrlProblem('https://user:pass@kep.example')).toMatch(/plain address/);
    expect(publicUrlProblem('https://kep.example/?a=1')).toMatch(/plain address/);
    expect(publicUrlProblem('https://kep.example/#x')).toMatch(/plain address/);
    expect(publicUrlProblem('kep.example')).toMatch(/absolute URL/);
  });

  it('lets a hub listen beyond loopback only with an https publicUrl', () => {
    expect(startupProblem('127.0.0.1', undefined)).toBeNull();
    expect(startupProblem('::1', 'http://127.0.0.1:4300')).toBeNull();
    expect(startupProblem('0.0.0.0', 'https://kep.example')).toBeNull();
    expect(startupProblem('0.0.0.0', undefined)).toMatch(/listens on 0\.0\.0\.0, beyond this machine: set publicUrl/);
    expect(startupProblem('192.168.1.10', 'http://127.0.0.1:4300')).toMatch(/set publicUrl/);
    expect(startupProblem('127.0.0.1', 'http://kep.example')).toMatch(/must be an https:\/\//);
  });
});
