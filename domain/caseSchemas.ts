import { z } from 'zod';
import { isCalendarDate } from './calendarDate';

/**
 * The vocabulary of one warning's closed loop (线上预警—线下核查—救助帮扶—结果反馈,
 * SPEC §3; seeds 000, 003, 004) and the payload of every human step. These zod
 * schemas are the single source of truth: the API validates with them, the
 * machine and workflow use the inferred types, OpenAPI is generated from them.
 */

export const calendarDate = z.string().refine(isCalendarDate, { message: 'must be a calendar date YYYY-MM-DD', abort: true });

/** Where a warning came from (SPEC §2). */
export const WarningSource = z.enum([
  'PROVINCIAL_CLUE', // 省级预警线索
  'DATA_MATCH', // 大数据比对
  'FIELD_VISIT', // 铁脚板摸排
  'DEPARTMENT_PUSH', // 部门推送
  'APPLICATION', // 个人申请（含村/社区代为申请）
]);
export type WarningSource = z.infer<typeof WarningSource>;

/** Kind of hardship the warning signals, after the department feeds of SPEC §2. */
export const HardshipType = z.enum([
  'MEDICAL', // 大病、大额医疗费用
  'EDUCATION', // 家庭经济困难学生
  'UNEMPLOYMENT', // 登记失业
  'HOUSING', // 住房困难
  'DISASTER', // 受灾
  'DISABILITY', // 重度残疾
  'HARDSHIP_WORKER', // 困难职工
  'RETURN_TO_POVERTY_RISK', // 防返贫监测预警
  'DEATH_IN_HOUSEHOLD', // 死亡
  'INCOME_DROP', // 收入骤减
  'OTHER',
]);
export type HardshipType = z.infer<typeof HardshipType>;

/** Departments that own a kind of assistance (seed 003 四、职责分工). */
export const Department = z.enum([
  'MEDICAL_INSURANCE', // 医保
  'HEALTH', // 卫健
  'EDUCATION', // 教育（教体）
  'HUMAN_RESOURCES', // 人社
  'HOUSING', // 住建
  'EMERGENCY_MANAGEMENT', // 应急
  'DISABLED_PERSONS_FEDERATION', // 残联
  'AGRICULTURE', // 农业农村
  'TRADE_UNION', // 总工会
  'WATER_RESOURCES', // 水利
  'CIVIL_AFFAIRS', // 民政
  'PUBLIC_SECURITY', // 公安 (户籍、死亡信息)
]);
export type Department = z.infer<typeof Department>;

/** A referral goes to a department (转介/转办) or starts an application (协助申办). */
export const ReferralTarget = z.union([Department, z.literal('APPLICATION')]);
export type ReferralTarget = z.infer<typeof ReferralTarget>;

/** Classified disposal after verification (分类处置, SPEC §3.3). */
export const DisposalOutcome = z.enum([
  'DELIVER_POLICY', // 已救助但政策未落实或有新需求 → 落实政策
  'MAY_QUALIFY', // 可能符合条件 → 协助申办或转介
  'NO_LONGER_QUALIFIES', // 可能不再符合 → 按程序终止
  'COMPLEX', // 困难情形复杂 → 一事一议
  'NO_CHANGE', // 核实无变化 → 结案
]);
export type DisposalOutcome = z.infer<typeof DisposalOutcome>;

/** Kinds of assistance a township records itself (SPEC §4). */
export const AssistanceMeasure = z.enum([
  'BASIC_LIVING', // 基本生活救助
  'MEDICAL', // 医疗救助
  'EDUCATION', // 教育救助
  'HOUSING', // 住房救助
  'EMPLOYMENT', // 就业救助
  'DISASTER', // 受灾人员救助
  'HEATING', // 采暖救助
  'TEMPORARY', // 临时救助
  'SERVICE', // 服务类救助
  'CHARITY', // 慈善帮扶
  'OTHER',
]);

export const ItemResult = z.enum([
  'DELIVERED', // 已落实
  'NOT_ELIGIBLE', // 经审核不符合
  'DECLINED', // 本人放弃
]);

const text = (max: number) => z.string().trim().min(1).max(max);
const amountFen = z.number().int().nonnegative().describe('amount in fen (分), integer');

export const VerifyInput = z.object({
  visitedOn: calendarDate.describe('date of the on-site visit (入户核实)'),
  findings: text(4000),
});

const disposalFields = {
  reason: text(2000),
  referTo: ReferralTarget.optional().describe('required for MAY_QUALIFY'),
  need: text(1000).optional().describe('what the referral asks for'),
  monitoringContinues: z.boolean().optional().describe('required for NO_LONGER_QUALIFIES (seed 001 item 13)'),
};

type DisposalFields = { outcome: DisposalOutcome; referTo?: unknown; monitoringContinues?: boolean | undefined };

function requireOutcomeFields(value: DisposalFields, ctx: z.RefinementCtx): void {
  if (value.outcome === 'MAY_QUALIFY' && value.referTo === undefined) {
    ctx.addIssue({ code: 'custom', path: ['referTo'], message: 'MAY_QUALIFY needs referTo: a department or APPLICATION' });
  }
  if (value.outcome === 'NO_LONGER_QUALIFIES' && value.monitoringContinues === undefined) {
    ctx.addIssue({ code: 'custom', path: ['monitoringContinues'], message: 'NO_LONGER_QUALIFIES needs monitoringContinues' });
  }
}

export const DisposeInput = z.object({ outcome: DisposalOutcome, ...disposalFields }).superRefine(requireOutcomeFields);

/** The county's collective decision (一事一议) leads to one of the other outcomes. */
export const DeliberateInput = z
  .object({ outcome: DisposalOutcome.exclude(['COMPLEX']), minutes: text(4000), ...disposalFields })
  .superRefine(requireOutcomeFields);

export const ReferInput = z.object({ referTo: ReferralTarget, need: text(1000) });

export const RecordAssistanceInput = z.object({
  measure: AssistanceMeasure,
  description: text(1000),
  amountFen: amountFen.optional(),
});

export const ReportResultInput = z.object({
  itemId: z.string().min(1).max(20),
  result: ItemResult,
  note: text(2000),
  amountFen: amountFen.optional(),
});

export const FeedbackInput = z.object({
  summary: text(4000).describe('the result reported to the county/city bureau; annotated on a provincial clue'),
});

export type VerifyInput = z.infer<typeof VerifyInput>;
export type DisposeInput = z.infer<typeof DisposeInput>;
export type DeliberateInput = z.infer<typeof DeliberateInput>;
export type ReferInput = z.infer<typeof ReferInput>;
export type RecordAssistanceInput = z.infer<typeof RecordAssistanceInput>;
export type ReportResultInput = z.infer<typeof ReportResultInput>;
export type FeedbackInput = z.infer<typeof FeedbackInput>;

/** Who did it: every step records the acting user and region (SPEC §7). */
export const Actor = z.object({
  userId: text(64),
  regionCode: z.string().regex(/^\d{2}(\d{2}){0,2}(\d{3})?$/, 'must be a region code of 2, 4, 6 or 9 digits'),
  /** The role the step was taken in (from the bearer token); absent for the system's own steps. */
  role: z.string().optional(),
});
export type Actor = z.infer<typeof Actor>;
