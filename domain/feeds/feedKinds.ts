import { z } from 'zod';
import type { Department } from '../vocabulary';
import { dateField, idNumberField, oneOf, optional, requiredText, yuanField, type Fields, type RowOf } from './fields';

/**
 * What each department sends (SPEC §2; seeds 000, 001, 003): the checked
 * fields of a row per feed kind and a stable source-row key (the department's own
 * record id), so the same row sent again is recognised. Every row names a
 * person by ID number and the township responsible.
 */

export const FeedKind = z.enum([
  'LOW_INCOME_REGISTRY', // 民政: 低收入人口库 (the county's existing registry)
  'MEDICAL_COSTS', // 医保: individual out-of-pocket medical costs per settlement
  'UNEMPLOYMENT', // 人社: unemployment registrations
  'DISABILITY', // 残联: disability certificates
  'STUDENTS', // 教育: students
  'DEATHS', // 公安/殡葬: deaths
  'HOUSEHOLD_CHANGES', // 公安: household-registration changes
  'DISASTER_LOSSES', // 应急: disaster losses
  'DANGEROUS_HOUSES', // 住建: dangerous-house appraisals
  'FANGFAN', // 农业农村: 防止返贫监测对象 (received, never computed)
]);
export type FeedKind = z.infer<typeof FeedKind>;

const person = { idNumber: idNumberField, townshipCode: requiredText(9) };

export const LowIncomeCategory = z.enum(['TEKUN', 'DIBAO', 'DIBIAN', 'GANGZHI', 'FANGFAN', 'QITA']);

/** What every kind makes of its row: the staged columns besides the person. */
export interface StagedFacts {
  key: string;
  eventDate: string | null;
  amountFen: number | null;
  attrs: Record<string, string | number> | null;
}

interface Spec<F extends Fields> {
  department: Department;
  label: string;
  fields: F;
  /** `ref` turns an ID number into its pseudonym (for a row that names a second person). */
  facts: (r: RowOf<F>, ref: (idNumber: string) => string) => StagedFacts;
  /** The rows name people who may not be on record yet: their ID numbers are registered (the registry, 防返贫). */
  registersPersons?: true;
}
const spec = <F extends Fields & typeof person>(s: Spec<F>) => s as unknown as Spec<Fields & typeof person>;

export const FEED_KINDS: Record<FeedKind, Spec<Fields & typeof person>> = {
  LOW_INCOME_REGISTRY: spec({
    department: 'CIVIL_AFFAIRS',
    label: '低收入人口库',
    registersPersons: true,
    fields: {
      ...person,
      householdIdNumber: idNumberField,
      relation: requiredText(16),
      category: oneOf(LowIncomeCategory.options),
      householdAnnualIncomeYuan: optional(yuanField),
    },
    // One registry row per person: the person's pseudonym is the key (set by the stager).
    facts: (r, ref) => ({
      key: '', eventDate: null, amountFen: r.householdAnnualIncomeYuan ?? null,
      attrs: { relation: r.relation, category: r.category, householdRef: ref(r.householdIdNumber) },
    }),
  }),
  MEDICAL_COSTS: spec({
    department: 'MEDICAL_INSURANCE',
    label: '医保个人自付医疗费用',
    fields: { settlementId: requiredText(), ...person, settledOn: dateField, outOfPocketYuan: yuanField },
    facts: (r) => ({ key: r.settlementId, eventDate: r.settledOn, amountFen: r.outOfPocketYuan, attrs: null }),
  }),
  UNEMPLOYMENT: spec({
    department: 'HUMAN_RESOURCES',
    label: '人社失业登记',
    fields: { registrationId: requiredText(), ...person, registeredOn: dateField },
    facts: (r) => ({ key: r.registrationId, eventDate: r.registeredOn, amountFen: null, attrs: null }),
  }),
  DISABILITY: spec({
    department: 'DISABLED_PERSONS_FEDERATION',
    label: '残联残疾人证',
    fields: { certificateNo: requiredText(), ...person, grade: oneOf(['1', '2', '3', '4']), issuedOn: dateField },
    facts: (r) => ({ key: r.certificateNo, eventDate: r.issuedOn, amountFen: null, attrs: { grade: Number(r.grade) } }),
  }),
  STUDENTS: spec({
    department: 'EDUCATION',
    label: '教育学生信息',
    fields: { studentNo: requiredText(), ...person, schoolYear: requiredText(9), stage: oneOf(['PRESCHOOL', 'PRIMARY', 'JUNIOR', 'SENIOR', 'VOCATIONAL', 'HIGHER']), enrolledOn: dateField },
    facts: (r) => ({ key: `${r.studentNo}:${r.schoolYear}`, eventDate: r.enrolledOn, amountFen: null, attrs: { stage: r.stage } }),
  }),
  DEATHS: spec({
    department: 'PUBLIC_SECURITY',
    label: '公安/殡葬死亡信息',
    fields: { noticeId: requiredText(), ...person, diedOn: dateField },
    facts: (r) => ({ key: r.noticeId, eventDate: r.diedOn, amountFen: null, attrs: null }),
  }),
  HOUSEHOLD_CHANGES: spec({
    department: 'PUBLIC_SECURITY',
    label: '公安户籍变动',
    fields: { changeId: requiredText(), ...person, changeType: oneOf(['MOVE_IN', 'MOVE_OUT', 'SPLIT', 'MERGE']), changedOn: dateField },
    facts: (r) => ({ key: r.changeId, eventDate: r.changedOn, amountFen: null, attrs: { changeType: r.changeType } }),
  }),
  DISASTER_LOSSES: spec({
    department: 'EMERGENCY_MANAGEMENT',
    label: '应急受灾损失',
    fields: { reportId: requiredText(), ...person, occurredOn: dateField, lossYuan: yuanField },
    facts: (r) => ({ key: r.reportId, eventDate: r.occurredOn, amountFen: r.lossYuan, attrs: null }),
  }),
  DANGEROUS_HOUSES: spec({
    department: 'HOUSING',
    label: '住建危房鉴定',
    fields: { appraisalId: requiredText(), ...person, rating: oneOf(['A', 'B', 'C', 'D']), appraisedOn: dateField },
    facts: (r) => ({ key: r.appraisalId, eventDate: r.appraisedOn, amountFen: null, attrs: { rating: r.rating } }),
  }),
  FANGFAN: spec({
    department: 'AGRICULTURE',
    label: '农业农村防止返贫监测对象',
    registersPersons: true,
    fields: { monitoringId: requiredText(), ...person, objectType: oneOf(['UNSTABLE', 'MARGINAL', 'SUDDEN_HARDSHIP']), identifiedOn: dateField },
    facts: (r) => ({ key: r.monitoringId, eventDate: r.identifiedOn, amountFen: null, attrs: { objectType: r.objectType } }),
  }),
};

/** Chinese column headers as department exports write them, for the fields of the kinds above. */
export const COLUMN_ALIASES: Record<string, string> = {
  身份证号: 'idNumber', 公民身份号码: 'idNumber', 乡镇代码: 'townshipCode', 户主身份证号: 'householdIdNumber', 与户主关系: 'relation',
  类别: 'category', 家庭年收入: 'householdAnnualIncomeYuan', 结算单号: 'settlementId', 结算日期: 'settledOn', 个人自付金额: 'outOfPocketYuan',
  登记编号: 'registrationId', 登记日期: 'registeredOn', 残疾人证号: 'certificateNo', 残疾等级: 'grade', 发证日期: 'issuedOn',
  学籍号: 'studentNo', 学年: 'schoolYear', 学段: 'stage', 入学日期: 'enrolledOn', 通知编号: 'noticeId', 死亡日期: 'diedOn',
  变动编号: 'changeId', 变动类型: 'changeType', 变动日期: 'changedOn', 报告编号: 'reportId', 受灾日期: 'occurredOn', 损失金额: 'lossYuan',
  鉴定编号: 'appraisalId', 鉴定等级: 'rating', 鉴定日期: 'appraisedOn', 监测编号: 'monitoringId', 监测对象类型: 'objectType', 识别日期: 'identifiedOn',
};

/** The columns a file of this kind must have (a file without one is malformed). */
export function requiredColumns(kind: FeedKind): string[] {
  const { fields } = FEED_KINDS[kind];
  return Object.keys(fields).filter((k) => fields[k]?.required);
}

export function kindsOf(department: Department): FeedKind[] {
  return FeedKind.options.filter((k) => FEED_KINDS[k].department === department);
}
