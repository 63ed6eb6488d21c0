import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { download, get, post, principal, query, rowsOf, signIn, signOut, token } from './api.js';
import { bodySchema, fieldsOf, valuesOf } from './forms.js';
import { label, loadLabels } from './labels.js';
import { html } from './ui.js';

const ROLE = { TOWNSHIP_STAFF: '乡镇经办', COUNTY_SUPERVISOR: '县级督办', DEPARTMENT_OFFICER: '部门经办', AUDITOR: '审计监督', ADMIN: '管理员' };
/** Where each kind of subject lives in the API. */
const BASE = { CASE: 'cases', APPLICATION: 'applications', ENROLMENT: 'enrolments', EMERGENCY: 'emergencies', EXCHANGE: 'exchanges' };
const TYPE = { CASE: '预警', APPLICATION: '申请', ENROLMENT: '救助对象', EMERGENCY: '急难', EXCHANGE: '数据交换' };
const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const yuan = (fen) => (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 });

function useHash() {
  const [hash, setHash] = useState(location.hash || '#/inbox');
  useEffect(() => {
    const on = () => setHash(location.hash || '#/inbox');
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return hash;
}

/** Loads `load()` when `deps` change; shows errors as the API words them. */
function useLoad(load, deps) {
  const [state, setState] = useState({ data: null, error: null });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ data: s.data, error: null }));
    load().then((data) => live && setState({ data, error: null }), (e) => live && setState({ data: null, error: e.message }));
    return () => { live = false; };
  }, [...deps, n]);
  return { ...state, reload: () => setN((x) => x + 1) };
}

const Error_ = ({ error }) => (error ? html`<div class="error" role="alert">${error}</div>` : null);

function SignIn() {
  const [text, setText] = useState('');
  return html`<main>
    <h1>登录</h1>
    <p>粘贴身份认证服务签发的令牌（开发环境：<code>npm run -s token -- --user 用户 --role TOWNSHIP_STAFF --region 乡镇代码</code>）。</p>
    <textarea id="token" rows="5" style="width:100%" value=${text} onInput=${(e) => setText(e.target.value)}></textarea>
    <p><button id="sign-in" onClick=${() => { signIn(text); location.hash = '#/inbox'; location.reload(); }}>登录</button></p>
  </main>`;
}

function Inbox({ me }) {
  const [pages, setPages] = useState([]);
  const [msg, setMsg] = useState(null);
  const q = { region: me.regionCode, department: me.department };
  const first = useLoad(() => get(`/tasks?${query(q)}`), [me.regionCode]);
  useEffect(() => { if (first.data) setPages([first.data]); }, [first.data]);
  const rows = pages.flatMap(rowsOf);
  const next = pages.at(-1)?.next;
  const hold = async (t, action) => {
    try {
      await post(`/tasks/${encodeURIComponent(t.taskId)}/${action}`);
      setMsg(null);
      first.reload();
    } catch (e) { setMsg(e.message); }
  };
  const today_ = today();
  return html`<main>
    <h1>待办事项（${me.regionCode}）</h1>
    <${Error_} error=${first.error ?? msg} />
    <table id="inbox">
      <thead><tr><th>事项</th><th>类型</th><th>所属</th><th>到期日</th><th>办理人</th><th></th></tr></thead>
      <tbody>${rows.map((t) => {
        const overdue = t.overdue ?? (t.dueOn !== null && t.dueOn < today_);
        return html`<tr class=${overdue ? 'overdue' : ''} data-task=${t.taskId}>
          <td><a href=${`#/subject/${t.subjectType}/${t.subjectId}`}>${t.title}</a></td>
          <td>${TYPE[t.subjectType] ?? t.subjectType}</td>
          <td>${t.subjectRegion ?? t.regionCode}</td>
          <td class="due">${t.dueOn ?? '—'}${overdue ? '（已逾期）' : ''}</td>
          <td class="holder">${t.heldBy ?? '—'}</td>
          <td>${t.heldBy === me.userId
            ? html`<button class="secondary" onClick=${() => hold(t, 'release')}>释放</button>`
            : t.heldBy ? null : html`<button onClick=${() => hold(t, 'claim')}>认领</button>`}</td>
        </tr>`;
      })}</tbody>
    </table>
    ${rows.length === 0 && first.data ? html`<p>暂无待办。</p>` : null}
    ${next ? html`<button onClick=${async () => setPages([...pages, await get(`/tasks?${query({ ...q, next })}`)])}>更多</button>` : null}
  </main>`;
}

function ActionForm({ type, id, action, onDone }) {
  const [schema, setSchema] = useState(null);
  const [error, setError] = useState(null);
  const form = useRef(null);
  useEffect(() => { bodySchema(`/${BASE[type]}/{id}/actions/${action}`).then(setSchema); }, [action]);
  if (!schema) return null;
  const submit = async (e) => {
    e.preventDefault();
    try {
      await post(`/${BASE[type]}/${id}/actions/${action}`, valuesOf(form.current));
      onDone();
    } catch (err) { setError(err.message); }
  };
  return html`<form class="action" id=${`form-${action}`} ref=${form} onSubmit=${submit}>
    <strong>${label(action)}</strong>
    ${fieldsOf(schema)}
    <${Error_} error=${error} />
    <button type="submit">提交</button>
  </form>`;
}

function Subject({ type, id }) {
  const subject = useLoad(() => get(`/${BASE[type]}/${id}`), [type, id]);
  const history = useLoad(() => get(`/${BASE[type]}/${id}/history`).catch(() => null), [type, id]);
  const [open, setOpen] = useState(null);
  const [done, setDone] = useState(null);
  const s = subject.data;
  if (subject.error) return html`<main><${Error_} error=${subject.error} /></main>`;
  if (!s) return html`<main>加载中…</main>`;
  const events = history.data?.events;
  const completed = s.completedTasks ?? [];
  return html`<main>
    <h1>${TYPE[type]} ${id}</h1>
    <p>状态：<span class="state" id="state">${s.stateLabel ?? s.state}</span></p>
    ${done ? html`<div class="ok">已提交：${label(done)}</div>` : null}
    <h2>可办理</h2>
    <div id="actions">${(s.allowedActions ?? []).map((a) => html`<button data-action=${a} onClick=${() => setOpen(a)}>${label(a)}</button>`)}
      ${(s.allowedActions ?? []).length === 0 ? '无' : null}</div>
    ${open ? html`<${ActionForm} key=${open} type=${type} id=${id} action=${open} onDone=${() => { setDone(open); setOpen(null); subject.reload(); history.reload(); }} />` : null}
    ${(s.openTasks ?? []).length ? html`<h2>待办</h2><ul>${s.openTasks.map((t) => html`<li>${t.title}（到期 ${t.dueOn ?? '—'}）</li>`)}</ul>` : null}
    <h2>办理记录</h2>
    ${events
      ? html`<ol class="timeline">${events.map((e) => html`<li>${(e.at ?? '').slice(0, 16).replace('T', ' ')} ${e.what} ${e.by?.userId ?? ''}</li>`)}</ol>`
      : html`<ol class="timeline">${completed.map((t) => html`<li>${(t.completedAt ?? '').slice(0, 16).replace('T', ' ')} ${t.title} ${t.completedBy ?? ''}</li>`)}</ol>`}
  </main>`;
}

function BarChart({ labels, values, title }) {
  const canvas = useRef(null);
  useEffect(() => {
    const chart = new window.Chart(canvas.current, {
      type: 'bar',
      data: { labels, datasets: [{ label: title, data: values, backgroundColor: '#c2410c' }] },
      options: { animation: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    return () => chart.destroy();
  }, [JSON.stringify([labels, values])]);
  return html`<div class="chart"><canvas ref=${canvas} height="110"></canvas></div>`;
}

function Overdue({ me }) {
  const page = useLoad(() => get(`/supervision/overdue?${query({ region: me.regionCode })}`), [me.regionCode]);
  const p = page.data;
  const rows = p ? rowsOf(p) : [];
  // Counts per township from the API when it gives them; otherwise counted from this page's rows.
  const counts = p?.counts ?? Object.entries(rows.reduce((m, r) => ({ ...m, [r.subjectRegion]: (m[r.subjectRegion] ?? 0) + 1 }), {}))
    .map(([regionCode, overdue]) => ({ regionCode, regionName: null, overdue }));
  return html`<main>
    <h1>逾期督办（${me.regionCode}）</h1>
    <${Error_} error=${page.error} />
    ${p ? html`
      <${BarChart} title="逾期事项" labels=${counts.map((c) => c.regionName ?? c.regionCode)} values=${counts.map((c) => c.overdue)} />
      <table id="overdue-counts"><thead><tr><th>乡镇（街道）</th><th>逾期事项</th></tr></thead>
        <tbody>${counts.map((c) => html`<tr><td>${c.regionName ?? c.regionCode}</td><td>${c.overdue}</td></tr>`)}</tbody></table>
      <table id="overdue"><thead><tr><th>事项</th><th>所属</th><th>到期日</th><th>逾期工作日</th></tr></thead>
        <tbody>${rows.map((r) => html`<tr class="overdue"><td><a href=${`#/subject/${r.subjectType}/${r.subjectId}`}>${r.title}</a></td>
          <td>${r.subjectRegion}</td><td class="due">${r.dueOn}</td><td>${r.workingDaysOverdue ?? '—'}</td></tr>`)}</tbody></table>` : null}
  </main>`;
}

function Statistics({ me }) {
  const [month, setMonth] = useState(today().slice(0, 7));
  const stats = useLoad(() => get(`/statistics/monthly?${query({ region: me.regionCode, month })}`), [me.regionCode, month]);
  const [error, setError] = useState(null);
  const s = stats.data;
  const scopes = s ? [...s.townships.map((t) => [t.townshipName ?? t.townshipCode, t]), ['合计', s.total]] : [];
  const xlsx = () => download(`/statistics/monthly.xlsx?${query({ region: me.regionCode, month })}`, `月报-${me.regionCode}-${month}.xlsx`).catch((e) => setError(e.message));
  return html`<main>
    <h1>月报（${s?.regionName ?? me.regionCode}）</h1>
    <p>月份 <input type="month" id="month" value=${month} onChange=${(e) => setMonth(e.target.value)} />
      <button id="xlsx" onClick=${xlsx}>下载 XLSX</button></p>
    <${Error_} error=${stats.error ?? error} />
    ${s ? html`
      <div class="cards" id="totals">
        <div class="card">预警线索<b id="t-warnings">${s.total.warnings.total}</b></div>
        <div class="card">按期核实<b id="t-on-time">${s.total.verification.onTime}</b></div>
        <div class="card">逾期核实<b id="t-late">${s.total.verification.late}</b></div>
        <div class="card">逾期未核实<b id="t-open-past-due">${s.total.verification.openPastDue}</b></div>
        <div class="card">先行救助<b>${s.total.emergencies.firstAided}</b></div>
        <div class="card">回避拒绝<b>${s.total.conflictRefusals}</b></div>
      </div>
      <${BarChart} title="预警线索" labels=${s.townships.map((t) => t.townshipName ?? t.townshipCode)} values=${s.townships.map((t) => t.warnings.total)} />
      <h2>预警核查</h2>
      <table id="verification"><thead><tr><th>乡镇（街道）</th><th>预警线索</th><th>按期核实</th><th>逾期核实</th><th>逾期未核实</th><th>回避拒绝</th></tr></thead>
        <tbody>${scopes.map(([n, x]) => html`<tr><td>${n}</td><td>${x.warnings.total}</td><td>${x.verification.onTime}</td><td>${x.verification.late}</td><td>${x.verification.openPastDue}</td><td>${x.conflictRefusals}</td></tr>`)}</tbody></table>
      <h2>分类处置</h2>
      <table><thead><tr><th>乡镇（街道）</th><th>处置结果</th><th>件数</th></tr></thead>
        <tbody>${scopes.flatMap(([n, x]) => x.disposals.map((d) => html`<tr><td>${n}</td><td>${label(d.outcome)}</td><td>${d.count}</td></tr>`))}</tbody></table>
      <h2>部门转介</h2>
      <table><thead><tr><th>乡镇（街道）</th><th>部门</th><th>转介</th><th>办结</th><th>办结率</th><th>工作日中位数</th></tr></thead>
        <tbody>${scopes.flatMap(([n, x]) => x.referrals.map((r) => html`<tr><td>${n}</td><td>${label(r.department)}</td><td>${r.opened}</td><td>${r.closed}</td>
          <td>${r.closureRate === null ? '—' : `${Math.round(r.closureRate * 100)}%`}</td><td>${r.medianWorkingDays ?? '—'}</td></tr>`))}</tbody></table>
      <h2>救助对象</h2>
      <table><thead><tr><th>乡镇（街道）</th><th>类别</th><th>申请</th><th>纳入</th><th>复核</th><th>渐退</th><th>退出</th></tr></thead>
        <tbody>${scopes.flatMap(([n, x]) => x.assistance.map((a) => html`<tr><td>${n}</td><td>${label(a.tier)}</td><td>${a.applications}</td><td>${a.enrolments}</td><td>${a.reviews}</td><td>${a.gradualExits}</td><td>${a.exits}</td></tr>`))}</tbody></table>
      <h2>资金支出</h2>
      <table><thead><tr><th>乡镇（街道）</th><th>类别</th><th>笔数</th><th>金额（元）</th></tr></thead>
        <tbody>${scopes.flatMap(([n, x]) => x.payments.map((p) => html`<tr><td>${n}</td><td>${label(p.kind)}</td><td>${p.count}</td><td>${yuan(p.amountFen)}</td></tr>`))}</tbody></table>` : null}
  </main>`;
}

function App() {
  const hash = useHash();
  const me = principal();
  if (!token() || !me) return html`<${SignIn} />`;
  const [, page, type, id] = hash.split('/');
  const nav = (href, text) => html`<a href=${href} class=${hash.startsWith(href) ? 'active' : ''}>${text}</a>`;
  return html`<div>
    <header>
      <strong>社会救助 控制台</strong>
      ${nav('#/inbox', '待办')} ${nav('#/overdue', '逾期督办')} ${nav('#/statistics', '月报')}
      <span class="who" id="who">${me.userId} · ${ROLE[me.role] ?? me.role} · ${me.regionCode}</span>
      <a href="#/inbox" onClick=${() => { signOut(); location.reload(); }}>退出</a>
    </header>
    ${page === 'subject' ? html`<${Subject} key=${id} type=${type} id=${id} />`
      : page === 'overdue' ? html`<${Overdue} me=${me} />`
      : page === 'statistics' ? html`<${Statistics} me=${me} />`
      : html`<${Inbox} me=${me} />`}
  </div>`;
}

loadLabels().finally(() => render(html`<${App} />`, document.getElementById('app')));
