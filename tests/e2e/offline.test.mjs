// End-to-end: offline use from a sub-path. The service worker keeps the app and the data
// it loaded, so a reload without network shows the figures and how old they are; a new
// deploy replaces the app only once all its files are in, never a mix of two builds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, open as openIn, axe, dist, root, shots } from './harness.mjs';

const PHONE = { width: 360, height: 740 };
let env;
let scratch;
/** While true, the server never answers anything below /weak/: a connection that stays silent. */
let silent = false;

/** The build hash written into a build's sw.js. */
const buildOf = (dir) => /const BUILD = "([0-9a-f]+)"/.exec(fs.readFileSync(path.join(dir, 'sw.js'), 'utf8'))[1];

/** A second deploy of the build: the same file names, but a black header and a marker. */
function secondDeploy(dir) {
  fs.cpSync(dist, dir, { recursive: true });
  const css = fs.readdirSync(dir).find((f) => /^tokens-.*\.css$/.test(f));
  const tokens = path.join(dir, css);
  const before = fs.readFileSync(tokens);
  const after = before.toString('utf8').replace(/--helder-color-header: [^;]+;/, '--helder-color-header: #000000;');
  fs.writeFileSync(tokens, after);
  // Keep the page's subresource integrity true to the changed file, as Trunk would.
  const sri = (b) => `sha384-${crypto.createHash('sha384').update(b).digest('base64')}`;
  const index = path.join(dir, 'index.html');
  const html = fs.readFileSync(index, 'utf8');
  assert.ok(html.includes(sri(before)), 'index.html names the token file by its hash');
  fs.writeFileSync(index, html.replace(sri(before), sri(after)).replace('<head>', '<head><meta name="helder-build" content="v2">'));
  execFileSync('node', [path.join(root, 'offline/write_service_worker.mjs'), dir]);
}

before(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'helder-offline-'));
  fs.cpSync(dist, path.join(scratch, 'app'), { recursive: true });
  fs.cpSync(dist, path.join(scratch, 'deploy'), { recursive: true });
  secondDeploy(path.join(scratch, 'v2'));
  env = await start(
    { '/app/': path.join(scratch, 'app'), '/deploy/': path.join(scratch, 'deploy'), '/weak/': dist },
    { stall: (pathname) => silent && pathname.startsWith('/weak/') },
  );
});

after(async () => {
  await env?.stop();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** Polls `check` (run in the page, may be async) until it gives true; 60 s at most. */
async function until(page, check, arg, what) {
  for (let tries = 0; tries < 240; tries += 1) {
    if (await page.evaluate(check, arg)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`gave up waiting: ${what}`);
}

/** Waits until the page's service worker controls it and keeps `file` of the data. */
async function waitForSavedData(page, file) {
  await until(page, async (f) => {
    if (!navigator.serviceWorker.controller) return false;
    const keys = await (await caches.open('helder-data')).keys();
    return keys.some((k) => k.url.includes(`/${f}?sha256=`));
  }, file, `${file} kept for offline use`);
}

const cacheNames = (page) => page.evaluate(() => caches.keys());

test('offline: a reload without network shows the figures and how old they are', async () => {
  const { context, page, problems } = await openIn(env, 'app/?page=jeugdzorg', PHONE);
  const value = page.getByTestId('kpi-budget').getByTestId('kpi-value');
  await value.waitFor({ timeout: 30_000 });
  const online = await value.textContent();
  assert.equal(await page.getByTestId('offline-notice').count(), 0, 'no notice while online');
  // The budget tile needs both files; going offline before the second is kept would test
  // the test's timing, not the worker (seen once in a CI run).
  await waitForSavedData(page, 'jeugdzorg.arrow');
  await waitForSavedData(page, 'jeugdzorg_budget.arrow');
  // Everything kept is this site's own, below the sub-path.
  const kept = await page.evaluate(async () => {
    const out = [];
    for (const name of await caches.keys()) out.push(...(await (await caches.open(name)).keys()).map((k) => k.url));
    return out;
  });
  assert.ok(kept.length > 5 && kept.every((u) => u.startsWith(`${env.site.url}/app/`)), kept.join('\n'));

  await context.setOffline(true);
  await page.reload();
  await value.waitFor({ timeout: 30_000 });
  assert.equal(await value.textContent(), online);
  const notice = await page.getByTestId('offline-notice').textContent();
  // The demo's data run to the end of the last full month before it was generated.
  const asOf = JSON.parse(fs.readFileSync(path.join(dist, 'data', 'manifest.json'), 'utf8')).as_of;
  const asOfNl = new Date(`${asOf}T12:00:00Z`).toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  assert.match(notice, /^Geen verbinding: u ziet de gegevens die op \d+ \p{L}+ \d{4} om \d\d:\d\d in deze browser zijn bewaard \((zojuist|\d+ minuten geleden)\)\. De cijfers lopen t\/m (.+)\.$/u);
  assert.equal(notice.match(/t\/m (.+)\.$/u)[1], asOfNl);
  await page.locator('[data-testid=widget-kosten-tijd] svg').first().waitFor();
  await page.screenshot({ path: path.join(shots, 'offline-phone.png'), fullPage: true });
  await axe(page);
  assert.deepEqual(problems.page, []);
  await context.close();
});

test('offline: a map page opened before opens again without network, boundaries included', async () => {
  const { context, page, problems } = await openIn(env, 'app/?page=buurten', { width: 1280, height: 900 });
  /** The areas drawn on each of the page's maps (wijken, buurten). */
  const perMap = () => page.evaluate(() => [...document.querySelectorAll('.map-widget')]
    .map((m) => m.querySelectorAll('path.map-area').length));
  await until(page, () => {
    const maps = [...document.querySelectorAll('.map-widget')];
    return maps.length === 2 && maps.every((m) => m.querySelector('path.map-area'));
  }, null, 'both maps drawn');
  const drawn = await perMap();
  // Every file the page reads, the care-demand widget's jeugdzorg data and both maps'
  // boundaries included (going offline before one is kept would test the test's timing).
  for (const file of ['bevolking.arrow', 'bijstand.arrow', 'jeugdzorg.arrow']) {
    await waitForSavedData(page, file);
  }
  await until(page, async () => {
    const urls = (await (await caches.open('helder-data')).keys()).map((k) => k.url);
    return ['/wijken.geojson', '/buurten.geojson'].every((f) => urls.some((u) => u.endsWith(f)));
  }, null, 'both boundary files kept for offline use');
  await context.setOffline(true);
  await page.reload();
  await until(page, (want) => {
    const maps = [...document.querySelectorAll('.map-widget')];
    return JSON.stringify(maps.map((m) => m.querySelectorAll('path.map-area').length)) === JSON.stringify(want);
  }, drawn, `every area drawn again offline (${drawn.join(' + ')})`);
  assert.deepEqual(await perMap(), drawn);
  await page.getByTestId('offline-notice').waitFor();
  assert.deepEqual(problems.page, []);
  await context.close();
});

test('a weak connection that never answers: the saved copy within seconds, and said so', async () => {
  const { context, page, problems } = await openIn(env, 'weak/?page=jeugdzorg', PHONE);
  const value = page.getByTestId('kpi-budget').getByTestId('kpi-value');
  await value.waitFor({ timeout: 30_000 });
  const online = await value.textContent();
  await waitForSavedData(page, 'jeugdzorg.arrow');
  await waitForSavedData(page, 'jeugdzorg_budget.arrow');
  const saved = ['manifest.json', 'dashboard.json', 'dashboard.toml', 'first_view.json'];
  await until(page, async (files) => {
    const urls = (await (await caches.open('helder-data')).keys()).map((k) => k.url);
    return files.every((f) => urls.some((u) => u.endsWith(`/weak/data/${f}`)));
  }, saved, 'the manifest, spec and first view kept');

  // The network is "on" but nothing answers: every request would wait for the operating
  // system to give up, minutes later, without the worker's limit.
  silent = true;
  const started = Date.now();
  await page.reload({ waitUntil: 'commit' });
  await value.waitFor({ timeout: 30_000 });
  const took = Date.now() - started;
  silent = false;
  assert.equal(await value.textContent(), online);
  assert.match(await page.getByTestId('offline-notice').textContent(), /^Geen verbinding: u ziet de gegevens die op /);
  // The worker waits six seconds for each silent request; they run side by side.
  assert.ok(took < 20_000, `the saved figures took ${took} ms`);
  assert.deepEqual(problems.page, []);
  await context.close();
});

test('a new deploy is taken in whole, never mixed with the old one, also when half uploaded', async () => {
  const live = path.join(scratch, 'deploy');
  const v1 = buildOf(live);
  const v2 = buildOf(path.join(scratch, 'v2'));
  assert.notEqual(v1, v2);
  const { context, page, problems } = await openIn(env, 'deploy/', { width: 1280, height: 900 });
  await page.getByTestId('kpi-budget').getByTestId('kpi-value').waitFor({ timeout: 30_000 });
  await waitForSavedData(page, 'jeugdzorg.arrow');
  /** Which build the page shows: its marker and its header colour must agree. */
  const shown = async () => {
    await page.getByTestId('kpi-budget').getByTestId('kpi-value').waitFor({ timeout: 30_000 });
    return page.evaluate(() => ({
      marker: document.querySelector('meta[name=helder-build]')?.content ?? 'v1',
      header: getComputedStyle(document.querySelector('.site-header')).backgroundColor,
    }));
  };
  const V1 = { marker: 'v1', header: 'rgb(21, 74, 138)' };
  const V2 = { marker: 'v2', header: 'rgb(0, 0, 0)' };
  assert.deepEqual(await shown(), V1);

  // Half uploaded: the new sw.js and index.html are there, the changed CSS is not yet.
  for (const f of ['sw.js', 'index.html']) fs.copyFileSync(path.join(scratch, 'v2', f), path.join(live, f));
  await page.reload();
  assert.deepEqual(await shown(), V1, 'the old build, whole');
  // The new worker finds a file that is not its build's, gives up, and the old cache stays.
  const outcome = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration.update().catch(() => null);
    const worker = registration.installing ?? registration.waiting;
    if (!worker) return 'no new worker was tried';
    while (!['redundant', 'activated'].includes(worker.state)) await new Promise((r) => setTimeout(r, 100));
    return worker.state;
  });
  assert.equal(outcome, 'redundant', 'the half-uploaded build is refused');
  assert.deepEqual((await cacheNames(page)).filter((n) => n.startsWith('helder-shell-')), [`helder-shell-${v1}`]);
  await page.reload();
  assert.deepEqual(await shown(), V1, 'still the old build, whole');

  // The upload completes: the next check installs the new build and drops the old one.
  fs.cpSync(path.join(scratch, 'v2'), live, { recursive: true });
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  await until(page, async (want) => {
    const names = (await caches.keys()).filter((n) => n.startsWith('helder-shell-'));
    const registration = await navigator.serviceWorker.getRegistration();
    return names.length === 1 && names[0] === want && registration.active?.state === 'activated';
  }, `helder-shell-${v2}`, 'the new build installed');
  await page.reload();
  assert.deepEqual(await shown(), V2, 'the new build, whole');
  // And the new build also opens without network.
  await context.setOffline(true);
  await page.reload();
  assert.deepEqual(await shown(), V2, 'the new build offline');
  assert.deepEqual(problems.page, []);
  await context.close();
});
