#!/usr/bin/env node
// Browser tests of the public portal in a real browser (Debian's chromium, driven by
// playwright-core), with the network cut off: every request that is not to the juece server
// under test is aborted and counted, and any such request fails the run.
//
//   node portal.mjs http://127.0.0.1:PORT OUT_DIR
//
// The server must hold the embedded seed (the 2022 catalogue of 市中区). For the home page, a
// government's page, a catalogue's page and the 404 page, at a phone viewport (390×844) and a
// desktop one (1280×900), it checks: the one h1 and its text, lang="zh-CN", that every table has
// a caption, that the first Tab lands on the skip link (visible) and that following it moves to
// the main content, that nothing overflows sideways at the phone width nor at 360 px, and that the
// console stays free of errors (a CSP violation is one). It saves a full-page PNG of each into
// OUT_DIR. Each check prints `ok - …` or `not ok - …`; the run ends with
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
async function visit(page, vp) {
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
      ['1', '制定出台《济南市市中区全民健身设施管理实施细则》', '区教育体育局', '2022年10月', '已列入目录'],
      ['2', '设立市中区省级经济开发区', '区发展改革局', '2022年12月', '已列入目录'],
    ]);
  });
  await checkPage(page, vp, 'not-found', NOT_FOUND, { status: 404, h1: '页面不存在' });
}

const NOT_FOUND = `${origin}/g/000000`;

async function main() {
  await mkdir(outDir, { recursive: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    for (const vp of VIEWPORTS) {
      const { context, blocked, consoleErrors } = await isolatedContext(browser, vp);
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(10_000);
        await visit(page, vp);
      } catch (e) {
        failed += 1;
        console.log(`not ok - ${vp.name}: the visit stopped: ${e && e.stack ? e.stack : e}`);
      } finally {
        // These hold for whatever part of the visit ran.
        await check(`${vp.name}: no console errors`, async () => {
          // The browser logs the 404 of the not-found page itself; that one is expected.
          const unexpected = consoleErrors.filter((e) => !(e.url === NOT_FOUND && /status of 404/.test(e.text)));
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
