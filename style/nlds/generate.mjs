// Makes Helder token files from NL Design System theme packages: every token of the default
// theme (style/tokens.css) is kept unless the municipality's package has a counterpart, so
// each output is a complete token file that can replace style/tokens.css. Checks the WCAG
// contrast of text and chart colours in every theme (the default included) and fails with
// the pair that is too weak. `--check` fails when a written theme differs from what the
// package gives (run by `cargo xtask test`).
//
// Usage: npm ci && node generate.mjs [--check]
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const require = createRequire(import.meta.url);

/** Each theme: its package and, per Helder token, the path of the package's token. */
const THEMES = {
  rotterdam: {
    package: '@nl-design-system-unstable/rotterdam-design-tokens',
    map: {
      '--helder-color-text': 'utrecht.document.color',
      '--helder-color-muted': 'rotterdam.color.gray.tint-10',
      '--helder-color-background': 'rotterdam.color.gray.tint-01',
      '--helder-color-surface': 'utrecht.document.background-color',
      '--helder-color-border': 'utrecht.table.row.border-block-end-color',
      '--helder-color-primary': 'utrecht.link.color',
      '--helder-color-primary-contrast': 'utrecht.button.primary-action.color',
      '--helder-color-header': 'utrecht.page-footer.background-color',
      '--helder-color-header-text': 'utrecht.page-footer.color',
      '--helder-color-error-border': 'rotterdam.color.red.tint-02',
      '--helder-color-tooltip': 'rotterdam.color.gray.tint-11',
      '--helder-font-family': 'utrecht.document.font-family',
      '--helder-chart-background': 'utrecht.document.background-color',
      '--helder-chart-ink': 'rotterdam.color.gray.tint-11',
      '--helder-chart-grid': 'rotterdam.color.gray.tint-03',
      '--helder-chart-muted': 'rotterdam.color.gray.tint-08',
      '--helder-chart-band': 'rotterdam.color.soft-green.tint-01',
      '--helder-chart-band-strong': 'rotterdam.color.soft-green.tint-03',
      '--helder-chart-1': 'rotterdam.color.base.green',
      '--helder-chart-2': 'rotterdam.color.magenta.tint-02',
      '--helder-chart-3': 'rotterdam.color.dark-blue.tint-03',
      '--helder-chart-4': 'rotterdam.color.bright-orange.tint-03',
      '--helder-chart-5': 'rotterdam.color.green-blue.tint-03',
      '--helder-chart-6': 'rotterdam.color.gray.tint-11',
    },
  },
};

/** Foreground, background, least contrast (WCAG 1.4.3 for text, 1.4.11 for chart marks). */
const PAIRS = [
  ['text', 'surface', 4.5], ['text', 'background', 4.5],
  ['muted', 'surface', 4.5], ['muted', 'background', 4.5],
  ['primary', 'surface', 4.5], ['primary', 'background', 4.5],
  ['primary-contrast', 'primary', 4.5], ['header-text', 'header', 4.5],
  ['warning-text', 'warning-bg', 4.5], ['ok-text', 'surface', 4.5],
  ['tooltip-text', 'tooltip', 4.5], ['text', 'error-bg', 4.5],
  ['chart-ink', 'chart-background', 4.5], ['chart-muted', 'chart-background', 3],
  ...[1, 2, 3, 4, 5, 6].map((i) => [`chart-${i}`, 'chart-background', 3]),
  ['chart-1', 'chart-band', 3],
];

/** The tokens of a token file, in order: name → value. */
function readTokens(file) {
  const tokens = new Map();
  for (const m of fs.readFileSync(file, 'utf8').matchAll(/^\s*(--helder-[a-z0-9-]+):\s*([^;]+);/gm)) {
    tokens.set(m[1], m[2].trim());
  }
  return tokens;
}

function luminance(hex) {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`${hex} is not a #rrggbb colour`);
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(m[1].slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** A short name of PAIRS as its token: `text` → `--helder-color-text`. */
const token = (n) => (n.startsWith('chart-') ? `--helder-${n}` : `--helder-color-${n}`);

/** Every pair below its least contrast, as readable lines. */
function weakPairs(tokens) {
  return PAIRS.flatMap(([fg, bg, least]) => {
    const [a, b] = [tokens.get(token(fg)), tokens.get(token(bg))];
    const c = contrast(a, b);
    return c + 1e-9 < least ? [`${token(fg)} ${a} on ${token(bg)} ${b}: ${c.toFixed(2)}:1, needs ${least}:1`] : [];
  });
}

function themeFile(name, theme, defaults) {
  const pkg = require(`${theme.package}/package.json`);
  const list = require(`${theme.package}/dist/index.json`);
  const byPath = new Map(list.map((t) => [t.path.join('.'), t.value]));
  const tokens = new Map(defaults);
  for (const [ours, theirs] of Object.entries(theme.map)) {
    if (!tokens.has(ours)) throw new Error(`${ours} is not a token of style/tokens.css`);
    const value = byPath.get(theirs);
    if (value === undefined) throw new Error(`${theme.package}@${pkg.version} has no token ${theirs}`);
    tokens.set(ours, String(value).toLowerCase().startsWith('#') ? String(value).toLowerCase() : String(value));
  }
  const weak = weakPairs(tokens);
  if (weak.length) throw new Error(`theme ${name} has too little contrast:\n  ${weak.join('\n  ')}`);
  const lines = [...tokens].map(([k, v]) => `  ${k}: ${v};${theme.map[k] ? '' : ' /* Helder default */'}`);
  return `/* Helder design tokens for ${name}, generated by style/nlds/generate.mjs from
   ${theme.package}@${pkg.version} (NL Design System); do not edit.
   Logo and house style belong to the municipality (see the package's LICENSE.md): this
   file is for its own deployments and as an example of a theme. A complete token file:
   replace style/tokens.css with it, or add ?thema=${name} to the demo's address. */
:root {
${lines.join('\n')}
}
`;
}

function main() {
  const check = process.argv.includes('--check');
  const defaults = readTokens(path.join(root, 'style/tokens.css'));
  const weak = weakPairs(defaults);
  if (weak.length) throw new Error(`style/tokens.css has too little contrast:\n  ${weak.join('\n  ')}`);
  const outDir = path.join(root, 'public/themes');
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, theme] of Object.entries(THEMES)) {
    const text = themeFile(name, theme, defaults);
    const out = path.join(outDir, `${name}.css`);
    if (check) {
      const now = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
      if (now !== text) throw new Error(`${out} is out of date: run node style/nlds/generate.mjs`);
      console.log(`theme ${name}: up to date`);
    } else {
      const tmp = `${out}.tmp`;
      fs.writeFileSync(tmp, text);
      fs.renameSync(tmp, out);
      console.log(`theme ${name}: wrote ${path.relative(root, out)}`);
    }
  }
}

try {
  main();
} catch (e) {
  console.error(`generate.mjs: ${e.message}`);
  process.exit(1);
}
