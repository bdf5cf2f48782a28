// End-to-end: the neighbourhood map. Its areas are the wijken of wijken.geojson; a click (or
// Enter) on one filters the other widgets exactly as `helder view --select wijk=…` computes;
// the map recolours when another filter is set; axe finds nothing at desktop and phone width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, open as openIn, axe, shots, DESKTOP, PHONE, view, seriesOf, bars } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => env?.stop());
const open = (query, viewport) => openIn(env, query, viewport);

const AREAS = '[data-testid=widget-kaart-wijk] path.map-area[role=button]';

/** The map's areas as the page shows them: wijk (or buurt) → [value, class]. */
async function areas(page, selector = AREAS) {
  await page.locator(selector).first().waitFor({ timeout: 30_000 });
  const out = {};
  for (const a of await page.locator(selector).all()) {
    out[await a.getAttribute('data-label')] = [Number(await a.getAttribute('data-value')), Number(await a.getAttribute('data-class'))];
  }
  return out;
}

function expectValues(shown, points) {
  const native = Object.fromEntries(points.map((p) => [p.label, p.value]));
  assert.equal(Object.keys(shown).length, points.length);
  for (const [label, [value]] of Object.entries(shown)) assert.equal(value, native[label], label);
}

/** Classes follow the values: a higher value never sits in a lower class. */
function expectOrderedClasses(shown) {
  const list = Object.values(shown).sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < list.length; i++) assert.ok(list[i][1] >= list[i - 1][1], JSON.stringify(list));
  assert.equal(list[0][1], 1);
  assert.equal(list[list.length - 1][1], 5);
}

test('a tap on a wijk filters the page exactly as the core computes; the map recolours with other filters', async () => {
  const { context, page, problems } = await open('?page=buurten', DESKTOP);
  const before = view('buurten');
  const shown = await areas(page);
  assert.equal(Object.keys(shown).length, 20);
  expectValues(shown, seriesOf(before, 'kaart-wijk', 'wijk', 'inwoners'));
  expectOrderedClasses(shown);
  assert.equal(await page.locator('[data-testid=widget-kaart-wijk] .map-legend li').count(), 5);
  await page.screenshot({ path: path.join(shots, 'map-desktop.png'), fullPage: true });

  // The page opens at the latest year; `--select` replaces the default, so it names the year.
  const year = before.selection.find(([c]) => c === 'jaar')[1].split('..')[0];
  const wijk = 'Centrum';
  await page.locator(`${AREAS}[data-label="${wijk}"]`).click();
  await page.waitForURL(/wijk=/);
  const after = view('buurten', [`jaar=${year}`, `wijk=${wijk}`]);
  await page.waitForFunction(() => document.querySelector('[data-testid=chips] .chip') !== null);
  const ages = await bars(page, 'per-leeftijdsklasse');
  const native = Object.fromEntries(seriesOf(after, 'per-leeftijdsklasse', 'leeftijdsklasse', 'inwoners').map((p) => [p.label, p.value]));
  for (const [label, value] of Object.entries(ages)) assert.equal(value, native[label], label);
  assert.equal(await page.locator(`${AREAS}[data-label="${wijk}"]`).getAttribute('aria-pressed'), 'true');
  assert.equal(await page.locator('[data-testid=widget-kaart-wijk] path.map-selected').count(), 2);
  // The map never filters itself: all 20 wijken keep their value.
  expectValues(await areas(page), seriesOf(after, 'kaart-wijk', 'wijk', 'inwoners'));
  await page.locator('[data-testid=widget-kaart-wijk]').screenshot({ path: path.join(shots, 'map-selected.png') });

  // Another filter (an age class) recolours the map to that class's inhabitants.
  const age = seriesOf(after, 'per-leeftijdsklasse', 'leeftijdsklasse', 'inwoners').at(-1).label;
  await page.locator(`[data-testid=widget-per-leeftijdsklasse] button.hit[data-label="${age}"]`).click();
  await page.waitForURL(/leeftijdsklasse=/);
  const both = view('buurten', [`jaar=${year}`, `wijk=${wijk}`, `leeftijdsklasse=${age}`]);
  await page.waitForFunction((v) => document.querySelector('[data-testid=widget-kaart-wijk] path.map-area[data-label="Centrum"]')?.getAttribute('data-value') === String(v),
    seriesOf(both, 'kaart-wijk', 'wijk', 'inwoners').find((p) => p.label === wijk).value);
  const recoloured = await areas(page);
  expectValues(recoloured, seriesOf(both, 'kaart-wijk', 'wijk', 'inwoners'));
  expectOrderedClasses(recoloured);
  assert.notDeepEqual(recoloured, shown);

  // Keyboard: Enter on a focused wijk toggles it off again, Space on another adds it.
  await page.locator(`${AREAS}[data-label="${wijk}"]`).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !location.search.includes('wijk='));
  await page.locator(`${AREAS}[data-label="Haven"]`).focus();
  await page.keyboard.press(' ');
  await page.waitForURL(/wijk=Haven/);
  assert.equal(await page.locator(`${AREAS}[data-label="Haven"]`).getAttribute('aria-pressed'), 'true');
  await page.locator('[data-testid=widget-kaart-wijk]').screenshot({ path: path.join(shots, 'map-keyboard.png') });
  await axe(page);
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});

test('the map fits a phone and passes axe there', async () => {
  const { context, page, problems } = await open('?page=buurten', PHONE);
  await areas(page);
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(widths[0] <= widths[1], `page scrolls sideways: ${widths}`);
  const box = await page.locator('[data-testid=widget-kaart-wijk] svg.map-svg').boundingBox();
  assert.ok(box.width > 250 && box.x >= 0 && box.x + box.width <= 360, JSON.stringify(box));
  await page.locator('[data-testid=widget-kaart-wijk]').screenshot({ path: path.join(shots, 'map-phone.png') });
  await axe(page);
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});

test('the buurt map (another dataset, 80 CBS-style buurten) shows the core\'s values and a tap filters the whole page', async () => {
  const BUURTEN = '[data-testid=widget-kaart-buurt] path.map-area[role=button]';
  const { context, page, problems } = await open('?page=buurten', DESKTOP);
  const before = view('buurten');
  const shown = await areas(page, BUURTEN);
  const points = seriesOf(before, 'kaart-buurt', 'buurt', 'per_1000');
  assert.equal(points.length, 80);
  // Benefits per 1.000 inhabitants: the map shows the value times the measure's scale.
  const native0 = Object.fromEntries(points.map((p) => [p.label, p.value * 1000]));
  assert.equal(Object.keys(shown).length, 80);
  for (const [label, [value]] of Object.entries(shown)) assert.ok(Math.abs(value - native0[label]) < 1e-9 * value, `${label}: ${value} vs ${native0[label]}`);
  expectOrderedClasses(shown);
  await page.locator('[data-testid=widget-kaart-buurt]').screenshot({ path: path.join(shots, 'map-buurt.png') });
  // The legend's classes are written as the values are (per 1.000, one decimal), not scaled twice.
  const highest = Math.max(...Object.values(shown).map(([v]) => v));
  const top = (await page.locator('[data-testid=widget-kaart-buurt] .map-legend li').last().textContent()).trim();
  assert.ok(top.endsWith(highest.toLocaleString('nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 })), `${top} vs ${highest}`);
  const year = before.selection.find(([c]) => c === 'jaar')[1].split('..')[0];
  const buurt = points[0].label;
  await page.locator(`${BUURTEN}[data-label="${buurt}"]`).click();
  await page.waitForURL(/buurt=/);
  const after = view('buurten', [`jaar=${year}`, `buurt=${buurt}`]);
  await page.waitForFunction(() => document.querySelector('[data-testid=chips] .chip') !== null);
  // The population of the page's own dataset follows the tap through the shared column.
  const ages = await bars(page, 'per-leeftijdsklasse');
  const native = Object.fromEntries(seriesOf(after, 'per-leeftijdsklasse', 'leeftijdsklasse', 'inwoners').map((p) => [p.label, p.value]));
  for (const [label, value] of Object.entries(ages)) assert.equal(value, native[label], label);
  await axe(page);
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});
