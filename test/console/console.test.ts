import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { addDays, shanghaiDateOf } from '../../domain/calendarDate';
import { useApiHarness } from '../support/apiHarness';
import { idNumber, uniqueSourceId } from '../support/ids';

/**
 * The console in a real headless browser (Debian's chromium, driven by
 * puppeteer-core) against the API on the dev Temporal server and PostgreSQL:
 * sign in, complete a verification from the inbox, see the 月报 change.
 * With AIDLOOP_SCREENSHOTS=<dir> it also saves the screenshots the README shows.
 */
const TOWNSHIP = '430681118'; // 屈子祠镇: only this file writes here
const COUNTY = '430681';

const api = useApiHarness('dev', {
  clerk: { userId: 'clerk-qu', role: 'TOWNSHIP_STAFF', regionCode: TOWNSHIP },
  supervisor: { userId: 'sup-console', role: 'COUNTY_SUPERVISOR', regionCode: COUNTY },
});

let server: Server;
let browser: Browser;
let base: string;
const shots = process.env.AIDLOOP_SCREENSHOTS;

beforeAll(async () => {
  server = api.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await puppeteer.launch({
    executablePath: process.env.AIDLOOP_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--lang=zh-CN'],
  });
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

const today = () => shanghaiDateOf(Date.now());
const bearer = (headers: Record<string, string>) => (headers.Authorization ?? '').replace(/^Bearer /, '');

async function signedIn(headers: Record<string, string>): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 760 });
  await page.goto(`${base}/console/`);
  await page.waitForSelector('#token');
  await page.type('#token', bearer(headers));
  await Promise.all([page.waitForNavigation(), page.click('#sign-in')]);
  await page.waitForSelector('#who');
  return page;
}

const text = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? '');
/** Waits until `selector`'s text is `want` (the function runs in the page). */
const textIs = (page: Page, selector: string, want: string) =>
  page.waitForFunction(`document.querySelector(${JSON.stringify(selector)})?.textContent === ${JSON.stringify(want)}`);
const shoot = async (page: Page, name: string) => {
  if (shots) await page.screenshot({ path: path.join(shots, `console-${name}.png`) });
};

async function onTime(page: Page): Promise<number> {
  await page.goto(`${base}/console/#/statistics`);
  await page.waitForSelector('#t-on-time');
  return Number(await text(page, '#t-on-time'));
}

describe('the console in headless chromium', () => {
  it('signs a clerk in, completes a verification from the inbox, and the 月报 counts it', async () => {
    const warned = await api.post('/warnings', {
      source: 'PROVINCIAL_CLUE', sourceId: uniqueSourceId(), idNumber: idNumber('19660421', 317), townshipCode: TOWNSHIP,
      hardshipType: 'MEDICAL', receivedOn: today(), detail: '大额医疗费用支出预警',
    });
    expect(warned.status).toBe(201);
    const caseId: string = warned.body.caseId;

    const page = await signedIn(api.as.clerk);
    expect(await text(page, '#who')).toContain('clerk-qu · 乡镇经办 · 430681118');
    const before = await onTime(page);

    await page.goto(`${base}/console/#/inbox`);
    const link = `#inbox a[href="#/subject/CASE/${caseId}"]`;
    await page.waitForSelector(link);
    // Claim it: the inbox shows who holds it.
    const row = `#inbox tr:has(${link.slice(7)})`;
    await page.click(`${row} button`);
    await textIs(page, `${row} td.holder`, 'clerk-qu');
    await shoot(page, 'inbox');

    await page.click(link);
    await page.waitForSelector('#actions button[data-action="verify"]');
    expect(await text(page, '#state')).toBe('待入户核实');
    await page.click('#actions button[data-action="verify"]');
    await page.waitForSelector('#form-verify [name="findings"]');
    // Submitting without the findings: the API's 400 names the field, and nothing changes.
    await page.click('#form-verify button[type="submit"]');
    await page.waitForSelector('#form-verify .error');
    expect(await text(page, '#form-verify .error')).toContain('body.findings');
    await page.$eval('#form-verify [name="visitedOn"]', (el, d) => { (el as unknown as { value: string }).value = d; }, today());
    await page.type('#form-verify [name="findings"]', '入户核实：住院自付费用较高');
    await shoot(page, 'subject');
    await page.click('#form-verify button[type="submit"]');
    await textIs(page, '#state', '已核实待处置');
    expect(await page.$$eval('#actions button', (bs) => bs.map((b) => b.dataset.action))).toEqual(['dispose']);

    expect(await onTime(page)).toBe(before + 1);

    // Error bodies in either form: today's { error: { … } } and RFC 9457 problem+json.
    const shown = await page.evaluate(`import('/console/api.js').then((m) => [
      m.errorText(400, { error: { code: 'VALIDATION_FAILED', message: 'invalid body.findings', issues: [{ path: 'body.findings', message: 'Required' }] } }),
      m.errorText(400, { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'invalid body.findings', code: 'VALIDATION_FAILED', issues: [{ path: 'body.findings', message: 'Required' }] }),
    ])`);
    expect(shown).toEqual(['400 invalid body.findings\n· body.findings: Required', '400 invalid body.findings\n· body.findings: Required']);
    await page.close();
  });

  it('shows a clerk only what the API lets them see, and a supervisor the county', async () => {
    const clerk = await signedIn(api.as.clerk);
    // Another township's case: the API answers 404, the console shows it.
    const other = await api.post('/warnings', {
      source: 'DATA_MATCH', sourceId: uniqueSourceId(), idNumber: idNumber('19700101', 511), townshipCode: '430681112',
      hardshipType: 'INCOME_DROP', receivedOn: today(), detail: '收入骤减',
    }, api.as.supervisor);
    expect(other.status).toBe(201);
    await clerk.goto(`${base}/console/#/subject/CASE/${other.body.caseId}`);
    await clerk.waitForSelector('.error');
    expect(await text(clerk, '.error')).toMatch(/^404/);
    await clerk.close();

    // A clue received 90 days ago and never verified is overdue: the supervisor sees it, counted under its township.
    const late = await api.post('/warnings', {
      source: 'PROVINCIAL_CLUE', sourceId: uniqueSourceId(), idNumber: idNumber('19581111', 733), townshipCode: TOWNSHIP,
      hardshipType: 'DISABILITY', receivedOn: addDays(today(), -90), detail: '重度残疾预警',
    });
    expect(late.status).toBe(201);
    const sup = await signedIn(api.as.supervisor);
    await sup.goto(`${base}/console/#/overdue`);
    await sup.waitForSelector(`#overdue a[href="#/subject/CASE/${late.body.caseId}"]`);
    const counts = await sup.$$eval('#overdue-counts tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    expect(counts.find(([name]) => name === '屈子祠镇' || name === TOWNSHIP)?.[1]).toMatch(/^[1-9]\d*$/);
    await sup.waitForSelector('canvas');
    await shoot(sup, 'overdue');
    await sup.goto(`${base}/console/#/statistics`);
    await sup.waitForSelector('#verification');
    const townships = await sup.$$eval('#verification tbody tr td:first-child', (tds) => tds.map((t) => t.textContent));
    expect(townships).toEqual(expect.arrayContaining(['屈子祠镇', '合计']));
    await shoot(sup, 'statistics');
    await sup.close();
  });
});
