// End-to-end accessibility beyond axe-core (WCAG 2.2 AA): a reader who uses only the
// keyboard reaches every control with a visible focus that no other element covers
// (2.4.7, 2.4.11), filters the page through a chart (2.1.1), hears each change of the
// filters (4.1.3), and finds the accessibility statement from every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, open as openIn, axe, shots, DESKTOP, PHONE } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => env?.stop());

/** What the focused element looks like: its selector-ish name, whether a focus indicator
 *  is drawn, and whether it is the topmost element at its centre (not covered). */
function focusState() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const x = Math.min(Math.max(rect.left + rect.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(rect.top + rect.height / 2, 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  const indicator = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
  const name = `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
  return { name, indicator, covered: !(top && (top === el || el.contains(top) || top.contains(el))), inView: rect.bottom > 0 && rect.top < innerHeight, hit: el.matches('[data-testid=widget-per-wijk] button.hit') };
}

async function walk(page, until, max = 400) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const s = await page.evaluate(focusState);
    if (!s) continue;
    seen.push(s);
    assert.ok(s.indicator, `no visible focus on ${s.name}`);
    assert.ok(s.inView, `focused ${s.name} is scrolled out of view`);
    assert.ok(!s.covered, `focused ${s.name} is covered by another element`);
    if (until(s)) return seen;
  }
  assert.fail(`not reached in ${max} Tab presses; last: ${seen.at(-1)?.name}`);
}

for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`keyboard only at ${name} width: visible, uncovered focus; a bar filters the page; the change is announced`, async () => {
    const { context, page, problems } = await openIn(env, '?page=jeugdzorg', viewport);
    await page.waitForSelector('[data-testid=widget-per-wijk] button.hit');
    // The live region is empty at first: loading the page announces nothing.
    assert.equal((await page.locator('[data-testid=filter-announcement]').textContent()).trim(), '');
    const seen = await walk(page, (s) => s.hit);
    assert.ok(seen.length > 3);
    await page.keyboard.press('Enter');
    await page.waitForURL(/wijk=/);
    const said = page.locator('[data-testid=filter-announcement]');
    await assert.doesNotReject(said.filter({ hasText: /Filters: Wijk: .+\. [\d.]+ rijen voldoen\./ }).waitFor({ timeout: 10_000 }));
    await page.screenshot({ path: path.join(shots, `a11y-keyboard-${name}.png`) });
    // Back to the chip with Shift+Tab only, and Enter removes the filter again.
    for (let i = 0; i < 400; i++) {
      await page.keyboard.press('Shift+Tab');
      if (await page.evaluate(() => document.activeElement?.classList.contains('chip'))) break;
    }
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => !/wijk=/.test(u.search));
    await assert.doesNotReject(said.filter({ hasText: 'Geen filters' }).waitFor({ timeout: 10_000 }));
    await axe(page);
    assert.deepEqual(problems, { console: [], page: [] });
    await context.close();
  });
}

test('every page links to the accessibility statement, which passes axe', async () => {
  const { context, page } = await openIn(env, '?page=meldingen', DESKTOP);
  const link = page.locator('footer a[href="toegankelijkheidsverklaring.html"]');
  await link.waitFor();
  await link.click();
  await page.waitForURL(/toegankelijkheidsverklaring/);
  assert.match(await page.locator('h1').textContent(), /Toegankelijkheidsverklaring/);
  await axe(page);
  await context.close();
});
