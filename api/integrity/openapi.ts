import { z } from 'zod';
import { Created, created, errors, json, ok, pageOf, problem, row, type Registry } from '../openapiParts';
import { CheckpointParams, PublicityQuery, RelativesReceivingQuery, StaffRelativeRequest, StaffRelativesQuery } from './schemas';

const Relative = z.object({
  staffUserId: z.string(), relative: z.object({ idNumber: z.string().nullable().describe('masked') }), relation: z.string(),
  registeredBy: z.string(), registeredAt: z.string(),
});
/** admin/checkpoints.ts SignedCheckpoint. */
const Checkpoint = z.object({
  checkpointId: z.string(), keyId: z.string(), signature: z.string().describe('Ed25519 over the UTF-8 bytes of manifest, base64'),
  manifest: z.string(), publicKeyPem: z.string().optional(),
});

export function registerIntegrityPaths(registry: Registry): void {
  registry.registerPath({
    method: 'post', path: '/admin/staff-relatives',
    summary: '近亲属备案 (ADMIN): put a relative of a staff member on record; that staff member is then refused (409 CONFLICT_OF_INTEREST) any step concerning the relative',
    request: { body: json(StaffRelativeRequest) },
    responses: {
      201: created('on record (the ID number answered masked)', Relative.extend(Created.shape), 'the staff member\'s relatives'),
      200: ok('already on record: nothing changed', Relative.extend(Created.shape)),
      400: errors[400],
      403: problem('only an ADMIN registers relatives'),
    },
  });
  registry.registerPath({
    method: 'get', path: '/admin/staff-relatives', summary: "A staff member's registered relatives (ADMIN; ID numbers masked)",
    request: { query: StaffRelativesQuery }, responses: { 200: ok('the relatives', z.object({ staffUserId: z.string(), relatives: z.array(Relative) })), 400: errors[400], 403: problem('only an ADMIN') },
  });
  registry.registerPath({
    method: 'get', path: '/publicity/enrolments.csv',
    summary: '公示: active enrolments under a township or county as CSV (UTF-8 with BOM): township, tier, household size, monthly amount in yuan, start date, applicant ID masked',
    request: { query: PublicityQuery },
    responses: { 200: { description: 'text/csv', content: { 'text/csv': { schema: { type: 'string' } } } }, 400: errors[400], 403: problem('region outside the principal\'s') },
  });
  registry.registerPath({
    method: 'get', path: '/integrity/relatives-receiving-assistance',
    summary: 'Registered relatives of staff whose household has an enrolment still paid (ACTIVE or GRADUAL_EXIT) under the region: staff, relation, masked ID, enrolment (county supervisors and auditors in scope; keyset pages: limit, next)',
    request: { query: RelativesReceivingQuery },
    responses: {
      200: ok('relatives receiving assistance', pageOf(row({
        staffUserId: z.string(), relation: z.string(), relative: row({ idNumber: z.string().nullable() }),
        enrolment: row({ enrolmentId: z.string(), tier: z.string(), tierLabel: z.string(), status: z.string(), monthlyAmountFen: z.number().int(), townshipCode: z.string() }),
      })).extend({ region: z.string() })),
      400: errors[400], 403: problem('not a supervisor or auditor'), 404: problem('region outside the principal\'s') },
  });
  registry.registerPath({
    method: 'post', path: '/admin/audit/checkpoints',
    summary: 'Sign a checkpoint of every audit chain head now (ADMIN; the audit-maintenance schedule signs one every hour)',
    responses: { 201: created('the signed checkpoint', Checkpoint, 'the checkpoint'), 403: problem('only an ADMIN') },
  });
  registry.registerPath({
    method: 'get', path: '/admin/audit/checkpoints/{id}',
    summary: 'Export a signed checkpoint (an id or "latest") for a higher-level bureau, with the public key of its signer (ADMIN)',
    request: { params: CheckpointParams },
    responses: { 200: ok('the signed checkpoint, with the public key of its signer when this service trusts it', Checkpoint), 400: errors[400], 404: errors[404], 403: problem('only an ADMIN') },
  });
}
