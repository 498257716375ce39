import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from '../../hub/src/http/request-target';

describe('the request path the hub routes on', () => {
  it('is the path as sent, with its query', () => {
    for (const raw of [
      '/health',
      '/api/v1/appointments?date=2026-11-30',
      '/api/v1/inbox',
      '/join/',
      '/join/assets/..%2fsecret.txt',
      '/api/v1/x?a=..\\b/../c',
    ]) {
      const target = parseRequestTarget(raw);
      expect(target.ok, raw).toBe(true);
      if (target.ok) expect(target.url.pathname + target.url.search, raw).toBe(raw);
    }
  });

  it('refuses what URL parsing would mend into another path', () => {
    for (const raw of [
      '/api/v1/inbox/documents/0b0f8a8e-6c39-4c0e-9a43-3f1b1c2d4e5f\\1',
      '/api/v1%5cworkstation',
      '/api/v1%5Cworkstation',
      '/join/../api/v1/workstation',
      '/api/v1/./workstation',
      '/api/v1/workstation/.',
      '/api/v1/%2e%2e/x',
      '/api/v1/.%2E/x',
      '/api/v1/%2E./x',
      '/api/v1/%2e/x',
      '//evil.example/api/v1/inbox',
      'http://evil.example/api/v1/inbox',
      'http://[bad',
      '*',
      '',
      undefined,
      '/join/a b',
      '/join/κ',
      '/join/#x',
    ]) {
      const target = parseRequestTarget(raw);
      expect(target.ok, String(raw)).toBe(false);
      if (!target.ok) expect(target.message).toMatch(/^This path is refused: /);
    }
  });
});
