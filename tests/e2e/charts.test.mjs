// End-to-end: grouped bars, areas and histograms. A click (or keys, or a drag) on each
// filters the other widgets to exactly what `helder view` computes natively with the same
// selection; screenshots at desktop and phone width; axe finds nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, open as openIn, axe, shots, DESKTOP, PHONE, view, bars } from './harness.mjs';

let env;

before(async () => {
  env = await start();
});
after(async () => env?.stop());

const open = (query, viewport) => openIn(env, query, viewport);
const widget = (v, id) => v.widgets.find((w) => w.id === id);

function series(v, id, dimension, measure) {
  return widget(v, id).series.find((s) => s.dimension === dimension && s.measure === measure).points;
}

/** Every bar shown equals the native value, and every native bar is shown (up to 15). */
function expectBars(actual, points) {
  const native = Object.fromEntries(points.map((p) => [p.label, p.value]));
  assert.equal(Object.keys(actual).length, Math.min(points.length, 15));
  for (const [label, value] of Object.entries(actual)) {
    assert.ok(Math.abs(value - native[label]) <= 1e-9 * Math.abs(native[label]), `${label}: browser ${value}, native ${native[label]}`);
  }
}

/** Waits until the chips say `pattern`, then compares widget `id`'s bars with the native ones. */
async function expectFiltered(page, pattern, id, points) {
  await page.waitForFunction((p) => new RegExp(p).test(document.querySelector('[data-testid=chips]')?.textContent ?? ''), pattern.source);
  expectBars(await bars(page, id), points);
}

test('a grouped bar filters the other widgets to its combination; the chart keeps every bar', async () => {
  const { context, page, problems } = await open('?page=jeugdzorg', DESKTOP);
  const card = page.locator('[data-testid=widget-wijk-geslacht-staven]');
  const grouped = widget(view('jeugdzorg'), 'wijk-geslacht-staven').pivot[0];
  const hits = card.locator('button.hit');
  await hits.first().waitFor({ timeout: 30_000 });
  // The 8 largest categories get their bars (each a bar per group); the table has them all.
  const shown = Math.min(grouped.rows.length, 8) * grouped.cols.length;
  assert.equal(await hits.count(), shown);
  // The legend names every group with a patterned swatch, not colour alone.
  assert.equal(await card.locator('.legend li').count(), grouped.cols.length);
  assert.equal(await card.locator('.legend li svg').count(), grouped.cols.length);
  // The first bar of the second group: the largest category (by its total).
  const totals = grouped.row_totals.map((t, r) => [t, r]).sort((a, b) => b[0] - a[0]);
  const cell = `${grouped.rows[totals[0][1]]} · ${grouped.cols[1]}`;
  await card.locator(`button.hit[data-cell="${cell}"]`).click();
  await page.waitForURL(/geslacht=/);
  const native = view('jeugdzorg', [`${grouped.dimension}=${cell}`]);
  await expectFiltered(page, new RegExp(cell), 'per-product', series(native, 'per-product', 'product', 'kosten'));
  assert.equal(await hits.count(), shown);
  assert.equal(await card.locator(`button.hit[data-cell="${cell}"]`).getAttribute('aria-pressed'), 'true');
  // Enter on the same bar undoes it; the table alternative has every category.
  await card.locator(`button.hit[data-cell="${cell}"]`).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !location.search.includes('geslacht'));
  await card.locator('details.table-alt summary').click();
  assert.equal(await card.locator('details.table-alt tbody tr').count(), grouped.rows.length);
  await page.screenshot({ path: path.join(shots, 'charts-grouped-bars-chosen.png'), fullPage: true });
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});

test('an area keeps the time scrub: keys select months, the stacked layers stay whole', async () => {
  const { context, page, problems } = await open('?page=bijstand', DESKTOP);
  const card = page.locator('[data-testid=widget-uitkeringen-wijk-tijd]');
  const scrub = card.getByTestId('period-scrub');
  await scrub.waitFor({ timeout: 30_000 });
  const all = widget(view('bijstand'), 'uitkeringen-wijk-tijd');
  // Twenty wijken: the five largest have their own layer, the rest are one ("Overige (15)").
  const layers = Math.min(all.pivot[0].cols.length, 6);
  assert.equal(await card.locator('.legend li').count(), layers);
  if (all.pivot[0].cols.length > 6) assert.match(await card.locator('.legend li').last().textContent(), /^Overige \(\d+\)$/);
  const periods = await scrub.getAttribute('aria-valuemax');
  const months = all.series[0].points;
  await scrub.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  assert.match(await scrub.getAttribute('aria-valuetext'), new RegExp(`^${months[months.length - 2].label}: `));
  await page.keyboard.press('Enter');
  await page.waitForURL(/maand/);
  const pair = new URL(page.url()).searchParams.get('maand:month');
  assert.match(pair, /^\d{4}-\d{2}-01\.\.\d{4}-\d{2}-\d{2}$/);
  const native = view('bijstand', [`maand:month=${pair}`]);
  await expectFiltered(page, new RegExp(`Maand: ${months[months.length - 2].label}`), 'per-wijk', series(native, 'per-wijk', 'wijk', 'instroom'));
  // The area itself keeps every period and every layer (a widget never filters itself).
  assert.equal(await card.getByTestId('period-scrub').getAttribute('aria-valuemax'), periods);
  assert.deepEqual(widget(native, 'uitkeringen-wijk-tijd').pivot[0].cells, all.pivot[0].cells);
  await page.screenshot({ path: path.join(shots, 'charts-area-chosen.png'), fullPage: true });
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});

test('a histogram bin (click, drag or keys) sets a number range; the others match helder view', async () => {
  const { context, page, problems } = await open('?page=meldingen', DESKTOP);
  const card = page.locator('[data-testid=widget-doorlooptijd-verdeling]');
  const scrub = card.getByTestId('bin-scrub');
  await scrub.waitFor({ timeout: 30_000 });
  const h = widget(view('meldingen'), 'doorlooptijd-verdeling').histogram[0];
  assert.equal(Number(await scrub.getAttribute('aria-valuemax')) + 1, h.bars.length);
  // A click on the second bin.
  await scrub.scrollIntoViewIfNeeded();
  const box = await scrub.boundingBox();
  const step = box.width / Math.max(h.bars.length, 2);
  const y = box.y + box.height / 2;
  await page.mouse.click(box.x + step * 1.5, y);
  await page.waitForURL(/doorlooptijd/);
  const second = h.bars[1];
  let native = view('meldingen', [`doorlooptijd_dagen:bins=${second.start}..${second.last}`]);
  await expectFiltered(page, new RegExp(`Doorlooptijd: ${second.label} dagen`), 'per-categorie', series(native, 'per-categorie', 'categorie', 'aantal'));
  assert.equal(Object.values(await bars(page, 'per-categorie')).reduce((a, b) => a + b, 0), second.rows);
  // Dragging over the first three bins selects their range.
  await page.mouse.move(box.x + step * 0.5, y);
  await page.mouse.down();
  await page.mouse.move(box.x + step * 1.5, y, { steps: 3 });
  await page.mouse.move(box.x + step * 2.5, y, { steps: 3 });
  await page.mouse.up();
  const [first, third] = [h.bars[0], h.bars[2]];
  const range = `${first.start}..${third.last}`;
  await page.waitForFunction((v) => new URL(location.href).searchParams.get('doorlooptijd_dagen:bins') === v, range);
  native = view('meldingen', [`doorlooptijd_dagen:bins=${range}`]);
  await expectFiltered(page, /Doorlooptijd: 0 tot 15 dagen/, 'per-categorie', series(native, 'per-categorie', 'categorie', 'aantal'));
  // Keys: Escape clears; End and Enter pick the open last bin.
  await scrub.focus();
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !location.search.includes('doorlooptijd'));
  await card.getByTestId('bin-scrub').focus();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /of meer/.test(document.querySelector('[data-testid=chips]')?.textContent ?? ''));
  const last = h.bars[h.bars.length - 1];
  assert.match(await page.locator('[data-testid=chips] .chip').textContent(), new RegExp(`Doorlooptijd: ${last.label.replace(' of meer', '')} dagen of meer`));
  await page.screenshot({ path: path.join(shots, 'charts-histogram-chosen.png'), fullPage: true });
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});

for (const pageId of ['jeugdzorg', 'meldingen', 'bijstand']) {
  test(`page ${pageId} with the new charts: desktop and phone, no sideways scrolling, axe finds nothing`, async () => {
    for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      const { context, page, problems } = await open(`?page=${pageId}`, viewport);
      await page.locator('.widget .chart-svg svg').first().waitFor({ timeout: 30_000 });
      await page.waitForFunction(() => !document.querySelector('[aria-busy=true]'));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name}: page scrolls ${overflow}px sideways`);
      await page.screenshot({ path: path.join(shots, `charts-${pageId}-${name}.png`), fullPage: true });
      await axe(page);
      assert.deepEqual(problems, { console: [], page: [] });
      await context.close();
    }
  });
}
