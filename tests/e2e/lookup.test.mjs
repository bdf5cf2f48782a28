// End-to-end: quick lookup. Typed words answer with the figure itself, equal to what
// `helder view` computes for the same page and filters; the keyboard path (/ → type →
// ArrowDown → Enter) opens the page with the filters at the widget; the phone layout
// keeps to 360 px; axe finds nothing with the answers open.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, open, axe, view, shots, DESKTOP, PHONE } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

async function ready(viewport = DESKTOP) {
  const opened = await open(env, '?page=jeugdzorg', viewport);
  await opened.page.locator('[data-testid=widget-kosten-maand] .kpi-value').first().waitFor({ timeout: 30_000 });
  return opened;
}

/** Types `query` and waits until the first answer has its figure; returns it. */
async function ask(page, query) {
  const input = page.getByTestId('lookup-input');
  await input.fill('');
  await input.pressSequentially(query, { delay: 20 });
  const first = page.getByTestId('lookup-option').first();
  await page.waitForFunction(() => {
    const v = document.querySelector('[data-testid=lookup-option] [data-testid=lookup-value]');
    return v && v.textContent.trim() !== '';
  }, null, { timeout: 30_000 });
  return {
    page: await first.getAttribute('data-page'),
    widget: await first.getAttribute('data-widget'),
    measure: Number(await first.getAttribute('data-measure')),
    text: (await first.getByTestId('lookup-value').textContent()).trim(),
    meta: (await first.locator('.lookup-meta').textContent()).trim(),
  };
}

/** The address's filter pairs, as `helder view --select` takes them. */
function selects(url) {
  const out = [];
  for (const [k, v] of new URL(url).searchParams) {
    if (!['page', 'data', 'thema', 'lang'].includes(k)) out.push(`${k}=${v}`);
  }
  return out;
}

/** The KPI figure `helder view` computes for `period` (a KPI's series keeps every period,
 *  since a widget never filters itself; without a period filter it is the last one). */
function kpiText(v, widget, measure, period) {
  const points = v.widgets.find((w) => w.id === widget).series[measure].points;
  const last = points[points.length - 1];
  if (!period) return last.text;
  const p = points.find((x) => x.label === period);
  assert.ok(p, `helder view has a point for ${period}`);
  return p.text;
}

const CASES = [
  { query: 'bijstand noord', page: 'bijstand', widget: 'uitkeringen', measure: 0, filter: 'wijk=Noord' },
  { query: 'bijstnd nord', page: 'bijstand', widget: 'uitkeringen', measure: 0, filter: 'wijk=Noord' },
  { query: 'wachttijd meldingen', page: 'meldingen', widget: 'op-tijd', measure: 1 },
  { query: 'Centrum 2025', filter: 'wijk=Centrum', year: '2025' },
];

for (const c of CASES) {
  test(`lookup "${c.query}": the first answer's figure equals helder view's`, async () => {
    const { context, page, problems } = await ready();
    const a = await ask(page, c.query);
    if (c.page) assert.equal(a.page, c.page);
    if (c.widget) assert.equal(a.widget, c.widget);
    if (c.measure !== undefined) assert.equal(a.measure, c.measure);
    if (c.year) assert.match(a.meta, /2025/);
    assert.match(a.meta, /Data t\/m \d{1,2} \w+ \d{4}/, 'the answer says how fresh it is');
    await page.getByTestId('lookup-option').first().click();
    await page.waitForURL((u) => u.searchParams.get('page') === a.page);
    await page.locator(`[data-testid=widget-${a.widget}] .kpi-value`).first().waitFor({ timeout: 30_000 });
    const pairs = selects(page.url());
    if (c.filter) assert.ok(pairs.includes(c.filter), `${pairs} has ${c.filter}`);
    if (c.year) assert.ok(pairs.some((p) => p.includes('2025-01-01..2025-12-31') || p.endsWith('=2025..2025')), `${pairs} is 2025`);
    // The answer's period is the first part of its line, e.g. "dec 2025".
    const period = c.year ? a.meta.split(' · ')[0] : undefined;
    if (c.year) assert.equal(period, 'dec 2025', 'the last month of the year asked for');
    assert.equal(a.text, kpiText(view(a.page, pairs), a.widget, a.measure, period));
    // The widget shows the answer's measure (switched to it) and figure.
    if (a.measure > 0) {
      assert.equal(await page.getByTestId(`measure-${a.widget}`).inputValue(), String(a.measure));
    }
    const value = page.locator(`[data-testid=widget-${a.widget}] .kpi-value`).first();
    await page.waitForFunction(([sel, text]) => document.querySelector(sel)?.textContent.trim() === text,
      [`[data-testid=widget-${a.widget}] .kpi-value`, a.text], { timeout: 10_000 }).catch(() => {});
    assert.equal((await value.textContent()).trim(), a.text, 'the widget shows the answer');
    assert.deepEqual(problems, { console: [], page: [] });
    await context.close();
  });
}

test('lookup "jeugdzorg budget": the budget tile\'s figure', async () => {
  const { context, page, problems } = await ready();
  const tile = (await page.getByTestId('kpi-budget').getByTestId('kpi-value').textContent()).trim();
  const a = await ask(page, 'jeugdzorg budget');
  assert.equal(a.widget, 'budget');
  assert.ok(a.text.startsWith(tile), `${a.text} starts with the tile's ${tile}`);
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});

test('lookup by keyboard: / focuses, ArrowDown and Enter open the widget with its filters; axe with answers open', async () => {
  const { context, page, problems } = await ready();
  await page.locator('body').click({ position: { x: 5, y: 400 } });
  // Under a loaded machine the first key can arrive while the page is still settling
  // (seen once in five runs); a reader would press again, so the test does too, once.
  await page.keyboard.press('/');
  if (await page.evaluate(() => document.activeElement?.id) !== 'lookup-input') {
    await page.waitForTimeout(300);
    await page.keyboard.press('/');
  }
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'lookup-input');
  const timings = [];
  for (const ch of 'bijstand noord') {
    await page.keyboard.type(ch);
    await page.waitForTimeout(30);
    timings.push(Number(await page.getByTestId('lookup-list').getAttribute('data-ms')));
  }
  await page.waitForFunction(() => document.querySelector('[data-testid=lookup-option] [data-testid=lookup-value]')?.textContent.trim());
  const input = page.getByTestId('lookup-input');
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  assert.match(await page.getByTestId('lookup-count').textContent(), /\d+ resultaten|1 resultaat/);
  await page.keyboard.press('ArrowDown');
  assert.equal(await input.getAttribute('aria-activedescendant'), 'lookup-option-0');
  assert.equal(await page.locator('#lookup-option-0').getAttribute('aria-selected'), 'true');
  await page.screenshot({ path: path.join(shots, 'lookup-desktop.png') });
  await axe(page);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.searchParams.get('page') === 'bijstand' && u.searchParams.get('wijk') === 'Noord');
  await page.waitForFunction(() => document.activeElement?.closest('[data-testid=widget-uitkeringen]'), null, { timeout: 30_000 });
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  // Escape closes the answers without leaving the field.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('verzuim');
  await page.getByTestId('lookup-option').first().waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  fs.writeFileSync(path.join(shots, 'lookup.json'), JSON.stringify({ per_keystroke_ms: timings }, null, 1));
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});

test('lookup on a phone: fits 360 px, 24 px targets, two taps to the figure; axe', async () => {
  const { context, page, problems } = await ready(PHONE);
  // The field hides behind a button in the header; tap one opens it, focused.
  assert.equal(await page.getByTestId('lookup-input').isVisible(), false);
  await page.screenshot({ path: path.join(shots, 'lookup-phone-closed.png') });
  await page.getByTestId('lookup-toggle').click();
  await page.waitForFunction(() => document.activeElement?.id === 'lookup-input');
  await ask(page, 'wachttijd meldingen');
  const found = await page.evaluate(() => {
    const small = [...document.querySelectorAll('#lookup-input, [data-testid=lookup-option]')]
      .map((el) => el.getBoundingClientRect())
      .filter((r) => r.width < 24 || r.height < 24);
    const list = document.querySelector('[data-testid=lookup-list]').getBoundingClientRect();
    return { overflow: document.documentElement.scrollWidth - window.innerWidth, small: small.length, right: list.right };
  });
  assert.ok(found.overflow <= 0, `the page scrolls ${found.overflow}px sideways`);
  assert.ok(found.right <= PHONE.width, 'the answers fit the screen');
  assert.equal(found.small, 0);
  await page.screenshot({ path: path.join(shots, 'lookup-phone.png') });
  await axe(page);
  await page.getByTestId('lookup-option').first().click();
  await page.waitForURL((u) => u.searchParams.get('page') === 'meldingen');
  await page.locator('[data-testid=widget-op-tijd] .kpi-value').first().waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid=measure-op-tijd]')?.value === '1');
  // The tile shows the mean handling time, without the first measure's 80% norm.
  assert.doesNotMatch(await page.getByTestId('widget-op-tijd').textContent(), /norm van 80,0 dagen/);
  await page.screenshot({ path: path.join(shots, 'lookup-phone-answer.png') });
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});
