import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { portableSha1Base64 } from './community-id';

// Under Node the Community ID hashes with node:crypto; elsewhere with
// @noble/hashes. Both must give the same digest.
test('the portable SHA-1 gives the digest node:crypto gives', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), data => {
      expect(portableSha1Base64(data)).toBe(createHash('sha1').update(data).digest('base64'));
    }),
    { seed: 17, numRuns: 2000 },
  );
});
