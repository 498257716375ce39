import { describe, expect, it } from 'vitest';
import { isStagedIn, stagingBucket } from '../../hub/src/updates/staging';
import { compareVersions } from '../../src-shared/protocol/version-order';

describe('the order of versions', () => {
  it('is semantic-version order: numbers as numbers, a pre-release before its release', () => {
    const sorted = ['1.10.0', '1.2.0', '1.2.0-beta.2', '1.2.0-beta.10', '1.2.0-alpha', '0.9.9', '1.2.1', '1.2.0-beta'].sort(compareVersions);
    expect(sorted).toEqual(['0.9.9', '1.2.0-alpha', '1.2.0-beta', '1.2.0-beta.2', '1.2.0-beta.10', '1.2.0', '1.2.1', '1.10.0']);
    expect(compareVersions('1.4.0', '1.4.0')).toBe(0);
  });
});

describe('staging', () => {
  it('puts a workstation in a fixed bucket per version, so it stays in as the percentage rises', () => {
    const bucket = stagingBucket('6f1c2f0e-9a43-4f6b-8f1e-2d7c1a3b5e90', '1.4.0');
    expect(bucket).toBe(stagingBucket('6f1c2f0e-9a43-4f6b-8f1e-2d7c1a3b5e90', '1.4.0'));
    for (let percent = 0; percent <= 100; percent += 1) expect(isStagedIn('6f1c2f0e-9a43-4f6b-8f1e-2d7c1a3b5e90', '1.4.0', percent)).toBe(bucket < percent);
    expect(isStagedIn('any', '1.4.0', 100)).toBe(true);
    expect(isStagedIn('any', '1.4.0', 0)).toBe(false);
  });
});
