import { z } from 'zod';
import type { CalendarDate } from './calendarDate';
import { calendarDate } from './vocabulary';
import { idNumberProblem } from './idNumber';

/**
 * The household of one application (共同生活的家庭成员, SPEC §1) as declared by
 * the applicant and verified by the township ("如实申报家庭收入状况、财产状况和
 * 家庭成员情况", 000_056401b5544f6075.txt, 001_9237fe14a555ec89.txt). One schema for the API and the tier engine.
 * Members carry no names: the ID number identifies them, and birth date and
 * sex are derived from it rather than asked for twice. Objects are strict, so
 * an extra field (a name, a phone number) is refused, not silently kept.
 */

const MAX_AMOUNT_FEN = 100_000_000_000; // 10亿元: keeps every sum a safe integer
const amountFen = z.number().int().min(0).max(MAX_AMOUNT_FEN).describe('amount in fen (分), integer');
const count = (max: number) => z.number().int().min(0).max(max);

export const idNumber = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((value, ctx) => {
    const problem = idNumberProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `not a valid citizen ID number (${problem})` });
  })
  .describe('公民身份号码 (GB 11643); birth date and sex are derived from it');

export const Relation = z.enum([
  'APPLICANT', // 申请人
  'SPOUSE', // 配偶
  'CHILD', // 子女
  'PARENT', // 父母
  'GRANDCHILD', // (外)孙子女
  'GRANDPARENT', // (外)祖父母
  'SIBLING', // 兄弟姐妹
  'OTHER',
]);
export type Relation = z.infer<typeof Relation>;

export const LabourCapacity = z.enum([
  'FULL', // 有劳动能力
  'PARTIAL', // 部分丧失劳动能力
  'NONE', // 无劳动能力
]);
export type LabourCapacity = z.infer<typeof LabourCapacity>;

/** 残疾等级 1–4 from the disability certificate (残疾人证); 1–2 is severe (重度残疾). */
export const DisabilityGrade = z.number().int().min(1).max(4);
export type DisabilityGrade = z.infer<typeof DisabilityGrade>;

export const SupportDuty = z.enum([
  'ELDER_SUPPORT', // 赡养 (children for parents)
  'CHILD_SUPPORT', // 抚养 (parents for children)
  'SPOUSAL_SUPPORT', // 扶养 (between spouses, siblings)
]);

/** A legal supporter (法定赡养、抚养、扶养义务人); whether they can support decides 特困 (000_056401b5544f6075.txt, 001_9237fe14a555ec89.txt). */
export const LegalSupporter = z.strictObject({
  duty: SupportDuty,
  ableToSupport: z.boolean().describe('false: 无赡养、抚养、扶养能力'),
});
export type LegalSupporter = z.infer<typeof LegalSupporter>;

export const HouseholdMember = z.strictObject({
  idNumber,
  relation: Relation.describe('relation to the applicant'),
  labourCapacity: LabourCapacity,
  disabilityGrade: DisabilityGrade.nullable().describe('null: no disability certificate'),
  seriousIllness: z.boolean().describe('重病患者'),
  student: z.boolean().describe('在校学生'),
  registeredUnemployed: z.boolean().describe('登记失业人员'),
  legalSupporters: z.array(LegalSupporter).max(20).describe('empty: 无法定义务人'),
});
export type HouseholdMember = z.infer<typeof HouseholdMember>;

export const IncomeKind = z.enum([
  'WAGES', // 工资性收入
  'BUSINESS', // 经营净收入
  'AGRICULTURE', // 农业生产经营收入
  'PROPERTY', // 财产净收入
  'TRANSFER', // 转移净收入
  'PENSION', // 养老金（职工养老保险等）
  'RESIDENT_BASIC_PENSION', // 城乡居民基本养老保险基础养老金 (may be excluded: 001_9237fe14a555ec89.txt item 21)
  'OTHER',
]);
export type IncomeKind = z.infer<typeof IncomeKind>;

export const IncomePeriod = z.enum(['MONTHLY', 'ANNUAL']);
export type IncomePeriod = z.infer<typeof IncomePeriod>;

export const IncomeItem = z.strictObject({
  kind: IncomeKind,
  amountFen,
  period: IncomePeriod,
  memberIndex: z.number().int().min(0).optional().describe('whose income; absent: the household as a whole'),
});
export type IncomeItem = z.infer<typeof IncomeItem>;

/** 家庭货币、车辆、房屋等财产 (000_056401b5544f6075.txt): just what the local asset limits compare. */
export const Assets = z.strictObject({
  financialAssetsFen: amountFen.describe('现金、存款、有价证券等货币财产合计'),
  vehicleCount: count(50).describe('机动车辆数'),
  anyNonEssentialVehicle: z.boolean().describe('是否有非生活必需车辆 (essential: 残疾人功能性补偿代步车、摩托车等)'),
  extraHousingUnits: count(50).describe('除唯一自住房外的房产套数'),
});
export type Assets = z.infer<typeof Assets>;

export const RigidExpenseKind = z.enum([
  'MEDICAL', // 医疗（医保报销后个人自付）
  'EDUCATION', // 教育
  'DISABILITY_REHABILITATION', // 残疾康复
]);
export type RigidExpenseKind = z.infer<typeof RigidExpenseKind>;

/** Necessary expenses of the last 12 months (刚性支出); per member, so the engine knows what illness or disability caused. */
export const RigidExpense = z.strictObject({
  kind: RigidExpenseKind,
  amountFen,
  memberIndex: z.number().int().min(0),
});
export type RigidExpense = z.infer<typeof RigidExpense>;

/** Facts for 其他困难人员 (001_9237fe14a555ec89.txt item 6), all optional: absent means none known. */
export const AssistanceHistory = z.strictObject({
  rejectedApplicationsOn: z.array(calendarDate).max(50).optional().describe('申请社会救助未通过的日期'),
  exitedAsImprovedOn: z.array(calendarDate).max(50).optional().describe('因家庭经济条件好转退出救助的日期'),
  hardshipWorker: z.boolean().optional().describe('工会建档的困难职工'),
});
export type AssistanceHistory = z.infer<typeof AssistanceHistory>;

export const Household = z
  .strictObject({
    members: z.array(HouseholdMember).min(1).max(30),
    incomes: z.array(IncomeItem).max(200),
    assets: Assets,
    rigidExpenses: z.array(RigidExpense).max(200).describe('last 12 months'),
    employmentCostsFen: amountFen.describe('必要的就业成本, last 12 months'),
    history: AssistanceHistory.optional(),
    antiPovertyMonitored: z
      .boolean()
      .optional()
      .describe('农业农村部门认定的防止返贫监测对象 (FANGFAN); received by data exchange, never computed here'),
  })
  .superRefine((household, ctx) => {
    const applicants = household.members.filter((m) => m.relation === 'APPLICANT').length;
    if (applicants !== 1) ctx.addIssue({ code: 'custom', path: ['members'], message: `exactly one APPLICANT is required, found ${applicants}` });
    const seen = new Set<string>();
    household.members.forEach((m, i) => {
      if (seen.has(m.idNumber)) ctx.addIssue({ code: 'custom', path: ['members', i, 'idNumber'], message: 'the same person is listed twice' });
      seen.add(m.idNumber);
    });
    const checkIndex = (list: 'incomes' | 'rigidExpenses', i: number, memberIndex: number | undefined) => {
      if (memberIndex !== undefined && memberIndex >= household.members.length) {
        ctx.addIssue({ code: 'custom', path: [list, i, 'memberIndex'], message: 'no such member' });
      }
    };
    household.incomes.forEach((item, i) => checkIndex('incomes', i, item.memberIndex));
    household.rigidExpenses.forEach((item, i) => checkIndex('rigidExpenses', i, item.memberIndex));
  });
export type Household = z.infer<typeof Household>;

/** Birth date from positions 7–14 of a valid ID number. */
export function birthDateOf(idNumber: string): CalendarDate {
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}

/** Sex from the sequence code (17th character): odd is male. */
export function sexOf(idNumber: string): 'MALE' | 'FEMALE' {
  return Number(idNumber[16]) % 2 === 1 ? 'MALE' : 'FEMALE';
}

/**
 * Age in completed years (周岁) on a date: one more year on each birthday. A
 * 29 February birthday is reached on 1 March in common years (the day after
 * the end of February, Civil Code art. 202 for a missing corresponding day).
 */
export function ageOn(birthDate: CalendarDate, on: CalendarDate): number {
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

export function isSeverelyDisabled(member: HouseholdMember): boolean {
  return member.disabilityGrade !== null && member.disabilityGrade <= 2;
}

// ---------------------------------------------------------------- legal supporters inside the household

export type SupportDuty = z.infer<typeof SupportDuty>;

/** A member of the same household who is a legal supporter of another member, and under which duty. */
export interface SupporterInHousehold {
  memberIndex: number;
  duty: SupportDuty;
}

/** 十八周岁以上的自然人为成年人 (Civil Code art. 17): national law, not local policy. */
export const ADULT_AGE = 18;

/**
 * Parents of member i among the members, from each one's relation to the
 * applicant. Only unambiguous links: the applicant's PARENTs are the parents
 * of the applicant and of the applicant's SIBLINGs; the APPLICANT and the
 * SPOUSE are the parents of the applicant's CHILDren (a step-parent who
 * raises a child has a parent's duties, Civil Code art. 1072). A GRANDCHILD's
 * parent or a PARENT's parent cannot be told from relations to the applicant.
 */
function parentsOf(members: readonly HouseholdMember[], i: number): number[] {
  const relation = members[i]?.relation;
  const parentRelations: readonly Relation[] =
    relation === 'APPLICANT' || relation === 'SIBLING' ? ['PARENT'] : relation === 'CHILD' ? ['APPLICANT', 'SPOUSE'] : [];
  return members.flatMap((m, j) => (j !== i && parentRelations.includes(m.relation) ? [j] : []));
}

/**
 * The legal supporters (法定赡养、抚养、扶养义务人) of member i who live in the
 * same household. The seeds name the three duties without listing who bears
 * them ("无法定赡养、抚养、扶养义务人，或者其法定义务人无赡养、抚养、扶养能力",
 * 000_056401b5544f6075.txt; 001_9237fe14a555ec89.txt item 2); who bears them is
 * the Civil Code's: 抚养 — parents of a minor child, or of an adult child who
 * cannot live independently, here one without labour capacity (arts. 26,
 * 1067); 扶养 — spouses of each other (art. 1059); 赡养 — adult children of
 * their parents (arts. 26, 1067). Grandparents' and siblings' duties
 * (arts. 1074, 1075) arise only when the nearer supporters are dead or
 * unable, which relations alone do not show, so they are not derived.
 */
export function supportersInHousehold(members: readonly HouseholdMember[], i: number, on: CalendarDate): SupporterInHousehold[] {
  const member = members[i];
  if (!member) return [];
  const age = (m: HouseholdMember) => ageOn(birthDateOf(m.idNumber), on);
  const dependentChild = age(member) < ADULT_AGE || member.labourCapacity === 'NONE';
  const parents = dependentChild ? parentsOf(members, i).map((j) => ({ memberIndex: j, duty: 'CHILD_SUPPORT' as const })) : [];
  const spouses = members.flatMap((m, j) =>
    (member.relation === 'APPLICANT' && m.relation === 'SPOUSE') || (member.relation === 'SPOUSE' && m.relation === 'APPLICANT')
      ? [{ memberIndex: j, duty: 'SPOUSAL_SUPPORT' as const }]
      : []);
  const adultChildren = members.flatMap((m, j) =>
    j !== i && age(m) >= ADULT_AGE && parentsOf(members, j).includes(i) ? [{ memberIndex: j, duty: 'ELDER_SUPPORT' as const }] : []);
  return [...parents, ...spouses, ...adultChildren];
}
