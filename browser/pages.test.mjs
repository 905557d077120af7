// s55's pages in a real browser: Debian's Chromium, driven by playwright-core, with axe-core.
//
// Every kind of page s55 makes is built first (fixtures.mjs), then checked in one browser run:
// - accessibility: no axe-core violations for WCAG 2.0, 2.1 and 2.2 A and AA; a title; the
//   document language; a skip link to the main landmark; visible focus; no sideways scrolling
//   at 320 CSS px (WCAG 1.4.10); a print stylesheet that gives A4 pages without the site chrome;
// - hostile content: every payload in payloads.json put into every text field of a response
//   runs nothing (no dialog, console message, page error, script element, event handler or
//   request beyond the page and its stylesheet), stays visible as text, prints Tera syntax
//   literally, and every page carries a Content-Security-Policy that allows no script.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { buildPages } from './fixtures.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let browser;
let dir;
let pages;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 's55-browser-'));
  const started = Date.now();
  pages = buildPages(dir);
  console.log(`built ${pages.length} pages in ${Date.now() - started} ms`);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    // playwright starts Chromium with a fresh, temporary user-data-dir of its own.
  });
});

after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens a page, recording anything that runs or reaches out. */
async function open(file, { width = 1280 } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: true });
  const page = await context.newPage();
  const events = [];
  const own = pathToFileURL(file).href;
  page.on('dialog', async (d) => {
    events.push(`dialog: ${d.message()}`);
    await d.dismiss();
  });
  page.on('console', (m) => events.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => events.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    const url = r.url();
    const stylesheet = url.startsWith('file://') && url.endsWith('/style.css');
    if (url !== own && !stylesheet) events.push(`request: ${url.slice(0, 120)}`);
  });
  await page.goto(own, { waitUntil: 'load' });
  await page.waitForTimeout(50);
  return { context, page, events };
}

async function axe(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    // No preload: axe would fetch the stylesheet, which the page's own policy rightly blocks.
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, preload: false });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  }, TAGS);
}

test('every kind of page is accessible', async (t) => {
  const kinds = pages.filter((p) => !p.kind.startsWith('hostile'));
  for (const p of kinds) {
    await t.test(`${p.kind}: ${p.name}`, async () => {
      const { context, page, events } = await open(p.file);
      try {
        assert.deepEqual(await axe(page), [], 'axe-core finds no violations');
        const facts = await page.evaluate(() => ({
          title: document.title,
          lang: document.documentElement.lang,
          main: document.querySelectorAll('main').length,
          h1: document.querySelectorAll('h1').length,
          skip: document.querySelector('a.skip-link')?.getAttribute('href'),
          csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? '',
        }));
        assert.ok(facts.title.length > 10, `a title: ${facts.title}`);
        assert.match(facts.lang, /^(en-GB|cy)$/, 'the document language');
        assert.equal(facts.main, 1, 'one main landmark');
        assert.equal(facts.h1, 1, 'one h1');
        assert.ok(facts.skip && (await page.$(facts.skip)), 'a skip link to an element on the page');
        assert.match(facts.csp, /default-src 'none'/);
        assert.doesNotMatch(facts.csp, /script-src/);

        // Visible focus: the first Tab lands on the skip link, which then shows.
        await page.keyboard.press('Tab');
        const focus = await page.evaluate(() => {
          const el = document.activeElement;
          const s = getComputedStyle(el);
          const r = el.getBoundingClientRect();
          return { cls: el.className, bg: s.backgroundColor, shadow: s.boxShadow, outline: s.outlineStyle, left: r.left };
        });
        assert.equal(focus.cls, 'skip-link');
        assert.ok(focus.left >= 0, 'the skip link comes into view');
        assert.ok(focus.bg !== 'rgba(0, 0, 0, 0)' || focus.outline !== 'none' || focus.shadow !== 'none', 'focus is visible');
        assert.deepEqual(events, [], 'nothing ran and nothing was fetched');
      } finally {
        await context.close();
      }
    });
  }
});

test('no page scrolls sideways at 320 CSS px', async (t) => {
  for (const p of pages) {
    await t.test(`${p.kind}: ${p.name}`, async () => {
      const { context, page } = await open(p.file, { width: 320 });
      try {
        const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
        assert.ok(widths.scroll <= widths.view, `page is ${widths.scroll}px wide in a ${widths.view}px window`);
        // Wide tables scroll inside a labelled, focusable region instead.
        const regions = await page.evaluate(() =>
          [...document.querySelectorAll('table')].map((t) => {
            const wrap = t.closest('.table-wrap');
            return wrap ? { ok: wrap.tabIndex === 0 && wrap.getAttribute('role') === 'region' && !!wrap.getAttribute('aria-labelledby') } : { ok: t.scrollWidth <= t.clientWidth + 1 || getComputedStyle(t).overflowX === 'auto' };
          }),
        );
        assert.ok(regions.every((r) => r.ok), 'tables are reachable');
      } finally {
        await context.close();
      }
    });
  }
});

/** Switches the page to print and checks that each of `selectors` it has is not shown. */
async function hiddenInPrint(page, selectors) {
  await page.emulateMedia({ media: 'print' });
  const hidden = await page.evaluate((list) =>
    list
      .map((s) => document.querySelector(s))
      .filter(Boolean)
      .map((el) => getComputedStyle(el).display),
  selectors);
  assert.ok(hidden.every((d) => d === 'none'), `chrome hidden in print: ${hidden}`);
}

/** Prints the page and checks that its pages are A4. */
async function printsOnA4(page) {
  const pdf = await page.pdf({ preferCSSPageSize: true });
  const box = pdf.toString('latin1').match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/);
  assert.ok(box, 'the printed PDF has a page size');
  assert.ok(Math.abs(Number(box[1]) - 595.92) < 2 && Math.abs(Number(box[2]) - 842.88) < 2, `A4, not ${box[1]} x ${box[2]}`);
}

test('printing gives A4 pages without the site chrome', async (t) => {
  for (const p of pages.filter((p) => p.kind === 'letter' || p.kind === 'archive response')) {
    await t.test(`${p.kind}: ${p.name}`, async () => {
      const { context, page } = await open(p.file);
      try {
        await hiddenInPrint(page, ['.skip-link', '.formats', '.breadcrumbs', '.language-switch', '.download']);
        // The header is the letter's letterhead (the office, its address): it prints.
        const letterhead = await page.evaluate(() => {
          const h = document.querySelector('.site-header');
          return h ? [getComputedStyle(h).display, h.textContent.trim()] : null;
        });
        assert.ok(letterhead && letterhead[0] !== 'none' && letterhead[1].length > 0, `letterhead in print: ${letterhead}`);
        await printsOnA4(page);
      } finally {
        await context.close();
      }
    });
  }
});

test('progress pages print on A4 without the site chrome', async (t) => {
  for (const p of pages.filter((p) => p.kind === 'progress page' || p.kind === 'force progress')) {
    await t.test(`${p.kind}: ${p.name}`, async () => {
      const { context, page } = await open(p.file);
      try {
        await hiddenInPrint(page, ['.skip-link', '.breadcrumbs', '.pagination']);
        await printsOnA4(page);
      } finally {
        await context.close();
      }
    });
  }
});

test('hostile content never runs and stays visible as text', async (t) => {
  const hostile = pages.filter((p) => p.kind.startsWith('hostile'));
  for (const p of hostile) {
    await t.test(`${p.kind}: ${p.name}`, async () => {
      const { context, page, events } = await open(p.file);
      try {
        assert.deepEqual(events, [], 'no dialog, console message, error or request');
        const facts = await page.evaluate(() => ({
          scripts: document.querySelectorAll('script, iframe, object, embed, form, base, img, svg, math, body style, link:not([rel=stylesheet]):not([rel=alternate]), meta[http-equiv=refresh]').length,
          handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')),
          badLinks: [...document.querySelectorAll('[href], [src]')]
            .map((el) => el.getAttribute('href') ?? el.getAttribute('src'))
            .filter((h) => !/^(https?:|mailto:|#|[^:]*$)/i.test(h)),
          styles: [...document.querySelectorAll('[style]')].length,
          text: document.body.innerText,
          csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? '',
        }));
        assert.equal(facts.scripts, 0, 'no element that could run or load anything');
        assert.deepEqual(facts.handlers, [], 'no event handler attributes');
        assert.deepEqual(facts.badLinks, [], 'no javascript: or data: addresses');
        assert.equal(facts.styles, 0, 'no style attributes');
        assert.match(facts.csp, /default-src 'none'/);
        assert.doesNotMatch(facts.csp, /script-src/);
        if (p.payload) {
          const squeeze = (s) => s.replace(/\s+/g, ' ');
          const shown = squeeze(facts.text);
          for (const v of p.payload.visible ?? [p.payload.text]) {
            assert.ok(shown.includes(squeeze(v)), `the payload's text is visible: ${v.slice(0, 60)}`);
          }
          if (p.payload.text.includes('{{ 7*7 }}')) assert.ok(!shown.includes('49'), 'Tera syntax is printed, not run');
          if (p.payload.text.includes('{{ secret }}')) assert.ok(shown.includes('{% raw %}{{ secret }}{% endraw %}'));
        }
      } finally {
        await context.close();
      }
    });
  }
});
