import { Router } from 'express';
import type { EnrolmentTier } from '../../domain/applicationSchemas';
import { regionName } from '../../domain/regions';
import { ADMIN } from '../access';
import type { ApiDeps } from '../deps';
import { registerPerson } from '../persons';
import { decodeCursor, pageOf } from '../pagination';
import { route } from '../route';
import { auditRoutes } from './auditRoutes';
import { PublicityQuery, RelativesReceivingQuery, StaffRelativeRequest, StaffRelativesQuery } from './schemas';

export const TIER_LABELS: Record<EnrolmentTier, string> = {
  TEKUN: '特困人员',
  DIBAO: '低保',
  DIBIAN: '低保边缘',
  GANGZHI: '刚性支出困难',
  QITA: '其他困难人员',
};

interface RelativeRow {
  staff_user_id: string;
  id_number_masked: string;
  relation: string;
  registered_by: string;
  registered_at: Date;
}

const relativeView = (r: RelativeRow) => ({
  staffUserId: r.staff_user_id,
  relative: { idNumber: r.id_number_masked },
  relation: r.relation,
  registeredBy: r.registered_by,
  registeredAt: r.registered_at,
});

/** One CSV cell: quoted when it holds a separator, quote or line break; a leading formula character is neutralised. */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const yuan = (fen: number): string => `${Math.trunc(fen / 100)}.${String(Math.abs(fen % 100)).padStart(2, '0')}`;

/** 近亲属备案 (admin) and the 公示 export of active enrolments. */
export function integrityRouter(deps: ApiDeps): Router {
  const r = Router();
  const RELATIVES = `SELECT s.staff_user_id, p.id_number_masked, s.relation, s.registered_by, s.registered_at
                       FROM staff_relatives s JOIN persons p USING (person_ref)`;

  r.post('/admin/staff-relatives', route({ body: StaffRelativeRequest, actor: true }, () => ADMIN, async ({ body, actor }, _req, res) => {
    const { personRef } = await registerPerson(deps.db, deps.pseudonymKey, body.relativeIdNumber);
    const inserted = await deps.db.query(
      `INSERT INTO staff_relatives (staff_user_id, person_ref, relation, registered_by) VALUES ($1,$2,$3,$4)
       ON CONFLICT (staff_user_id, person_ref) DO NOTHING RETURNING 1`,
      [body.staffUserId, personRef, body.relation, actor.userId],
    );
    const [row] = await deps.db.query<RelativeRow>(`${RELATIVES} WHERE s.staff_user_id = $1 AND s.person_ref = $2`, [body.staffUserId, personRef]);
    // The staff member's relatives on record (there is no route of one relative: their ID number is not a path).
    if (inserted.length > 0) res.location(`admin/staff-relatives?staff=${encodeURIComponent(body.staffUserId)}`);
    res.status(inserted.length > 0 ? 201 : 200).json({ created: inserted.length > 0, ...relativeView(row!) });
  }));

  r.get('/admin/staff-relatives', route({ query: StaffRelativesQuery }, () => ADMIN, async ({ query }, _req, res) => {
    const rows = await deps.db.query<RelativeRow>(`${RELATIVES} WHERE s.staff_user_id = $1 ORDER BY s.registered_at, s.person_ref`, [query.staff]);
    res.json({ staffUserId: query.staff, relatives: rows.map(relativeView) });
  }));

  r.get('/publicity/enrolments.csv', route({ query: PublicityQuery }, ({ query }) => ({ kind: 'list', region: query.region }), async ({ query }, _req, res) => {
    const rows = await deps.db.query<{ township_code: string; tier: EnrolmentTier; size: string; monthly_amount_fen: string; start_on: string; masked: string }>(
      `SELECT coalesce(e.township_code, h.township_code) AS township_code, e.tier, e.monthly_amount_fen, e.start_on::text AS start_on,
              p.id_number_masked AS masked,
              greatest(1, (SELECT count(*) FROM household_members m WHERE m.household_id = e.household_id)) AS size
         FROM enrolments e JOIN households h USING (household_id) JOIN persons p ON p.person_ref = h.applicant_person_ref
        WHERE e.status = 'ACTIVE' AND starts_with(coalesce(e.township_code, h.township_code), $1)
        ORDER BY 1, e.start_on, e.enrolment_id`,
      [query.region],
    );
    const header = ['乡镇代码', '乡镇(街道)', '救助类别代码', '救助类别', '家庭人口', '月救助金额(元)', '起始日期', '申请人身份证号'];
    const lines = [header, ...rows.map((e) => [
      e.township_code, regionName(e.township_code) ?? '', e.tier, TIER_LABELS[e.tier] ?? e.tier, Number(e.size),
      yuan(Number(e.monthly_amount_fen)), e.start_on, e.masked,
    ])].map((cells) => cells.map(csvCell).join(','));
    res.status(200)
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="publicity-enrolments-${query.region}.csv"`)
      .send(`\uFEFF${lines.join('\r\n')}\r\n`);
  }));
  relativesReceivingAssistance(r, deps);
  auditRoutes(r, deps);
  return r;
}

interface ReceivingRow {
  staff_user_id: string;
  person_ref: string;
  relation: string;
  id_number_masked: string;
  enrolment_id: string;
  tier: EnrolmentTier;
  status: string;
  monthly_amount_fen: string;
  township_code: string;
}

/**
 * 近亲属备案 against the register: every registered relative of a staff member
 * who belongs to a household with an enrolment still paid (ACTIVE or
 * GRADUAL_EXIT) under the region — what a supervisor reviews for 人情保/关系保
 * (seeds 000, 001). Keyset-paginated by (staff, person, enrolment).
 */
function relativesReceivingAssistance(r: Router, deps: ApiDeps): void {
  r.get('/integrity/relatives-receiving-assistance', route({ query: RelativesReceivingQuery }, ({ query }) => ({ kind: 'audit', region: query.region }),
    async ({ query }, _req, res) => {
      const after = decodeCursor(query.next, 3) ?? ['', '', ''];
      const rows = await deps.db.query<ReceivingRow>(
        `SELECT s.staff_user_id, s.person_ref, s.relation, p.id_number_masked, e.enrolment_id, e.tier, e.status, e.monthly_amount_fen,
                coalesce(e.township_code, h.township_code) AS township_code
           FROM staff_relatives s
           JOIN persons p USING (person_ref)
           JOIN households h ON h.applicant_person_ref = s.person_ref
                             OR h.household_id IN (SELECT household_id FROM household_members m WHERE m.person_ref = s.person_ref)
           JOIN enrolments e ON e.household_id = h.household_id AND e.status IN ('ACTIVE', 'GRADUAL_EXIT')
          WHERE starts_with(coalesce(e.township_code, h.township_code), $1)
            AND (s.staff_user_id, s.person_ref, e.enrolment_id) > ($2, $3, $4)
          ORDER BY s.staff_user_id, s.person_ref, e.enrolment_id
          LIMIT $5`,
        [query.region, ...after, query.limit + 1],
      );
      res.json({
        region: query.region,
        ...pageOf(rows, query.limit, (x) => [x.staff_user_id, x.person_ref, x.enrolment_id], (x) => ({
          staffUserId: x.staff_user_id,
          relation: x.relation,
          relative: { idNumber: x.id_number_masked },
          enrolment: {
            enrolmentId: x.enrolment_id, tier: x.tier, tierLabel: TIER_LABELS[x.tier] ?? x.tier, status: x.status,
            monthlyAmountFen: Number(x.monthly_amount_fen), townshipCode: x.township_code,
          },
        })),
      });
    }));
}
