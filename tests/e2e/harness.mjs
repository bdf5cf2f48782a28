// What every end-to-end test file shares: the built site, a static server with extra
// folders, Debian's Chromium, pages that record errors, and the axe-core scan.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { serve } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
export const dist = process.env.HELDER_DIST ?? path.join(root, 'dist');
export const helder = process.env.HELDER_BIN ?? path.join(root, 'target/debug/helder');
export const shots = path.join(here, 'screenshots');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Serves the build at '/' plus `mounts` ('/prefix/' → folder) and starts Chromium;
 *  `options` go to the server (e.g. `{ gzip: true }` or `{ stall }`). */
export async function start(mounts = {}, options = {}) {
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), `no build in ${dist}: run cargo xtask build`);
  fs.mkdirSync(shots, { recursive: true });
  const site = await serve({ '/': dist, ...mounts }, options);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const stop = async () => {
    await browser.close();
    site.server.closeAllConnections();
    site.server.close();
  };
  return { site, browser, stop };
}

/** Opens a page and records console errors and uncaught exceptions (a wasm panic is one). */
export async function open(env, query, viewport, options = {}) {
  const context = await env.browser.newContext({ viewport, locale: 'nl-NL', ...options });
  const page = await context.newPage();
  const problems = { console: [], page: [] };
  page.on('console', (m) => m.type() === 'error' && problems.console.push(m.text()));
  page.on('pageerror', (e) => problems.page.push(e.message));
  await page.goto(`${env.site.url}/${query}`);
  return { context, page, problems };
}

export async function axe(page) {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(summary, [], 'axe-core violations');
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 360, height: 740 };

/** `helder view` on the demo data: every widget's figures under the given filters. */
export function view(page, select = []) {
  const args = ['view', path.join(dist, 'data'), '--page', page];
  for (const s of select) args.push('--select', s);
  return JSON.parse(execFileSync(helder, args, { encoding: 'utf8' }));
}

/** The points of one series of a `helder view` result. */
export function seriesOf(v, widget, dimension, measure) {
  return v.widgets.find((w) => w.id === widget).series.find((s) => s.dimension === dimension && s.measure === measure).points;
}

/** The bars of a widget as the page shows them: label → exact value. */
export async function bars(page, widget) {
  const buttons = page.locator(`[data-testid=widget-${widget}] button.hit`);
  await buttons.first().waitFor({ timeout: 30_000 });
  const out = {};
  for (const b of await buttons.all()) {
    out[await b.getAttribute('data-label')] = Number(await b.getAttribute('data-value'));
  }
  return out;
}
