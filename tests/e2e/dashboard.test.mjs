// End-to-end: dashboards from the spec. Clicking a bar filters the other widgets to exactly
// what `helder view` computes natively; the no-drag range control; the address reproduces
// the view (reload, back); CSV download; every demo page at desktop and phone width; and a
// second site made only of a spec and a data file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, open as openIn, axe, dist, helder, root, shots, DESKTOP, PHONE, view, seriesOf, bars } from './harness.mjs';

let env;
let onderwijs;

before(async () => {
  // The second site as its makers would publish it: the spec and data, then `helder check`,
  // which writes the dashboard.json the page reads (in a copy; the fixture stays as it is).
  onderwijs = fs.mkdtempSync(path.join(os.tmpdir(), 'helder-onderwijs-'));
  fs.cpSync(path.join(root, 'tests/fixtures/onderwijs'), onderwijs, { recursive: true });
  execFileSync(helder, ['check', onderwijs], { encoding: 'utf8' });
  env = await start({ '/onderwijs/': onderwijs });
});
after(async () => {
  await env?.stop();
  if (onderwijs) fs.rmSync(onderwijs, { recursive: true, force: true });
});

const open = (query, viewport, options) => openIn(env, query, viewport, options);
const series = seriesOf;

/**
 * Every bar shown equals the native value. After the same steps the engine's sums are
 * bit-identical; after different steps (a range set in two moves) they may differ in the
 * last bits of floating-point addition, far below anything displayed.
 */
function expectBars(actual, points, exact = true) {
  const native = Object.fromEntries(points.map((p) => [p.label, p.value]));
  assert.ok(Object.keys(actual).length > 0);
  for (const [label, value] of Object.entries(actual)) {
    const ok = exact ? value === native[label] : Math.abs(value - native[label]) <= 1e-9 * Math.abs(native[label]);
    assert.ok(ok, `${label}: browser ${value}, native ${native[label]}`);
  }
}

test('a click on a bar filters every other widget exactly as the core computes natively', async () => {
  const { context, page, problems } = await open('?page=jeugdzorg', DESKTOP);
  const before = view('jeugdzorg');
  expectBars(await bars(page, 'per-product'), series(before, 'per-product', 'product', 'kosten'));
  const wijk = series(before, 'per-wijk', 'wijk', 'kosten')[0].label;
  await page.locator(`[data-testid=widget-per-wijk] button.hit[data-label="${wijk}"]`).click();
  await page.waitForURL(/wijk=/);
  const after = view('jeugdzorg', [`wijk=${wijk}`]);
  await page.waitForFunction(() => document.querySelector('[data-testid=chips] .chip') !== null);
  expectBars(await bars(page, 'per-product'), series(after, 'per-product', 'product', 'kosten'));
  // The filtered widget keeps all its bars (a widget never filters itself), marking the chosen one.
  expectBars(await bars(page, 'per-wijk'), series(after, 'per-wijk', 'wijk', 'kosten_per_client'));
  assert.equal(await page.locator(`[data-testid=widget-per-wijk] button.hit[data-label="${wijk}"]`).getAttribute('aria-pressed'), 'true');
  // Its line for the whole municipality follows the other filters, not its own.
  const reference = series(after, 'per-wijk', 'wijk', 'kosten_per_client');
  assert.match(await page.locator('[data-testid=widget-per-wijk] .marks').textContent(), /Hele gemeente: € [\d.]+/);
  assert.ok(reference.length > 1);
  // The table widget's text is the native text.
  const provider = series(after, 'per-aanbieder', 'aanbieder', 'kosten')[0];
  assert.equal(await page.locator(`[data-testid=widget-per-aanbieder] td[data-label="${provider.label}"]`).textContent(), provider.text);
  // Keyboard: Enter on a product bar adds a second filter.
  const product = series(after, 'per-product', 'product', 'kosten')[0].label;
  await page.locator(`[data-testid=widget-per-product] button.hit[data-label="${product}"]`).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/product=/);
  const both = view('jeugdzorg', [`wijk=${wijk}`, `product=${product}`]);
  expectBars(await bars(page, 'per-leeftijd'), series(both, 'per-leeftijd', 'leeftijd', 'clienten'));
  // Back removes the last filter again; a reload of the address gives the same view.
  await page.goBack();
  await page.waitForFunction(() => !location.search.includes('product='));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=chips] .chip').length === 1);
  expectBars(await bars(page, 'per-product'), series(after, 'per-product', 'product', 'kosten'));
  const url = page.url();
  const again = await context.newPage();
  await again.goto(url);
  expectBars(await bars(again, 'per-product'), series(after, 'per-product', 'product', 'kosten'));
  assert.equal(await again.locator('[data-testid=chips] .chip').count(), 1);
  await page.screenshot({ path: path.join(shots, 'jeugdzorg-filtered.png'), fullPage: true });
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});

test('the budget tile follows a product click (its budget is split per product) and says a wijk filter does not apply', async () => {
  const { context, page, problems } = await open('?page=jeugdzorg', DESKTOP);
  const kpi = (select) => JSON.parse(execFileSync(helder, ['kpi', path.join(dist, 'data'), '--json', ...select.flatMap((s) => ['--select', s])], { encoding: 'utf8' }))[0];
  const tile = page.getByTestId('kpi-budget');
  const shows = (text) => page.waitForFunction(([t]) => document.querySelector('[data-testid=kpi-budget] [data-testid=kpi-value]')?.textContent === t, [text], { timeout: 10_000 });
  await shows(kpi([]).spent_text);
  const product = series(view('jeugdzorg'), 'per-product', 'product', 'kosten')[0].label;
  await page.locator(`[data-testid=widget-per-product] button.hit[data-label="${product}"]`).click();
  await page.waitForURL(/product=/);
  const p = kpi([`product=${product}`]);
  await shows(p.spent_text);
  assert.equal(Number(await tile.getByTestId('kpi-value').getAttribute('data-value')), p.spent, 'exact value');
  assert.ok((await tile.textContent()).includes(p.budget_text), await tile.textContent());
  assert.equal(await tile.getByTestId('not-applying').count(), 0);
  // A wijk on top: the budget has no wijken, so the tile keeps the product's figure and says so.
  const wijk = series(view('jeugdzorg'), 'per-wijk', 'wijk', 'kosten')[0].label;
  await page.locator(`[data-testid=widget-per-wijk] button.hit[data-label="${wijk}"]`).click();
  await page.waitForURL(/wijk=/);
  await tile.getByTestId('not-applying').waitFor({ timeout: 10_000 });
  assert.match(await tile.getByTestId('not-applying').textContent(), /Het filter op Wijk geldt hier niet: het budget is daar niet naar verdeeld/);
  assert.equal(await tile.getByTestId('kpi-value').textContent(), kpi([`product=${product}`, `wijk=${wijk}`]).spent_text);
  assert.equal(await tile.getByTestId('kpi-value').textContent(), p.spent_text);
  // The forecast no longer sets one wijk against the whole budget.
  await page.waitForFunction(() => /Geen vergelijking met het budget/.test(document.querySelector('[data-testid=widget-prognose]')?.textContent ?? ''), null, { timeout: 10_000 });
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});

test('a pivot cell filters the other widgets to that combination; its totals stay whole', async () => {
  const { context, page, problems } = await open('?page=jeugdzorg', DESKTOP);
  const pivot = view('jeugdzorg').widgets.find((w) => w.id === 'wijk-geslacht').pivot[0];
  const cellValue = `${pivot.rows[0]} · ${pivot.cols[0]}`;
  const total = page.locator('[data-testid=widget-wijk-geslacht] tfoot td.total').last();
  await total.waitFor({ timeout: 30_000 });
  const before = await total.textContent();
  await page.locator(`[data-testid=widget-wijk-geslacht] button[data-cell="${cellValue}"]`).click();
  await page.waitForURL(/geslacht=/);
  const native = view('jeugdzorg', [`wijk×geslacht=${cellValue}`]);
  expectBars(await bars(page, 'per-product'), series(native, 'per-product', 'product', 'kosten'));
  assert.equal(await total.textContent(), before);
  assert.match(await page.locator('[data-testid=chips] .chip').textContent(), new RegExp(cellValue));
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});

test('a scatter plot: arrows walk the points, Enter filters to one', async () => {
  const { context, page, problems } = await open('?page=jeugdzorg', DESKTOP);
  const scrub = page.locator('[data-testid=widget-wijk-scatter] [data-testid=point-scrub]');
  await scrub.waitFor({ timeout: 30_000 });
  await scrub.focus();
  await page.keyboard.press('ArrowRight');
  const text = await scrub.getAttribute('aria-valuetext');
  const wijk = text.split(':')[0];
  assert.match(text, /Cliënten .+, Kosten per cliënt € /);
  await page.keyboard.press('Enter');
  await page.waitForURL(/wijk=/);
  assert.equal(await page.locator('[data-testid=chips] .chip').textContent(), `Wijk: ${wijk} ✕`);
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});

test('the data table follows the filters, sorts and searches', async () => {
  const { context, page, problems } = await open('?page=meldingen&categorie=Afval', DESKTOP);
  const count = page.locator('[data-testid=widget-meldingen-rijen] [data-testid=rows-count]');
  await count.waitFor({ timeout: 30_000 });
  const native = view('meldingen', ['categorie=Afval']).widgets.find((w) => w.id === 'meldingen-rijen').rows;
  assert.match(await count.textContent(), new RegExp(`· ${native.total.toLocaleString('nl-NL')} rijen$`));
  const table = page.locator('[data-testid=widget-meldingen-rijen] table');
  assert.equal(await table.locator('tbody tr').count(), 25);
  assert.deepEqual(await table.locator('tbody tr').first().locator('td').allTextContents(), native.first[0]);
  // Sort by handling time, longest first (two clicks), then search a buurt.
  const sortButton = table.locator('thead button', { hasText: 'Doorlooptijd' });
  await sortButton.click();
  await sortButton.click();
  assert.equal(await table.locator('thead th').nth(4).getAttribute('aria-sort'), 'descending');
  const longest = parseFloat((await table.locator('tbody tr').first().locator('td').nth(4).textContent()).replace(',', '.'));
  const second = parseFloat((await table.locator('tbody tr').nth(1).locator('td').nth(4).textContent()).replace(',', '.'));
  assert.ok(longest >= second, `${longest} then ${second}`);
  const buurt = native.first[0][3];
  await page.locator('[data-testid=widget-meldingen-rijen] input[type=search]').fill(buurt);
  await page.waitForFunction((b) => [...document.querySelectorAll('[data-testid=widget-meldingen-rijen] tbody tr')].every((r) => r.children[3].textContent === b), buurt);
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});

test('forecast and policy effect are computed in the browser exactly as natively', async () => {
  for (const [pageId, widget] of [['jeugdzorg', 'prognose'], ['bijstand', 'effect-werk-voorop']]) {
    const { context, page, problems } = await open(`?page=${pageId}`, DESKTOP);
    const sentence = page.locator(`[data-testid=widget-${widget}] [data-testid=analytics-sentence]`);
    await sentence.waitFor({ timeout: 60_000 });
    const native = view(pageId).widgets.find((w) => w.id === widget).analytics;
    assert.equal(await sentence.textContent(), native.sentence);
    assert.ok(Math.abs(Number(await sentence.getAttribute('data-value')) - native.value) <= 1e-6 * Math.abs(native.value) + 1e-6);
    assert.ok(await page.locator(`[data-testid=widget-${widget}] svg polygon, [data-testid=widget-${widget}] svg path`).count() > 0);
    // The fit's time in this browser (User Timing), for the record, not as a pass mark.
    const ms = await page.evaluate((w) => performance.getEntriesByName(`helder:analytics:${w}`).map((e) => e.duration), widget);
    assert.ok(ms.length > 0, 'the analytics widget times its fit');
    console.log(`${widget}: fit and figure in ${ms.map((x) => x.toFixed(1)).join(', ')} ms`);
    await page.locator(`[data-testid=widget-${widget}]`).screenshot({ path: path.join(shots, `${widget}.png`) });
    if (widget === 'effect-werk-voorop') await effectAgainstControl(page, sentence);
    assert.deepEqual(problems, { console: [], page: [] });
    await context.close();
  }
});

/**
 * The effect widget compares the pilot wijken with those the spec names as control: its
 * figure equals `helder effect --control wijk=...` on the same file, and it says so.
 */
async function effectAgainstControl(page, sentence) {
  const spec = fs.readFileSync(path.join(dist, 'data', 'dashboard.toml'), 'utf8');
  const m = spec.match(/id = "effect-werk-voorop"[\s\S]*?at = "(\d{4}-\d{2})-\d{2}"[\s\S]*?control = \{ column = "(\w+)", values = (\[[^\]]*\])/);
  assert.ok(m, 'the demo effect widget names its control wijken');
  const [, at, column, values] = m;
  const manifest = JSON.parse(fs.readFileSync(path.join(dist, 'data', 'manifest.json'), 'utf8'));
  const file = manifest.datasets.find((d) => d.name === 'bijstand').file;
  const cli = JSON.parse(execFileSync(helder, ['effect', path.join(dist, 'data', file), '--column', 'uitkeringen',
    '--at', at, '--control', `${column}=${JSON.parse(values).join(',')}`, '--json'], { encoding: 'utf8' }));
  const shown = Number(await sentence.getAttribute('data-value'));
  assert.ok(Math.abs(shown - cli.effect.cumulative.effect) <= 1e-6 * Math.abs(shown), `${shown} vs ${cli.effect.cumulative.effect}`);
  assert.equal(cli.effect.effect_claimed, true);
  const card = page.getByTestId('widget-effect-werk-voorop');
  await card.getByText('Vergeleken met de wijken zonder Werk Voorop', { exact: false }).waitFor();
  await card.getByText('Stippellijn: de wijken zonder Werk Voorop', { exact: false }).waitFor();
  await card.locator('details.table-alt summary').click();
  assert.equal(await card.locator('thead th').last().textContent(), 'Vergelijking (geschaald)');
}

test('care demand per buurt: the browser table equals helder view and helder project', async () => {
  const { context, page, problems } = await open('?page=buurten', DESKTOP);
  const region = page.getByTestId('demand-zorgvraag');
  await region.locator('tbody tr').first().waitFor({ timeout: 60_000 });
  const native = view('buurten').widgets.find((w) => w.id === 'zorgvraag').demand;
  const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  // The CLI's batch run projects from the same base year to the same numbers.
  const project = JSON.parse(execFileSync(helder, ['project', path.join(dist, 'data'), '--json'], { encoding: 'utf8' }));
  assert.equal(project.base_year, native.base_year);
  assert.deepEqual(native.horizons, [1, 5]);
  native.total.cells.forEach((c, j) => assert.ok(close(project.projection.total[j].expected, c.expected)));
  // The municipal total is the sum of the buurten.
  native.total.cells.forEach((c, j) => assert.ok(close(native.rows.reduce((s, r) => s + r.cells[j].expected, 0), c.expected)));
  const nl = (x) => Math.round(x).toLocaleString('nl-NL');
  /** Every row shown equals the native row: users now, expected per horizon, change. */
  async function expectRows() {
    const rows = await region.locator('tbody tr').all();
    assert.equal(rows.length, 20);
    const names = [];
    for (const tr of rows) {
      const name = await tr.getAttribute('data-name');
      names.push(name);
      const r = native.rows.find((x) => x.name === name);
      assert.ok(r, name);
      assert.equal(Number(await tr.getAttribute('data-current')), r.current);
      const cells = await tr.locator('td[data-years]').all();
      assert.equal(cells.length, 2);
      for (const [j, td] of cells.entries()) {
        assert.ok(close(Number(await td.getAttribute('data-value')), r.cells[j].expected), `${name} ${j}`);
        assert.match(await td.textContent(), new RegExp(`^${nl(r.cells[j].expected).replace('.', '\\.')}80 %: `));
      }
    }
    return names;
  }
  // Opens sorted by name.
  const byName = native.rows.map((r) => r.name).sort();
  assert.deepEqual(await expectRows(), byName.slice(0, 20));
  const foot = region.locator('tfoot tr');
  assert.ok(close(Number(await foot.locator('td[data-years="5"]').getAttribute('data-value')), native.total.cells[1].expected));
  // A click on "Over 5 jaar" sorts largest first; the keyboard sorts the 1-year change.
  await region.locator('thead button', { hasText: 'Over 5 jaar' }).click();
  assert.equal(await region.locator('thead th').nth(4).getAttribute('aria-sort'), 'descending');
  const by5 = [...native.rows].sort((a, b) => b.cells[1].expected - a.cells[1].expected || (a.name < b.name ? 1 : -1));
  assert.deepEqual(await expectRows(), by5.slice(0, 20).map((r) => r.name));
  await region.locator('thead button', { hasText: 'Verschil' }).first().focus();
  await page.keyboard.press('Enter');
  assert.equal(await region.locator('thead th').nth(3).getAttribute('aria-sort'), 'descending');
  const byChange = [...native.rows].sort((a, b) => b.cells[0].change - a.cells[0].change || (a.name < b.name ? 1 : -1));
  assert.deepEqual(await expectRows(), byChange.slice(0, 20).map((r) => r.name));
  // Every number says how it was computed.
  const first = region.locator('tbody tr').first();
  await first.locator('summary').click();
  const r = native.rows.find((x) => x.name === byChange[0].name);
  assert.equal(await first.locator('details p').textContent(), r.explanation);
  assert.match(r.explanation, /eigen gegevens wegen \d+%/);
  // The pager moves through every buurt in the chosen order and stops at the last page.
  const pager = page.getByTestId('widget-zorgvraag').locator('.pager');
  const [previous, next] = [pager.locator('button').first(), pager.locator('button').last()];
  assert.deepEqual(await pager.locator('button').allTextContents(), ['Vorige', 'Volgende']);
  assert.equal(await previous.isDisabled(), true);
  const pages = Math.ceil(native.rows.length / 20);
  for (let p = 1; p < pages; p += 1) {
    await next.click();
    assert.equal(await pager.locator('span').textContent(), `Pagina ${p + 1} van ${pages} · ${native.rows.length} buurten`);
    const shown = await region.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.name));
    assert.deepEqual(shown, byChange.slice(20 * p, 20 * (p + 1)).map((x) => x.name));
  }
  assert.equal(await next.isDisabled(), true);
  assert.equal(await previous.isDisabled(), false);
  await previous.click();
  assert.match(await pager.locator('span').textContent(), new RegExp(`^Pagina ${pages - 1} van`));
  await region.screenshot({ path: path.join(shots, 'zorgvraag.png') });
  await axe(page);
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});

test('the from-to control selects a period without dragging', async () => {
  const { context, page, problems } = await open('?page=jeugdzorg', DESKTOP);
  const from = page.getByTestId('range-from-maand');
  await from.waitFor({ timeout: 30_000 });
  const options = await from.locator('option').allTextContents();
  assert.ok(options.length >= 24, `${options.length} months`);
  // The twelve months before the last one.
  const i = options.length - 13;
  await from.selectOption(String(i));
  await page.getByTestId('range-to-maand').selectOption(String(options.length - 2));
  await page.waitForURL(/maand%3Amonth=|maand:month=/);
  const pair = new URL(page.url()).searchParams.get('maand:month');
  assert.match(pair, /^\d{4}-\d{2}-01\.\.\d{4}-\d{2}-\d{2}$/);
  const native = view('jeugdzorg', [`maand:month=${pair}`]);
  expectBars(await bars(page, 'per-wijk'), series(native, 'per-wijk', 'wijk', 'kosten_per_client'), false);
  const chip = await page.locator('[data-testid=chips] .chip').textContent();
  assert.match(chip, new RegExp(`Maand: ${options[i]} t/m ${options[options.length - 2]}`));
  // The KPI shows the last selected month.
  assert.match(await page.getByTestId('kpi-kosten-maand').textContent(), new RegExp(options[options.length - 2]));
  await page.getByTestId('clear-all').click();
  await page.waitForFunction(() => !location.search.includes('maand'));
  // The chart's own period control by keyboard: End, two steps back, Enter selects that month.
  const scrub = page.locator('[data-testid=widget-kosten-tijd] [data-testid=period-scrub]');
  await scrub.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  assert.match(await scrub.getAttribute('aria-valuetext'), new RegExp(`^${options[options.length - 3]}: € `));
  await page.keyboard.press('Enter');
  await page.waitForURL(/maand/);
  assert.match(await page.locator('[data-testid=chips] .chip').textContent(), new RegExp(`Maand: ${options[options.length - 3]}`));
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});

test('a widget downloads its current figures as Dutch Excel CSV', async () => {
  const { context, page } = await open('?page=jeugdzorg', DESKTOP, { acceptDownloads: true });
  await bars(page, 'per-product');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-testid=widget-per-product] .downloads button', { hasText: 'CSV' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'per-product.csv');
  const text = fs.readFileSync(await download.path(), 'utf8');
  const points = series(view('jeugdzorg'), 'per-product', 'product', 'kosten');
  const expected = '\ufeffProduct;Kosten;Aantal rijen\r\n' + points
    .map((p) => `${p.label};${String(Math.round(p.value * 1e6) / 1e6).replace('.', ',')};${p.rows}\r\n`)
    .join('');
  assert.equal(text, expected);
  await context.close();
});

test('a widget downloads its chart as SVG and as a PNG of twice its size', async () => {
  const { context, page } = await open('?page=jeugdzorg', DESKTOP, { acceptDownloads: true });
  await bars(page, 'per-product');
  const save = async (label) => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=widget-per-product] .downloads button', { hasText: label }).click(),
    ]);
    return { name: download.suggestedFilename(), bytes: fs.readFileSync(await download.path()) };
  };
  const svg = await save('SVG');
  assert.equal(svg.name, 'per-product.svg');
  const text = svg.bytes.toString('utf8');
  assert.match(text, /^<svg[^>]*width="(\d+)" height="(\d+)"/);
  const [, w, h] = text.match(/^<svg[^>]*width="(\d+)" height="(\d+)"/);
  const png = await save('PNG');
  assert.equal(png.name, 'per-product.png');
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // The IHDR chunk holds width and height: twice the chart's, for sharp slides.
  assert.equal(png.bytes.readUInt32BE(16), 2 * Number(w));
  assert.equal(png.bytes.readUInt32BE(20), 2 * Number(h));
  // Not a blank image: a PNG of a drawn chart compresses to far more than an empty canvas.
  assert.ok(png.bytes.length > 5000, `PNG only ${png.bytes.length} bytes`);
  await context.close();
});

test('English as a switch: texts, labels and number formats change, the view stays', async () => {
  const { page, context, problems } = await open('?page=jeugdzorg&wijk=Noord', DESKTOP);
  await bars(page, 'per-product');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'nl');
  await page.locator('[data-testid=language-switch]').click();
  await page.waitForURL(/lang=en/);
  await bars(page, 'per-product');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.match(page.url(), /wijk=Noord/);
  assert.match(await page.locator('[data-testid=as-of]').textContent(), /^Data up to \d+ [A-Z][a-z]+ \d{4}$/);
  assert.equal(await page.locator('[aria-current=page]').textContent(), 'Youth care');
  assert.equal(await page.locator('[data-testid=widget-per-product] h2').textContent(), 'Per product');
  assert.match(await page.locator('[data-testid=widget-per-wijk] h2').textContent(), /^Per district$/);
  assert.match(await page.locator('[data-testid=chips] .chip').first().textContent(), /^District: Noord/);
  // Amounts in English notation: € then digits grouped by commas.
  const kpi = await page.locator('[data-testid=widget-kosten-maand] .kpi-value').first().textContent();
  assert.match(kpi, /^€\d{1,3}(,\d{3})+$/);
  await axe(page);
  await page.screenshot({ path: path.join(shots, 'jeugdzorg-english.png'), fullPage: true });
  // And back to Dutch, still on the same view.
  await page.locator('[data-testid=language-switch]').click();
  await page.waitForURL((u) => !u.search.includes('lang='));
  await bars(page, 'per-product');
  assert.equal(await page.locator('[aria-current=page]').textContent(), 'Jeugdzorg');
  assert.match(await page.locator('[data-testid=widget-kosten-maand] .kpi-value').first().textContent(), /^€ \d{1,3}(\.\d{3})+$/);
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});

test('the care-demand table in English: headings, pager, totals and explanations', async () => {
  const { page, context, problems } = await open('?page=buurten&lang=en', DESKTOP);
  const region = page.getByTestId('demand-zorgvraag');
  await region.locator('tbody tr').first().waitFor({ timeout: 60_000 });
  assert.match(await region.locator('caption').textContent(), /^Expected users per area, base year \d{4} \(In 1 year, In 5 years\)$/);
  assert.deepEqual(await region.locator('thead th').allTextContents(), [
    'Area', 'Now (2025)', 'In 1 year', 'Change', 'In 5 years', 'Change', 'How computed',
  ].map((x) => x.replace('2025', String(view('buurten').widgets.find((w) => w.id === 'zorgvraag').demand.base_year))));
  const pager = page.getByTestId('widget-zorgvraag').locator('.pager');
  assert.deepEqual(await pager.locator('button').allTextContents(), ['Previous', 'Next']);
  assert.match(await pager.locator('span').textContent(), /^Page 1 of 4 · 80 areas$/);
  assert.equal(await region.locator('tfoot th').textContent(), 'Municipality (sum of the areas)');
  const first = region.locator('tbody tr').first();
  await first.locator('summary').click();
  assert.match(await first.locator('details p').textContent(), /^In \d{4} \S.* had [\d,]+ users, .*Expected = .*: in 1 year: .*; in 5 years: /);
  const text = await page.getByTestId('widget-zorgvraag').textContent();
  assert.match(text, /Base year \d{4}: users in/);
  assert.doesNotMatch(text, /gebruikers|Verwacht|Uitleg|Volgende|buurten/);
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});

test('a page over two datasets: benefits follow the year and a buurt, and say which filter they cannot follow', async () => {
  const { page, context, problems } = await open('?page=buurten', DESKTOP);
  // Bars carry the value as shown (per 1.000); `helder view` gives the ratio itself.
  const series = (v, w, d, m) => seriesOf(v, w, d, m).map((p) => ({ ...p, value: p.value * 1000 }));
  const year = view('buurten').selection.find(([d]) => d === 'jaar')[1];
  expectBars(await bars(page, 'bijstand-wijk'), series(view('buurten', [`jaar=${year}`]), 'bijstand-wijk', 'wijk', 'per_1000'));
  // A buurt chosen in the population table reaches the benefits through the shared column.
  const row = page.locator('[data-testid=widget-per-buurt] button.row-filter').first();
  const buurt = await row.getAttribute('data-label');
  await row.click();
  await page.waitForURL(/buurt=/);
  const native = view('buurten', [`jaar=${year}`, `buurt=${buurt}`]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=widget-bijstand-wijk] button.hit').length === 1);
  expectBars(await bars(page, 'bijstand-wijk'), series(native, 'bijstand-wijk', 'wijk', 'per_1000'));
  assert.equal(await page.locator('[data-testid=widget-bijstand-wijk] [data-testid=not-applying]').count(), 0);
  // An age band cannot reach benefits without ages: the figures stay, and the widget says why.
  await page.locator('[data-testid=widget-per-leeftijdsklasse] button.hit').first().click();
  await page.waitForURL(/leeftijdsklasse=/);
  await page.locator('[data-testid=widget-bijstand-wijk] [data-testid=not-applying]').waitFor();
  assert.match(await page.locator('[data-testid=widget-bijstand-wijk] [data-testid=not-applying]').textContent(), /Leeftijdsklasse geldt hier niet/);
  expectBars(await bars(page, 'bijstand-wijk'), series(native, 'bijstand-wijk', 'wijk', 'per_1000'));
  await page.screenshot({ path: path.join(shots, 'buurten-two-datasets.png'), fullPage: true });
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});

for (const pageId of ['jeugdzorg', 'meldingen', 'verzuim', 'bijstand', 'buurten']) {
  test(`page ${pageId}: desktop and phone screenshots, no sideways scrolling, axe finds nothing`, async () => {
    for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      const { context, page, problems } = await open(`?page=${pageId}`, viewport);
      await page.locator('.widget .chart-svg svg, .widget table').first().waitFor({ timeout: 30_000 });
      await page.waitForFunction(() => !document.querySelector('[aria-busy=true]'));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name}: page scrolls ${overflow}px sideways`);
      assert.equal(await page.locator('[aria-current=page]').textContent(), await page.locator('#page-title').textContent());
      if (pageId === 'buurten') {
        // Stacked bars name their parts in a legend; every bar is also a button.
        assert.equal(await page.locator('[data-testid=widget-per-wijk] .legend li').count(), 6);
        // It opens at the latest year, written as a year (no thousands dot).
        assert.match(await page.locator('[data-testid=chips] .chip').textContent(), /^Jaar: 20\d\d ✕$/);
        assert.ok(await page.locator('[data-testid=widget-per-wijk] button.hit').count() >= 8);
      }
      if (pageId === 'bijstand') {
        // The policy measure is marked on the time chart, and said in words under it.
        assert.match(await page.locator('.marks').textContent(), /Start Werk Voorop: 1 juli \d{4}/);
      }
      await page.screenshot({ path: path.join(shots, `${pageId}-${name}.png`), fullPage: true });
      await axe(page);
      assert.deepEqual(problems, { console: [], page: [] });
      await context.close();
    }
  });
}

test('a second site made of only a spec and a data file renders, with its age warning', async () => {
  const { context, page, problems } = await open('?data=onderwijs', DESKTOP);
  await page.locator('[data-testid=widget-per-school] button.hit').first().waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('#page-title').textContent(), 'Onderwijs');
  const labels = await page.locator('[data-testid=widget-per-school] button.hit').evaluateAll((b) => b.map((x) => x.dataset.label));
  assert.ok(labels.includes('Stedelijk Lyceum'), labels.join());
  // Its data ends 30 September 2026 and may be 31 days old: every widget warns.
  assert.ok(await page.locator('.stale').count() >= 3);
  assert.match(await page.locator('.chips').textContent(), /Peildatum: sep 2026/);
  await page.screenshot({ path: path.join(shots, 'onderwijs.png'), fullPage: true });
  await axe(page);
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});
