// Forms generated from the request-body schemas of the OpenAPI document
// (/api/v1/openapi.json), which the API generates from its zod schemas: the
// console asks for exactly what the API validates, and shows its 400s.
import { html } from './ui.js';
import { label } from './labels.js';

let doc;
export async function openApi() {
  doc ??= await fetch('/api/v1/openapi.json').then((r) => r.json());
  return doc;
}

const deref = (s) => (s && s.$ref ? deref(s.$ref.split('/').slice(1).reduce((o, k) => o[k], doc)) : s);

/** The JSON Schema of the body of POST `path` (an OpenAPI path such as /cases/{id}/actions/verify). */
export async function bodySchema(path) {
  const d = await openApi();
  return deref(d.paths[path]?.post?.requestBody?.content?.['application/json']?.schema) ?? { type: 'object', properties: {} };
}

/** The options of an enum, or of a union of enums and constants (anyOf / oneOf). */
function options(s) {
  s = deref(s);
  if (s.enum) return s.enum;
  if (s.const !== undefined) return [s.const];
  const alts = s.anyOf ?? s.oneOf;
  if (!alts) return null;
  const all = alts.map(options);
  return all.every(Boolean) ? all.flat() : null;
}

const FIELD_LABELS = {
  visitedOn: '入户核实日期', findings: '核实情况', outcome: '结果', reason: '理由', referTo: '转介至', need: '需求',
  monitoringContinues: '继续监测', minutes: '会议纪要', measure: '救助措施', description: '说明', amountFen: '金额（分）',
  itemId: '事项编号', result: '办理结果', note: '备注', summary: '摘要',
};

/** One input per property; objects and arrays of objects as JSON. */
function field(name, s, required) {
  s = deref(s);
  const title = `${FIELD_LABELS[name] ?? name}${required ? ' *' : ''}`;
  const hint = s.description ? html`<small> ${s.description}</small>` : null;
  const opts = options(s);
  let input;
  if (opts) {
    input = html`<select name=${name} data-kind="enum"><option value="">—</option>${opts.map((o) => html`<option value=${o}>${label(o)}</option>`)}</select>`;
  } else if (s.type === 'boolean') {
    input = html`<select name=${name} data-kind="boolean"><option value="">—</option><option value="true">是</option><option value="false">否</option></select>`;
  } else if (s.type === 'integer' || s.type === 'number') {
    input = html`<input type="number" name=${name} data-kind="number" />`;
  } else if (s.type === 'string' && /On$/.test(name)) {
    input = html`<input type="date" name=${name} data-kind="string" />`;
  } else if (s.type === 'string') {
    input = (s.maxLength ?? 0) > 200
      ? html`<textarea name=${name} data-kind="string" rows="2"></textarea>`
      : html`<input name=${name} data-kind="string" />`;
  } else {
    input = html`<textarea name=${name} data-kind="json" rows="4" placeholder="JSON"></textarea>`;
  }
  return html`<label><span>${title}</span>${input}${hint}</label>`;
}

export function fieldsOf(schema) {
  const s = deref(schema);
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties ?? {}).map(([name, p]) => field(name, p, required.has(name)));
}

/** The body a generated form describes: empty inputs are left out, so the API names what is missing. */
export function valuesOf(form) {
  const body = {};
  for (const el of form.querySelectorAll('[name]')) {
    const v = el.value.trim();
    if (v === '') continue;
    const kind = el.dataset.kind;
    body[el.name] = kind === 'number' ? Number(v) : kind === 'boolean' ? v === 'true' : kind === 'json' ? JSON.parse(v) : v;
  }
  return body;
}
