import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { caseIdFor, personRefFor } from '../../api/pseudonyms';

/** The pseudonyms are HMAC-SHA256 under the deployment's key: stored references depend on them never changing. */
it('computes HMAC-SHA256 of the typed value, for any key and value', () => {
  fc.assert(fc.property(fc.string({ minLength: 16, maxLength: 100 }), fc.string(), (key, id) =>
    personRefFor(key, id) === `p-${createHmac('sha256', key).update(`id\n${id}`).digest('hex').slice(0, 32)}`));
});

it('keeps the references already stored', () => {
  expect(personRefFor('pseudonym-key-of-the-demo-county', '430681196003045112')).toBe('p-cc830c0e84a6a84dedb062bedff8fefb');
  expect(caseIdFor('pseudonym-key-of-the-demo-county', 'DATA_MATCH', 'MEDICAL_COSTS:YB-1'))
    .toBe(`case-${createHmac('sha256', 'pseudonym-key-of-the-demo-county').update('DATA_MATCH\nMEDICAL_COSTS:YB-1').digest('hex').slice(0, 32)}`);
});
