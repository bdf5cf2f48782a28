// End-to-end: the public copy of the demo site (`helder publish`, as `cargo xtask public`
// builds it). The same app reads protected cubes: its figures equal `helder view` on the
// published data, suppressed cells read "geheim" (never 0), the rules are stated, the page
// fetches no record-level file, and axe finds nothing at desktop and phone width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, open as openIn, axe, dist, helder, shots, DESKTOP, PHONE } from './harness.mjs';

let env;
let site;

/** The built app without its data, plus the published cubes in data/. */
function publicSite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helder-public-'));
  for (const entry of fs.readdirSync(dist)) {
    if (entry !== 'data') fs.cpSync(path.join(dist, entry), path.join(dir, entry), { recursive: true });
  }
  execFileSync(helder, ['publish', path.join(dist, 'data'), '--public', '--out', path.join(dir, 'data')], { encoding: 'utf8' });
  return dir;
}

before(async () => {
  site = publicSite();
  env = await start({ '/publiek/': site });
});
after(async () => {
  await env?.stop();
  if (site) fs.rmSync(site, { recursive: true, force: true });
});

const open = (query, viewport) => openIn(env, `publiek/${query}`, viewport);

function publicView(page, select = []) {
  const args = ['view', path.join(site, 'data'), '--page', page];
  for (const s of select) args.push('--select', s);
  return JSON.parse(execFileSync(helder, args, { encoding: 'utf8' }));
}

test('the public page shows the published cells, "geheim" where suppressed, and its rules', async () => {
  const requested = [];
  const { context, page, problems } = await open('?page=bijstand&wijk=Noord', DESKTOP);
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.waitForSelector('[data-testid=widget-per-buurt] td.num');
  const native = publicView('bijstand', ['wijk=Noord']);

  // The table per buurt: exactly the published (rounded) cells.
  const buurten = native.widgets.find((w) => w.id === 'per-buurt').series.find((s) => s.measure === 'instroom').points;
  for (const p of buurten) {
    const cell = page.locator(`[data-testid=widget-per-buurt] td[data-label="${p.label}"]`).first();
    assert.equal((await cell.textContent()).trim(), p.text);
  }
  // Buurt is not a public filter: its rows are text, not buttons that would do nothing;
  // the bars per wijk switched to buurt offer no clicks either, those per wijk do.
  assert.equal(await page.locator('[data-testid=widget-per-buurt] button.row-filter').count(), 0);
  assert.ok(await page.locator('[data-testid=widget-per-wijk] button.hit').count() > 0);
  await page.selectOption('#w-per-wijk-grouping', '1');
  await page.locator('[data-testid=widget-per-wijk] .chart-svg').first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=widget-per-wijk] button.hit').length === 0);
  assert.equal(await page.locator('[data-testid=widget-per-wijk] button.row-filter').count(), 0);
  await page.selectOption('#w-per-wijk-grouping', '0');
  await page.locator('[data-testid=widget-per-wijk] button.hit').first().waitFor();

  // Monthly inflow in one wijk is mostly small: suppressed months read "geheim" in the
  // chart's table, and the native figures have no value there (a gap, not a zero).
  const months = native.widgets.find((w) => w.id === 'uitkeringen-tijd').series.find((s) => s.measure === 'instroom').points;
  const secret = months.filter((p) => p.value === null);
  assert.ok(secret.length > 10, `${secret.length} suppressed months`);
  assert.ok(secret.every((p) => p.text === 'geheim'));
  const card = page.locator('[data-testid=widget-uitkeringen-tijd]');
  await page.selectOption('[data-testid=measure-uitkeringen-tijd]', '1');
  await card.locator('details.table-alt summary').click();
  const cell = card.locator('details.table-alt td', { hasText: 'geheim' }).first();
  await cell.waitFor();
  await cell.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'public-bijstand-geheim.png') });
  const text = await card.textContent();
  assert.match(text, /geheim/);

  // The rules are on the page.
  const note = page.locator('[data-testid=disclosure-note]');
  await note.locator('summary').click();
  assert.match(await note.textContent(), /1 tot en met 7 zijn geheim/);
  assert.match(await note.textContent(), /veelvouden van 5/);

  await page.screenshot({ path: path.join(shots, 'public-bijstand-desktop.png'), fullPage: true });
  await axe(page);
  // Only the public folder's files were fetched, and no record-level dataset exists there.
  assert.ok(!requested.some((p) => /jeugdzorg|meldingen|verzuim/.test(p)), requested.join(' '));
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});

test('the public site at phone width, and a page over another dataset left off', async () => {
  const { context, page, problems } = await open('?page=buurten', PHONE);
  await page.waitForSelector('[data-testid=widget-per-leeftijdsklasse] button.hit');
  // The benefits widgets of this page read another dataset: not on the public copy, and
  // its description (public_description) does not promise them.
  assert.equal(await page.locator('[data-testid=widget-bijstand-wijk]').count(), 0);
  assert.equal(await page.locator('.page-description').textContent(), 'Profiel per wijk en buurt: leeftijdsopbouw van de inwoners. Klik op een wijk om alles daarop te filteren.');
  assert.equal(await page.locator('[data-testid=widget-kaart-buurt]').count(), 0);
  // The wijk map is, with its boundaries published next to the cubes: the same figures as
  // `helder view` on the published data.
  const areas = page.locator('[data-testid=widget-kaart-wijk] path.map-area[role=button]');
  await areas.first().waitFor({ timeout: 30_000 });
  assert.equal(await areas.count(), 20);
  const native = publicView('buurten').widgets.find((w) => w.id === 'kaart-wijk').series[0].points;
  for (const p of native.slice(0, 5)) {
    assert.equal(Number(await page.locator(`[data-testid=widget-kaart-wijk] path.map-area[data-label="${p.label}"]`).getAttribute('data-value')), p.value);
  }
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(scroll <= 0, `horizontal scroll of ${scroll}px`);
  await page.screenshot({ path: path.join(shots, 'public-buurten-phone.png'), fullPage: true });
  await axe(page);
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});
