#!/usr/bin/env node
// Browser tests of the public portal in a real browser (Debian's chromium, driven by
// playwright-core), with the network cut off: every request that is not to the juece server
// under test is aborted and counted, and any such request fails the run.
//
//   JUECE_SPONSOR_TOKEN=… JUECE_HEAD_TOKEN=… node portal.mjs http://127.0.0.1:PORT OUT_DIR
//
// The server must hold the embedded seed (the 2022 catalogue of 市中区) and its demo users; the two
// tokens are those of the demo users `shizhong-sponsor` (区教育体育局) and `shizhong-head`
// (`juece user token NAME --data-dir DIR`). First, over GraphQL with those tokens, the first 2022
// item (区教育体育局's) is taken to an open comment notice, open today and for two more days
// (Asia/Shanghai). Then, for the home page, a
// government's page, a catalogue's page and the 404 page, at a phone viewport (390×844) and a
// desktop one (1280×900), it checks: the one h1 and its text, lang="zh-CN", that every table has
// a caption, that the first Tab lands on the skip link (visible) and that following it moves to
// the main content, that nothing overflows sideways at the phone width nor at 360 px, and that the
// console stays free of errors (a CSP violation is one). It saves a full-page PNG of each into
// OUT_DIR. The item's page gets the same checks. Then, at the desktop viewport, the comment form:
// filled through its labels with the keyboard's own controls, a missing name comes back with the
// error next to the field (422) and the text kept, a valid comment lands on its receipt with a
// well-formed tracking number, which the lookup finds; a comment of markup and script, once
// published by the sponsor, shows as text and runs nothing. Each check prints `ok - …` or
// `not ok - …`; the run ends with
// `browser checks: N passed, N failed` and exits 1 if any failed.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [base, outDir] = process.argv.slice(2);
if (!base || !outDir) {
  console.error('usage: node portal.mjs http://127.0.0.1:PORT OUT_DIR');
  process.exit(2);
}
const origin = new URL(base).origin;
const SPONSOR_TOKEN = process.env.JUECE_SPONSOR_TOKEN ?? '';
const HEAD_TOKEN = process.env.JUECE_HEAD_TOKEN ?? '';
if (!SPONSOR_TOKEN || !HEAD_TOKEN) {
  console.error('JUECE_SPONSOR_TOKEN and JUECE_HEAD_TOKEN must hold the demo sponsor and head tokens');
  process.exit(2);
}

const TRACKING_NO = /^370103-2022-\d{2}-\d+-\d{6}-[0-9X]$/;
const HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';

/// A GraphQL request as a clerk (Node's fetch, not the browser: the browser only sees the portal).
async function gql(token, query, variables = {}) {
  const r = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await r.json();
  if (body.errors) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/// Runs a step mutation on the item at the version it stands at; returns the new state.
async function step(token, mutation, itemId, input) {
  const v = await gql(token, 'query($id: ID!) { item(id: $id) { version } }', { id: itemId });
  const type = `${mutation[0].toUpperCase()}${mutation.slice(1)}Input`;
  const d = await gql(token, `mutation($i: ${type}!) { ${mutation}(input: $i) { state } }`, {
    i: { ...input, itemId, expectedVersion: v.item.version },
  });
  return d[mutation].state;
}

/// A calendar day in Asia/Shanghai, `days` after today, as YYYY-MM-DD.
function shanghaiDay(days = 0) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/// Takes the first 2022 item of 市中区 to an open comment notice, the way its sponsor would:
/// initiated by the head, drafted, public participation applying and every other region skipped
/// with its record, and the notice open from today for two more days (a shortened period, with
/// its reason). Returns the item.
async function openConsultation() {
  const d = await gql(
    HEAD_TOKEN,
    '{ catalogue(governmentCode: "370103", year: 2022) { items { id title sponsor { id name } } } }',
  );
  const item = d.catalogue.items[0];
  assert.equal(item.sponsor.name, '区教育体育局', 'the demo sponsor is of 区教育体育局');
  const today = shanghaiDay();
  await step(HEAD_TOKEN, 'initiateItem', item.id, { decidedOn: today, leadSponsorId: item.sponsor.id });
  await step(SPONSOR_TOKEN, 'startDrafting', item.id, {
    fullText: `${item.title}（草案）\n第一条 为加强全民健身设施管理，制定本细则。\n第二条 本细则适用于本区行政区域内的全民健身设施。`,
    explanation: '起草说明：依据上位法并结合本区实际拟定。',
    background: '决策背景：列入《济南市市中区人民政府2022年度重大行政决策事项目录》（市中政字〔2022〕27号）。',
    legalBasis: ['《重大行政决策程序暂行条例》（国务院令第713号）', '《山东省重大行政决策程序规定》（省政府令第336号）'],
  });
  const skip = (determination, basis) => ({
    determination,
    basis,
    determinedBy: '区教育体育局 法规科 经办人',
    approvedBy: '区教育体育局 主要负责人',
    date: today,
  });
  const regions = [
    { region: 'PARTICIPATION', applies: true },
    { region: 'HEARING', applies: false, skip: skip('不直接涉及公民切身利益，各方无较大分歧', '《重大行政决策程序暂行条例》第十六条第一款') },
    { region: 'EXPERT_REVIEW', applies: false, skip: skip('专业性、技术性问题已在前期调研中研究论证', '《重大行政决策程序暂行条例》第十九条') },
    { region: 'RISK_ASSESSMENT', applies: false, skip: skip('经初步研判不涉及社会稳定、公共安全等重大风险', '《重大行政决策程序暂行条例》第二十二条') },
    { region: 'FAIR_COMPETITION_REVIEW', applies: false, skip: skip('不涉及经营者经济活动', '《公平竞争审查条例》第二条') },
    { region: 'COORDINATION', applies: false, skip: skip('不涉及其他单位职责', '《山东省重大行政决策程序规定》第十四条') },
  ];
  assert.equal(await step(SPONSOR_TOKEN, 'openConsultation', item.id, { regions }), 'CONSULTATION');
  await step(SPONSOR_TOKEN, 'openCommentNotice', item.id, {
    draftVersion: 1,
    title: `关于公开征求《${item.title}（征求意见稿）》意见的公告`,
    opensOn: today,
    closesOn: shanghaiDay(2),
    methods: ['电子邮件', '信函'],
    channels: ['市中区人民政府门户网站重大行政决策意见征集专栏'],
    contact: '区教育体育局 0531-00000000',
    shorteningReason: '为赶在年度规划调整前完成，情况紧急，征求意见期限缩短',
  });
  return item;
}

/// Publishes every comment of the item, as its sponsor.
async function publishComments(itemId) {
  const d = await gql(
    SPONSOR_TOKEN,
    'query($id: ID!) { itemComments(itemId: $id, first: 100) { edges { node { id moderation } } } }',
    { id: itemId },
  );
  const ids = d.itemComments.edges.filter((e) => e.node.moderation === 'PENDING').map((e) => e.node.id);
  await gql(SPONSOR_TOKEN, 'mutation($i: ModerateCommentsInput!) { moderateComments(input: $i) { count } }', {
    i: { itemId, commentIds: ids, action: 'PUBLISHED' },
  });
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const VIEWPORTS = [
  { name: 'phone', viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  { name: 'desktop', viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false },
];

let passed = 0;
let failed = 0;

async function check(name, fn) {
  try {
    await fn();
    passed += 1;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`not ok - ${name}`);
    console.log(`  ${String(e && e.message ? e.message : e).split('\n').join('\n  ')}`);
  }
}

/// Opens a context in which only the server under test is reachable; returns it with the list of
/// the requests it refused and of the console errors its pages logged.
async function isolatedContext(browser, vp) {
  const context = await browser.newContext({
    viewport: vp.viewport,
    deviceScaleFactor: vp.deviceScaleFactor,
    isMobile: vp.isMobile,
    hasTouch: vp.hasTouch,
    locale: 'zh-CN',
  });
  const blocked = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    let sameOrigin = false;
    try {
      sameOrigin = new URL(url).origin === origin;
    } catch {
      sameOrigin = false;
    }
    if (sameOrigin) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  const consoleErrors = [];
  context.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push({ url: msg.location().url, text: msg.text() });
  });
  context.on('weberror', (err) => consoleErrors.push({ url: '', text: String(err.error()) }));
  return { context, blocked, consoleErrors };
}

/// The checks every page gets; returns the h1's text.
async function checkPage(page, vp, label, url, { status, h1 }) {
  const response = await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  await check(`${vp.name} ${label}: answers ${status}`, async () => {
    assert.ok(response, `no response for ${url}`);
    assert.equal(response.status(), status, url);
    assert.match(response.headers()['content-type'] ?? '', /^text\/html; charset=utf-8$/);
    assert.match(response.headers()['content-security-policy'] ?? '', /default-src 'none'/);
  });
  // The picture first, as a visitor sees the page when it loads.
  const file = path.join(outDir, `${label}-${vp.name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`# screenshot ${file}`);
  await check(`${vp.name} ${label}: one h1, in Chinese`, async () => {
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    const h1s = await page.locator('h1').allTextContents();
    assert.equal(h1s.length, 1, `h1 elements: ${JSON.stringify(h1s)}`);
    assert.equal(h1s[0].trim(), h1);
  });
  await check(`${vp.name} ${label}: every table has a caption`, async () => {
    const captions = await page.$$eval('table', (ts) => ts.map((t) => (t.caption ? t.caption.textContent.trim() : '')));
    assert.ok(captions.every((c) => c.length > 0), `captions: ${JSON.stringify(captions)}`);
    const unscoped = await page.$$eval('th', (ths) => ths.filter((th) => !th.getAttribute('scope')).length);
    assert.equal(unscoped, 0, 'header cells without scope');
  });
  await check(`${vp.name} ${label}: the first Tab reaches the skip link, which leads to the content`, async () => {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const a = document.activeElement;
      const r = a.getBoundingClientRect();
      return { text: a.textContent.trim(), href: a.getAttribute('href'), top: r.top, height: r.height };
    });
    assert.equal(focused.text, '跳到主要内容');
    assert.equal(focused.href, '#main');
    assert.ok(focused.top >= 0 && focused.height > 0, `the focused skip link is on screen: ${JSON.stringify(focused)}`);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  });
  if (vp.name === 'phone') {
    for (const width of [vp.viewport.width, 360]) {
      await check(`${vp.name} ${label}: nothing overflows sideways at ${width} px`, async () => {
        await page.setViewportSize({ width, height: vp.viewport.height });
        const { scroll, client } = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
        }));
        assert.ok(scroll <= client, `the page is ${scroll} px wide in a ${client} px window`);
      });
    }
    await page.setViewportSize(vp.viewport);
  }
}

/// The pages, in the order a visitor would reach them from the home page.
async function visit(page, vp, item) {
  await checkPage(page, vp, 'home', `${origin}/`, { status: 200, h1: '重大行政决策公开' });

  // Follow the home page's own links: the first organ with a published catalogue.
  const card = page.locator('li.card', { has: page.locator('ul.catalogues') }).first();
  const govLink = card.locator('h3 a');
  const govName = (await govLink.textContent()).trim();
  const govHref = await govLink.getAttribute('href');
  const catHref = await card.locator('ul.catalogues a').first().getAttribute('href');
  await check(`${vp.name} home: links an organ and its catalogue`, async () => {
    assert.equal(govName, '济南市市中区人民政府');
    assert.equal(govHref, '/g/370103');
    assert.equal(catHref, '/g/370103/2022');
  });
  await checkPage(page, vp, 'government', `${origin}${govHref}`, { status: 200, h1: govName });
  await checkPage(page, vp, 'catalogue', `${origin}${catHref}`, {
    status: 200,
    h1: '济南市市中区人民政府2022年度重大行政决策事项目录',
  });
  await check(`${vp.name} catalogue: both real items with their sponsors`, async () => {
    const rows = await page.$$eval('table tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.children, (c) => c.textContent.trim())),
    );
    assert.deepEqual(rows, [
      ['1', '制定出台《济南市市中区全民健身设施管理实施细则》', '区教育体育局', '2022年10月', '征求意见等环节'],
      ['2', '设立市中区省级经济开发区', '区发展改革局', '2022年12月', '已列入目录'],
    ]);
  });
  await checkPage(page, vp, 'item', `${origin}/item/${item.id}`, { status: 200, h1: item.title });
  await check(`${vp.name} item: the draft, the notice and the form are on the page`, async () => {
    const text = await page.locator('main').innerText();
    assert.ok(text.includes('第一条 为加强全民健身设施管理'), 'the draft');
    assert.ok(text.includes('征求意见期限'), 'the notice');
    assert.ok(/SHA-256：[0-9a-f]{64}/.test(text), 'the hashes');
    assert.equal(await page.locator('form[action$="/comments"]').count(), 1);
  });
  await checkPage(page, vp, 'not-found', NOT_FOUND, { status: 404, h1: '页面不存在' });
}

/// The comment form, through its labels, as a keyboard or screen reader user reaches it.
async function comment(page, vp, item) {
  const itemUrl = `${origin}/item/${item.id}`;
  await page.goto(itemUrl);
  // A missing name: the form comes back with the error at the field and the text kept.
  const text = '建议延长全民健身场馆的开放时间，\n并在节假日免费开放。';
  await page.getByLabel('个人', { exact: true }).check();
  await page.getByLabel('联系方式').fill('13800000000');
  await page.getByLabel('意见内容').fill(text);
  await page.getByRole('button', { name: '提交意见' }).click();
  await page.waitForLoadState('load');
  await check(`${vp.name} form: a missing name comes back with the error next to the field`, async () => {
    const name = page.getByLabel('姓名', { exact: true });
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    const described = (await name.getAttribute('aria-describedby')).split(' ');
    assert.ok(described.includes('name-error'), `aria-describedby: ${described}`);
    assert.equal((await page.locator('#name-error').textContent()).trim(), '错误：请填写姓名');
    assert.ok(await page.locator('#name-error').isVisible());
    assert.equal(await page.getByLabel('意见内容').inputValue(), text.replace(/\r\n/g, '\n'));
    assert.equal(await page.getByLabel('联系方式').inputValue(), '13800000000');
  });
  const errorShot = path.join(outDir, `form-error-${vp.name}.png`);
  await page.screenshot({ path: errorShot, fullPage: true });
  console.log(`# screenshot ${errorShot}`);

  // Corrected: the receipt, with a tracking number the lookup finds.
  await page.getByLabel('姓名', { exact: true }).fill('朱小明');
  await page.getByLabel('姓名', { exact: true }).press('Tab');
  await page.getByRole('button', { name: '提交意见' }).click();
  await page.waitForURL(/\/receipt\//);
  let number = '';
  await check(`${vp.name} receipt: a well-formed tracking number, and how to look it up`, async () => {
    assert.equal((await page.locator('h1').innerText()).trim(), '意见回执');
    number = (await page.locator('.receipt-no').innerText()).trim();
    assert.match(number, TRACKING_NO);
    assert.equal(new URL(page.url()).pathname, `/receipt/${number}`);
  });
  const receiptShot = path.join(outDir, `receipt-${vp.name}.png`);
  await page.screenshot({ path: receiptShot, fullPage: true });
  console.log(`# screenshot ${receiptShot}`);
  await check(`${vp.name} receipt: the lookup finds it, pending moderation`, async () => {
    await page.goto(`${origin}/receipt`);
    await page.getByLabel('回执编号').fill(number);
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForLoadState('load');
    const text = await page.locator('main').innerText();
    assert.ok(text.includes('待审核'), text);
    assert.ok(!text.includes('13800000000'), 'the contact is not shown');
  });

  // Markup and script in a comment: once published, shown as text, never run.
  await page.goto(itemUrl);
  await page.getByLabel('匿名', { exact: true }).check();
  await page.getByLabel('意见内容').fill(HOSTILE);
  await page.getByRole('button', { name: '提交意见' }).click();
  await page.waitForURL(/\/receipt\//);
  await publishComments(item.id);
  await page.goto(itemUrl);
  await check(`${vp.name} item: a published comment of markup is text and runs nothing`, async () => {
    assert.equal(await page.evaluate(() => typeof window.__pwned), 'undefined');
    assert.equal(await page.locator('#comments script').count(), 0);
    assert.equal(await page.locator('#comments img').count(), 0);
    assert.equal(await page.locator('script').count(), 0);
    await page.getByText(HOSTILE, { exact: false }).first().waitFor({ state: 'visible' });
    const text = await page.locator('#comments').innerText();
    assert.ok(text.includes('<script>window.__pwned=1</script>'), text);
    assert.ok(text.includes('反馈人：朱**'), text);
    assert.ok(!text.includes('13800000000') && !text.includes('朱小明'), text);
  });
  for (const shot of VIEWPORTS) {
    await page.setViewportSize(shot.viewport);
    const file = path.join(outDir, `item-comments-${shot.name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`# screenshot ${file}`);
  }
  await page.setViewportSize(vp.viewport);
}

const NOT_FOUND = `${origin}/g/000000`;

async function main() {
  await mkdir(outDir, { recursive: true });
  const item = await openConsultation();
  console.log(`# item ${item.id} is open for comment until ${shanghaiDay(2)}`);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    for (const vp of VIEWPORTS) {
      const { context, blocked, consoleErrors } = await isolatedContext(browser, vp);
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(10_000);
        await visit(page, vp, item);
        if (vp.name === 'desktop') await comment(page, vp, item);
      } catch (e) {
        failed += 1;
        console.log(`not ok - ${vp.name}: the visit stopped: ${e && e.stack ? e.stack : e}`);
      } finally {
        // These hold for whatever part of the visit ran.
        await check(`${vp.name}: no console errors`, async () => {
          // The browser logs the status of the not-found page (404) and of the form that comes
          // back with an error (422); those are expected.
          const expected = (e) =>
            (e.url === NOT_FOUND && /status of 404/.test(e.text)) ||
            (/\/item\/[^/]+\/comments$/.test(e.url) && /status of 422/.test(e.text));
          const unexpected = consoleErrors.filter((e) => !expected(e));
          assert.deepEqual(unexpected, []);
        });
        await check(`${vp.name}: no request left the server under test`, async () => {
          assert.deepEqual(blocked, [], `${blocked.length} request(s) to other origins were refused`);
        });
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
}

try {
  await main();
} catch (e) {
  failed += 1;
  console.log(`not ok - the browser run stopped: ${e && e.stack ? e.stack : e}`);
}
console.log(`browser checks: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
