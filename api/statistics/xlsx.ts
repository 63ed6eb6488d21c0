import ExcelJS from 'exceljs';
import { label } from './labels';
import type { MonthlyStatistics, ScopeStatistics } from './monthly';

type Cell = string | number | null;
interface Section {
  title: string;
  headers: string[];
  rows: (s: ScopeStatistics) => Cell[][];
}

const yuan = (fen: number) => fen / 100;

/** The 月报's sections: each a table with one block of rows per township, then the region's total (合计). */
const SECTIONS: Section[] = [
  {
    title: '一、预警核查',
    headers: ['预警线索', '按期核实', '逾期核实', '逾期未核实', '回避拒绝'],
    rows: (s) => [[s.warnings.total, s.verification.onTime, s.verification.late, s.verification.openPastDue, s.conflictRefusals]],
  },
  { title: '二、预警来源', headers: ['来源', '规则', '线索数'], rows: (s) => s.warnings.bySource.map((w) => [label(w.source), w.rule ?? '—', w.count]) },
  { title: '三、分类处置', headers: ['处置结果', '件数'], rows: (s) => s.disposals.map((d) => [label(d.outcome), d.count]) },
  {
    title: '四、部门转介',
    headers: ['转介部门', '转介数', '办结数', '办结率', '办结工作日（中位数）'],
    rows: (s) => s.referrals.map((r) => [label(r.department), r.opened, r.closed, r.closureRate, r.medianWorkingDays]),
  },
  {
    title: '五、救助对象',
    headers: ['类别', '申请', '纳入', '复核', '渐退', '退出'],
    rows: (s) => s.assistance.map((a) => [label(a.tier), a.applications, a.enrolments, a.reviews, a.gradualExits, a.exits]),
  },
  { title: '六、资金支出', headers: ['类别', '笔数', '金额（元）'], rows: (s) => s.payments.map((p) => [label(p.kind), p.count, yuan(p.amountFen)]) },
  {
    title: '七、急难救助',
    headers: ['先行救助（笔）', '先行救助（元）', '审批救助（笔）', '审批救助（元）'],
    rows: (s) => [[s.emergencies.firstAided, yuan(s.emergencies.firstAidFen), s.emergencies.approved, yuan(s.emergencies.approvedFen)]],
  },
];

/** The 月报 as an XLSX workbook (one sheet, Chinese headers). */
export async function monthlyWorkbook(stats: MonthlyStatistics): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'aidloop';
  const ws = wb.addWorksheet('月报');
  const [year, month] = stats.month.split('-');
  ws.addRow([`${stats.regionName ?? stats.region} 社会救助工作月报（${year}年${Number(month)}月）`]).font = { bold: true, size: 14 };
  ws.addRow([`统计区间：${stats.from} 至 ${stats.asOf}　区划代码：${stats.region}`]);
  const scopes: [string, ScopeStatistics][] = [
    ...stats.townships.map((t): [string, ScopeStatistics] => [t.townshipName ?? t.townshipCode, t]),
    ['合计', stats.total],
  ];
  for (const section of SECTIONS) {
    ws.addRow([]);
    ws.addRow([section.title]).font = { bold: true };
    const header = ws.addRow(['乡镇（街道）', ...section.headers]);
    header.font = { bold: true };
    header.eachCell((c) => { c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } }; });
    for (const [name, s] of scopes) {
      const rows = section.rows(s);
      for (const row of rows.length ? rows : [section.headers.map(() => null)]) {
        const added = ws.addRow([name, ...row]);
        if (name === '合计') added.font = { bold: true };
      }
    }
  }
  ws.columns.forEach((col, i) => { col.width = i === 0 ? 18 : 16; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
