import { describe, expect, it } from 'vitest';
import { enrolInputSchema } from '../../src-shared/contract/ipc';
import { HUB_ADDRESS_MESSAGES, hubAddressProblem } from '../../src-shared/domain/hub-address';
import { WorkstationLink } from '../../src-main/hub/workstation-link';
import { loadMachineConfig } from '../../src-main/config/machine-config';
import { makeTempDir } from '../support/temp-dir';

describe('hub address rule', () => {
  it('accepts https anywhere and http only to this computer', () => {
    for (const ok of [
      'https://hub.kep.gov.gr',
      'https://hub.kep.gov.gr:8443/base/',
      'http://127.0.0.1:4300',
      'http://127.9.8.7',
      'http://localhost:4300',
      'http://[::1]:1',
      ' https://hub.kep.gov.gr ',
    ]) {
      expect(hubAddressProblem(ok), ok).toBeNull();
    }
  });

  it('refuses http to any other host, lookalikes of loopback included', () => {
    for (const clear of [
      'http://hub.kep.gov.gr',
      'HTTP://hub.kep.gov.gr',
      'http://localhost.evil.com',
      'http://127.0.0.1.nip.io',
      'http://10.0.0.5:4300',
      'http://128.0.0.1',
      'http://[::2]',
      'http://[::ffff:127.0.0.1]',
    ]) {
      expect(hubAddressProblem(clear), clear).toBe('cleartext');
    }
  });

  it('refuses what is not an http(s) address', () => {
    for (const bad of [
      '',
      'hub.kep.gov.gr',
      'ftp://hub',
      'http:hub.kep.gov.gr',
      'https:/hub',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://user:pw@hub.kep.gov.gr',
    ]) {
      expect(hubAddressProblem(bad), bad).toBe('malformed');
    }
  });

  it('is the enrolment schema’s rule, with a message saying why', () => {
    expect(enrolInputSchema.safeParse({ hubUrl: 'http://127.0.0.1:4300', code: 'ABCD-EFGH-JKLM', label: 'Γκισέ 2' }).success).toBe(true);
    const refused = enrolInputSchema.safeParse({ hubUrl: 'http://hub.kep.gov.gr', code: 'ABCD-EFGH-JKLM', label: 'Γκισέ 2' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe(HUB_ADDRESS_MESSAGES.cleartext);
    expect(HUB_ADDRESS_MESSAGES.cleartext).toMatch(/https:\/\//);
  });

  it('is enforced by the workstation link whoever calls enrol, before anything is sent', async () => {
    const dir = makeTempDir();
    try {
      const link = new WorkstationLink(loadMachineConfig(dir.path, {}), dir.path, null);
      await expect(link.enrol('http://hub.kep.gov.gr', 'ABCD-EFGH-JKLM', 'Γκισέ 2')).rejects.toMatchObject({
        code: 'invalid_input',
        message: HUB_ADDRESS_MESSAGES.cleartext,
      });
      expect(link.endpoint()).toBeNull();
    } finally {
      dir.remove();
    }
  });
});
