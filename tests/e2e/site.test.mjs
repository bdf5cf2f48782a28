// End-to-end: the release build in Debian's Chromium, driven by playwright-core. Checks the
// KPI against the core's native result, screenshots desktop and phone, scans with axe-core,
// and shows that broken data files give visible, specific messages instead of a blank page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, open as openIn, axe, dist, helder, shots } from './harness.mjs';

let env;
let scratch;

/** A copy of the demo data with one thing broken, served under /<name>/data/. */
function brokenCopy(name, breakIt) {
  const dir = path.join(scratch, name, 'data');
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(path.join(dist, 'data'))) {
    fs.copyFileSync(path.join(dist, 'data', f), path.join(dir, f));
  }
  breakIt(dir);
}

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'helder-e2e-'));
  brokenCopy('broken', (dir) => {
    const f = path.join(dir, 'jeugdzorg.arrow');
    const bytes = fs.readFileSync(f);
    bytes.write('XXXXXX', 0, 'latin1'); // wrong magic, same size
    fs.writeFileSync(f, bytes);
    fs.rmSync(path.join(dir, 'jeugdzorg_budget.arrow'));
  });
  brokenCopy('truncated', (dir) => {
    const f = path.join(dir, 'jeugdzorg.arrow');
    fs.truncateSync(f, Math.floor(fs.statSync(f).size / 3));
  });
  const mounts = {};
  for (const name of ['broken', 'truncated']) {
    mounts[`/${name}/`] = path.join(scratch, name);
  }
  env = await start(mounts);
});

after(async () => {
  await env?.stop();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

const open = (query, viewport) => openIn(env, query, viewport);

test('desktop: the KPI equals the core computed natively, the chart is drawn, axe finds nothing', async () => {
  const [expected] = JSON.parse(execFileSync(helder, ['kpi', path.join(dist, 'data'), '--json'], { encoding: 'utf8' }));
  const { context, page, problems } = await open('', { width: 1280, height: 900 });
  // The budget tile of the app itself (index.html may show the same figure before it).
  const value = page.getByTestId('kpi-budget').getByTestId('kpi-value');
  await value.waitFor({ timeout: 30_000 });
  assert.equal(await value.textContent(), expected.spent_text);
  assert.equal(Number(await value.getAttribute('data-value')), expected.spent, 'exact value');
  const tile = await page.getByTestId('kpi-budget').textContent();
  assert.ok(tile.includes(expected.budget_text), tile);
  assert.ok(tile.includes(expected.share_text), tile);
  assert.match(await page.getByTestId('as-of').textContent(), /^Data t\/m \d+ \p{L}+ \d{4}$/u);
  assert.equal(await page.locator('h1').textContent(), 'Gemeente Voorbeeld');
  const line = page.locator('[data-testid=widget-kosten-tijd]');
  await line.locator('svg').first().waitFor();
  // Every month of the data is a step of the chart's period control and a table row.
  const months = Number(await line.getByTestId('period-scrub').getAttribute('aria-valuemax')) + 1;
  assert.ok(months >= 24, `the line has ${months} periods`);
  assert.equal(await line.locator('tbody tr').count(), months);
  await page.screenshot({ path: path.join(shots, 'desktop.png'), fullPage: true });
  await axe(page);
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});

test('phone 360x740: readable, no horizontal scrolling, axe finds nothing', async () => {
  const { context, page, problems } = await open('', { width: 360, height: 740 });
  await page.getByTestId('kpi-budget').getByTestId('kpi-value').waitFor({ timeout: 30_000 });
  await page.locator('[data-testid=widget-kosten-tijd] svg').first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page scrolls ${overflow}px sideways`);
  const box = await page.getByTestId('kpi-budget').getByTestId('kpi-value').boundingBox();
  assert.ok(box.y + box.height <= 740, 'the KPI is on the first screen');
  await page.screenshot({ path: path.join(shots, 'phone.png'), fullPage: true });
  await axe(page);
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});

test('broken and missing files: visible messages naming each file, the rest keeps working', async () => {
  const { context, page, problems } = await open('?data=broken/data', { width: 1280, height: 900 });
  const errors = page.getByTestId('load-errors');
  await errors.waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=load-errors] li').length >= 2);
  const text = await errors.textContent();
  assert.match(text, /jeugdzorg\.arrow: not an Arrow IPC file or stream/);
  assert.match(text, /jeugdzorg_budget\.arrow: the server answered 404/);
  assert.equal(await page.locator('h1').textContent(), 'Gemeente Voorbeeld');
  assert.match(await page.getByTestId('kpi-budget').textContent(), /Niet beschikbaar/);
  await page.screenshot({ path: path.join(shots, 'broken-data.png'), fullPage: true });
  await axe(page);
  assert.deepEqual(problems.page, [], 'no uncaught error or panic');
  await context.close();
});

test('a page whose demand data fails still draws its charts and maps', async () => {
  // The buurten page reads jeugdzorg.arrow only for its care-demand widget; the engine of
  // its other widgets does not wait for it (it once did, and the page stayed "loading").
  const { context, page, problems } = await open('?page=buurten', { width: 1280, height: 900 });
  await context.route('**/jeugdzorg.arrow*', (route) => route.abort());
  await page.reload();
  await page.locator('.map-widget path.map-area').first().waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('load-errors').textContent(), /jeugdzorg\.arrow/);
  assert.match(await page.locator('.widget', { hasText: 'Verwachte vraag' }).first().textContent(), /Niet beschikbaar/);
  assert.deepEqual(problems.page, []);
  await context.close();
});

test('a truncated file is named with what arrived and what was expected', async () => {
  const { context, page, problems } = await open('?data=truncated/data', { width: 1280, height: 900 });
  await page.getByTestId('load-errors').waitFor({ timeout: 30_000 });
  const text = await page.getByTestId('load-errors').textContent();
  assert.match(text, /jeugdzorg\.arrow: received \d+ bytes where the manifest announces \d+/);
  assert.deepEqual(problems.page, []);
  await context.close();
});

test('no manifest at all: a message, not a blank page', async () => {
  const { context, page, problems } = await open('?data=nergens', { width: 360, height: 740 });
  await page.getByTestId('load-errors').waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('load-errors').textContent(), /nergens\/manifest\.json: the server answered 404/);
  assert.deepEqual(problems.page, []);
  await context.close();
});
