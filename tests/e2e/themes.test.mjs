// End-to-end: the design tokens. The default theme and a municipal theme made from an NL
// Design System token package (?thema=rotterdam) both restyle page and charts, keep the
// theme in the address while filtering, and pass axe-core on every page, desktop and phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, open as openIn, axe, dist, shots } from './harness.mjs';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };
const PAGES = ['jeugdzorg', 'meldingen', 'verzuim', 'bijstand', 'buurten'];

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

/** A token's value in a token file of the build (lower case). */
function tokenIn(file, name) {
  const m = new RegExp(`${name}:\\s*([^;]+);`).exec(fs.readFileSync(file, 'utf8'));
  assert.ok(m, `${name} in ${file}`);
  return m[1].trim().toLowerCase();
}

const tokenFile = () => path.join(dist, fs.readdirSync(dist).find((f) => /^tokens-.*\.css$/.test(f)));
const THEMES = {
  standaard: { query: '', file: tokenFile },
  rotterdam: { query: 'thema=rotterdam&', file: () => path.join(dist, 'themes/rotterdam.css') },
};

/** `#rrggbb` of a computed `rgb(r, g, b)`. */
const hex = (rgb) => '#' + rgb.match(/\d+/g).slice(0, 3).map((n) => Number(n).toString(16).padStart(2, '0')).join('');

for (const [theme, { query, file }] of Object.entries(THEMES)) {
  test(`theme ${theme}: header, KPI and chart bars take the theme's tokens`, async () => {
    const { context, page, problems } = await openIn(env, `?${query}page=jeugdzorg`, DESKTOP);
    await page.locator('[data-testid=widget-per-product] .chart-svg svg').waitFor({ timeout: 30_000 });
    const header = await page.locator('.site-header').evaluate((e) => getComputedStyle(e).backgroundColor);
    assert.equal(hex(header), tokenIn(file(), '--helder-color-header'));
    // A bar of the chart: plotters' fill became the token, so the theme's colour shows.
    const bar = page.locator('[data-testid=widget-per-product] .chart-svg svg rect[fill*="--helder-chart-1"]').first();
    assert.equal(hex(await bar.evaluate((e) => getComputedStyle(e).fill)), tokenIn(file(), '--helder-chart-1'));
    // Filtering rewrites the address; the theme stays in it.
    await page.locator('[data-testid=widget-per-product] button.hit').first().click();
    await page.waitForURL(/product=/);
    if (query) assert.match(page.url(), /thema=rotterdam/);
    await page.screenshot({ path: path.join(shots, `theme-${theme}.png`), fullPage: true });
    assert.deepEqual(problems, { console: [], page: [] });
    await context.close();
  });

  // The default theme's pages are scanned by dashboard.test.mjs already.
  if (!query) continue;
  test(`theme ${theme}: axe finds nothing on any page, desktop and phone`, async () => {
    for (const pageId of PAGES) {
      for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
        const { context, page, problems } = await openIn(env, `?${query}page=${pageId}`, viewport);
        await page.locator('.widget .chart-svg svg, .widget table').first().waitFor({ timeout: 30_000 });
        await page.waitForFunction(() => !document.querySelector('[aria-busy=true]'));
        if (name === 'phone' && pageId === 'buurten') {
          await page.screenshot({ path: path.join(shots, `theme-${theme}-${pageId}-phone.png`), fullPage: true });
        }
        await axe(page);
        assert.deepEqual(problems, { console: [], page: [] }, `${pageId} ${name}`);
        await context.close();
      }
    }
  });
}
