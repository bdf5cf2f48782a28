// End-to-end: the phone layout at 360×740. No page scrolls sideways, tables scroll inside
// themselves, every control is at least 24×24 px (WCAG 2.5.8), and the filters open as a
// drawer over the whole screen that keeps keyboard focus inside until it is closed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, open as openIn, axe, shots } from './harness.mjs';

const PHONE = { width: 360, height: 740 };
const PAGES = ['jeugdzorg', 'meldingen', 'verzuim', 'bijstand', 'buurten'];

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

async function openPage(pageId) {
  const opened = await openIn(env, `?page=${pageId}`, PHONE);
  await opened.page.locator('.widget .chart-svg svg, .widget table').first().waitFor({ timeout: 30_000 });
  await opened.page.waitForFunction(() => !document.querySelector('[aria-busy=true]'));
  return opened;
}

for (const pageId of PAGES) {
  test(`phone ${pageId}: no sideways scrolling, tables scroll inside, targets of 24×24 px or more`, async () => {
    const { context, page, problems } = await openPage(pageId);
    // Every table alternative open, so its rows' buttons count too (the drawer stays shut).
    await page.evaluate(() => document.querySelectorAll('details:not(.filter-panel)').forEach((d) => { d.open = true; }));
    const found = await page.evaluate(() => {
      const small = [];
      for (const el of document.querySelectorAll('a[href], button, input, select, summary, [role=slider]')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (r.width < 24 || r.height < 24) small.push(`${el.outerHTML.slice(0, 80)} is ${r.width.toFixed(0)}×${r.height.toFixed(0)}`);
      }
      const tables = [...document.querySelectorAll('table')].flatMap((t) => {
        let box = t.parentElement;
        while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
        const ok = box && box.getBoundingClientRect().right <= window.innerWidth;
        return ok ? [] : [`${t.closest('[data-testid]')?.dataset.testid}: no scrolling box of its own`];
      });
      // Every text of a chart lies inside its drawing: a label cut at the edge (": 4,0 mln"
      // for "€ 4,0 mln") passes every other check.
      const cut = [...document.querySelectorAll('[data-testid^=widget-] svg')].flatMap((svg) => {
        const box = svg.getBoundingClientRect();
        if (box.width === 0) return [];
        return [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim()).flatMap((t) => {
          const r = t.getBoundingClientRect();
          const inside = r.left >= box.left - 1 && r.right <= box.right + 1;
          return inside ? [] : [`${svg.closest('[data-testid^=widget-]').dataset.testid}: "${t.textContent}" at ${r.left.toFixed(0)}–${r.right.toFixed(0)} outside ${box.left.toFixed(0)}–${box.right.toFixed(0)}`];
        });
      });
      return { overflow: document.documentElement.scrollWidth - window.innerWidth, small, tables, cut };
    });
    assert.ok(found.overflow <= 0, `the page scrolls ${found.overflow}px sideways`);
    assert.deepEqual(found.tables, []);
    assert.deepEqual(found.cut, []);
    assert.deepEqual(found.small, []);
    assert.deepEqual(problems, { console: [], page: [] });
    await context.close();
  });
}

test('phone: the filters open as a drawer over the screen; focus stays in it; closing shows the result', async () => {
  const { context, page, problems } = await openPage('jeugdzorg');
  const panel = page.getByTestId('filter-panel');
  const summary = panel.locator('summary');
  assert.equal(await panel.getAttribute('open'), null, 'closed at first on a phone');
  await summary.click();
  const box = await panel.boundingBox();
  assert.deepEqual([box.x, box.y, box.width, box.height], [0, 0, PHONE.width, PHONE.height]);
  assert.equal(await page.locator('[data-testid=widget-per-product]').isVisible(), false, 'the widgets are behind it, hidden');
  await page.screenshot({ path: path.join(shots, 'phone-filter-drawer.png') });
  await axe(page);
  // Tabbing around never leaves the drawer (the browser's own controls aside).
  await summary.focus();
  for (let i = 0; i < 40; i += 1) {
    await page.keyboard.press('Tab');
    const inside = await page.evaluate(() => document.activeElement === document.body
      || document.activeElement.closest('.filter-panel') !== null);
    assert.ok(inside, `focus left the drawer after ${i + 1} tabs`);
  }
  await panel.locator('.filter-choice input[type=checkbox]').first().check();
  await page.waitForURL(/product=/);
  // The button at the foot closes it and gives focus back to its heading.
  await page.getByTestId('drawer-close').click();
  assert.equal(await panel.getAttribute('open'), null);
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'SUMMARY');
  await page.locator('[data-testid=chips] .chip').first().waitFor();
  assert.equal(await page.locator('[data-testid=widget-per-product]').isVisible(), true);
  await page.screenshot({ path: path.join(shots, 'phone-filtered.png') });
  assert.deepEqual(problems, { console: [], page: [] });
  await context.close();
});
