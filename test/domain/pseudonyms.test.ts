import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { personRefFor } from '../../api/pseudonyms';

/** The pseudonyms are HMAC-SHA256 (computed from cached key pads): the same as createHmac, for any key and value. */
it('computes the same keyed hash as createHmac', () => {
  fc.assert(fc.property(fc.string({ minLength: 16, maxLength: 100 }), fc.string(), (key, id) =>
    personRefFor(key, id) === `p-${createHmac('sha256', key).update(`id\n${id}`).digest('hex').slice(0, 32)}`));
});
