// The office's desk (s55 serve, under /desk/) in a real browser: Debian's Chromium, driven by
// playwright-core, with axe-core.
//
// - A whole cycle without JavaScript, as an officer with scripts turned off would go through
//   it: a new response from a pasted findings list, every field filled, a mistake made and
//   put right from the error summary, the response checked clean and made final, and the
//   archive built. The YAML written is checked line by line for what an officer would have
//   written by hand, the scaffold's comments kept.
// - With JavaScript: the form saves as the officer types, and the letter stands beside it.
// - Every desk page met on the way gets axe-core (WCAG 2.0, 2.1 and 2.2 A and AA), no
//   sideways scrolling at 320 CSS px, and the keyboard's first Tab on the skip link.
// - The README's pictures of the desk are taken on the way (docs/desk-*.png) when
//   S55_PICTURES=1 is set, so that a test run leaves the repository as it found it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { repo, s55Binary } from './fixtures.mjs';

/** Takes the README's picture `file` when S55_PICTURES=1 asks for the pictures anew. */
async function picture(page, file) {
  if (process.env.S55_PICTURES === '1') await page.screenshot({ path: join(repo, file), fullPage: false });
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let browser;
let dir;
let server;
let base;
/** Every desk page checked, by name, so that none is forgotten. */
const checked = [];

// HMICFRS's way of listing recommendations in an inspection report, as an officer pastes it.
const PASTED = `Recommendations

Recommendation 1
By 31 March 2027, Northshire Police should make sure that every detainee is told of their rights in a way they understand.

Recommendation 2
By 30 June 2027, the force should review how it records the use of force in custody.
`;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 's55-desk-'));
  mkdirSync(join(dir, 'responses'));
  server = spawn(s55Binary(), ['serve', join(dir, 'responses'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  base = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
    server.on('exit', (code) => reject(new Error(`s55 serve ended (${code}): ${out}`)));
  });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** A page, recording anything that reaches beyond the desk. Without the desk's script
 * (`js: false`), the page is as a browser with scripts off shows it: the script is not
 * served (scripts stay on for the checks themselves, which run in the page). */
async function open({ js = true, width = 1280 } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  if (!js) await context.route('**/desk/desk.js', (r) => r.abort());
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  const events = [];
  page.on('pageerror', (e) => events.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(base)) events.push(`request: ${r.url().slice(0, 120)}`);
  });
  return { context, page, events };
}

async function axe(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, preload: false });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  }, TAGS);
}

/** The first Tab lands on the skip link, which comes into view with a visible focus. */
async function skipLink(page, name) {
  await page.keyboard.press('Tab');
  const focus = await page.evaluate(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    return { cls: el.className || `${el.tagName}#${el.id}`, left: el.getBoundingClientRect().left, outline: s.outlineStyle, bg: s.backgroundColor };
  });
  assert.equal(focus.cls, 'desk-skip', `${name}: the first Tab lands on the skip link`);
  assert.ok(focus.left >= 0, `${name}: the skip link comes into view`);
  assert.ok(focus.outline !== 'none' || focus.bg !== 'rgba(0, 0, 0, 0)', `${name}: focus is visible`);
}

/** The checks every desk page gets: axe, one h1 and a title, the skip link first, and
 * reflow at 320 px (in a second window of the same address, for a page a GET shows). */
async function checkPage(page, name, { reflow = true } = {}) {
  assert.deepEqual(await axe(page), [], `${name}: axe-core finds no violations`);
  const facts = await page.evaluate(() => ({
    title: document.title,
    lang: document.documentElement.lang,
    h1: document.querySelectorAll('h1').length,
    main: document.querySelectorAll('main').length,
  }));
  assert.equal(facts.lang, 'en-GB');
  assert.equal(facts.h1, 1, `${name}: one h1`);
  assert.equal(facts.main, 1, `${name}: one main landmark`);
  assert.match(facts.title, /s55 desk$/);
  // The keyboard's first Tab on a page just shown (not one the officer is typing in).
  if (await page.evaluate(() => document.activeElement === document.body)) await skipLink(page, name);
  if (reflow) {
    const narrow = await browser.newContext({ viewport: { width: 320, height: 800 } });
    await narrow.route('**/desk/desk.js', (r) => r.abort());
    const p = await narrow.newPage();
    // The page's own address: a response's form after a post, whichever the post was.
    const url = await page.evaluate(() => {
      const f = document.querySelector('#desk-form');
      return f ? f.action.replace(/save$/, '') : location.href;
    });
    await p.goto(url);
    await skipLink(p, `${name} at 320px`);
    const w = await p.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
    assert.ok(w.scroll <= w.view, `${name}: ${w.scroll}px wide at 320px`);
    await narrow.close();
  }
  checked.push(name);
}

function responseFile() {
  return join(dir, 'responses', 'northshire-custody-2027.yaml');
}

test('a whole cycle without JavaScript: create, fill, fix an error, finalise, build', async () => {
  const { context, page, events } = await open({ js: false });
  try {
    await page.goto(`${base}/desk/`);
    await checkPage(page, 'the list of responses (empty)');

    // A new response from a pasted findings list.
    await page.getByLabel('Name of the file').fill('northshire-custody-2027');
    await page.getByLabel('Report title').fill('Northshire custody inspection 2027');
    await page.getByLabel('Kind of report').selectOption('custody');
    await page.getByLabel('Day the report was published').fill('2027-01-11');
    await page.getByLabel('Police force').fill('Northshire Police');
    await page.getByLabel("The report's findings, pasted").fill(PASTED);
    await picture(page, 'docs/desk-new.png');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Create the response' }).click()]);
    assert.match(await page.locator('#desk-status').innerText(), /Response created/);
    await checkPage(page, 'a new response, with what is still to do');
    assert.equal(await page.locator('textarea[name="recommendations[1].text"]').inputValue(), 'By 30 June 2027, the force should review how it records the use of force in custody.');

    // Every field filled as an officer would.
    const fill = async (name, value) => page.locator(`#desk-form [name="${name}"]`).fill(value);
    await fill('body.area', 'Northshire');
    await fill('body.website', 'https://www.northshire-pcc.example');
    await fill('body.address[0]', '1 Example Street, Northtown');
    await fill('commissioner.name', 'Alex Example');
    await fill('chief_officer.name', 'Sam Sample');
    await fill('report.url', 'https://hmicfrs.justiceinspectorates.gov.uk/publications/northshire-custody-2027/');
    await fill('sections[0].text', 'I welcome the report.\n\nCustody is where the public trusts the police most with people at their most vulnerable.');
    await fill('sections[2].text', 'The force accepts both recommendations and has a plan for each.');
    await fill('sections[3].text', "I will hold the Chief Constable to account for the plan at my quarterly performance board.");
    await fill('recommendations[0].response', 'The force has rewritten its rights leaflet in plain English and eight other languages.');
    await fill('recommendations[1].response', 'The force will record every use of force on its new custody system from April.');
    await page.locator('#desk-form [name="recommendations[0].status"]').selectOption('in progress');
    await fill('recommendations[0].owner', 'Head of Custody');
    await fill('recommendations[1].owner', 'Head of Custody');
    // A slip: the day of signing typed the wrong way round.
    await fill('date', '20/01/2027');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save', exact: true }).click()]);

    // Refused, nothing written, the problem in the summary and beside the field.
    const summary = page.locator('.desk-error-summary');
    assert.match(await summary.innerText(), /There is a problem/);
    await picture(page, 'docs/desk-error.png');
    await checkPage(page, 'a save refused, with the error summary', { reflow: false });
    assert.doesNotMatch(readFileSync(responseFile(), 'utf8'), /Alex Example/, 'nothing was written');
    const link = summary.locator('a[href="#f-date"]');
    // By keyboard, as an officer without a mouse follows it.
    await link.focus();
    await page.keyboard.press('Enter');
    const at = await page.evaluate(() => {
      const r = document.getElementById('f-date').getBoundingClientRect();
      return { hash: location.hash, inView: r.top >= 0 && r.bottom <= window.innerHeight };
    });
    assert.deepEqual(at, { hash: '#f-date', inView: true }, 'the summary link leads to the field');
    assert.equal(await page.locator('#f-date').inputValue(), '20/01/2027', 'what was typed is kept');
    assert.equal(await page.locator('#f-date').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('[name="commissioner.name"]').inputValue(), 'Alex Example', 'the other fields typed are kept');
    await page.locator('#f-date').fill('2027-01-20');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save', exact: true }).click()]);
    // Checked clean: no error; the one thing still to do is sending the copies, which
    // comes after publication.
    assert.match(await page.locator('#desk-status').innerText(), /^Saved\. Still to do: 1/);
    const still = await page.locator('.desk-warning-summary li').allInnerTexts();
    assert.equal(still.length, 1, still.join('\n'));
    assert.match(still[0], /^No copy of the response is recorded as sent to HMICFRS or the Home Secretary/);
    assert.equal(await page.locator('.desk-error-summary').count(), 0);
    await picture(page, 'docs/desk-form.png');
    await checkPage(page, 'a response checked clean');

    // The file is what an officer would have written: the scaffold's comments kept.
    const yaml = readFileSync(responseFile(), 'utf8');
    assert.match(yaml, /^# A section 55 response\. Fill in every TODO, then run `s55 check` on this file\.$/m);
    assert.match(yaml, /^# Once published, record when copies went to HMICFRS and the Home Secretary/m);
    assert.match(yaml, /^draft: true$/m);
    assert.match(yaml, /^commissioner:\n  name: Alex Example\n/m);
    assert.match(yaml, /^  - kind: comments\n    text: \|\n      I welcome the report\.\n\n      Custody is where the public trusts the police most with people at their most vulnerable\.\n/m);
    assert.match(yaml, /^  - number: 2\n    text: "By 30 June 2027, the force should review how it records the use of force in custody\."\n    timescale: "By 30 June 2027"\n    response: The force will record every use of force on its new custody system from April\.\n    owner: Head of Custody\n/m);
    assert.match(yaml, /^date: 2027-01-20$/m);
    assert.doesNotMatch(yaml, /TODO[:"]|https:\/\/TODO/, "every placeholder filled");

    // Final.
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Make it final' }).click()]);
    assert.match(await page.locator('#desk-status').innerText(), /The response is final/);
    assert.doesNotMatch(readFileSync(responseFile(), 'utf8'), /^draft: true$/m);
    assert.ok(await page.locator('#desk-form textarea').first().isDisabled(), 'a final letter cannot be edited');
    await checkPage(page, 'a final response');

    // The archive.
    await page.goto(`${base}/desk/`);
    await checkPage(page, 'the list of responses');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Build the archive' }).click()]);
    assert.match(await page.locator('.desk-banner').innerText(), /1 published/);
    await checkPage(page, 'the archive built', { reflow: false });
    const index = readFileSync(join(dir, 'responses', 'site', 'index.html'), 'utf8');
    assert.match(index, /Northshire custody inspection 2027/);
    assert.deepEqual(events, [], 'nothing was fetched from elsewhere');
  } finally {
    await context.close();
  }
});

test('with JavaScript the form saves as the officer types, the letter beside it', async () => {
  const file = join(dir, 'responses', 'typed.yaml');
  writeFileSync(
    file,
    `# Drafted at the desk.
draft: true
form: letter
body: {kind: pcc, area: Northshire}
commissioner:
  name: Alex Example
force: Northshire Police
report:
  title: Northshire vetting inspection
  kind: vetting
  published: 2027-02-01
sections:
  - kind: comments
    text: |
      TODO: comments.
  - kind: recommendations
recommendations:
  - number: 1
    text: The force should vet every officer again within five years.
`,
  );
  const { context, page, events } = await open({ js: true, width: 1400 });
  try {
    await page.goto(`${base}/desk/r/typed.yaml/`);
    const frame = page.locator('iframe#desk-letter');
    await frame.waitFor();
    assert.equal(await frame.getAttribute('src'), '/r/typed.yaml/');
    await page.locator('[name="recommendations[0].response"]').pressSequentially('We will start in April.', { delay: 10 });
    await page.locator('#desk-status').getByText('Saved').first().waitFor({ timeout: 10000 });
    assert.match(readFileSync(file, 'utf8'), /^    response: We will start in April\.$/m);
    // A mistake typed is refused as it is typed, shown beside its field; the file keeps
    // its last good words.
    await page.locator('[name="report.published"]').fill('2027-02-31');
    await page.locator('#f-report-published-problems').getByText('not a real date').waitFor({ timeout: 10000 });
    assert.match(readFileSync(file, 'utf8'), /published: 2027-02-01/);
    await page.locator('[name="report.published"]').fill('2027-02-01');
    await page.locator('#f-report-published-problems').waitFor({ state: 'hidden', timeout: 10000 });
    // The letter beside the form shows the words typed.
    const letter = page.frameLocator('iframe#desk-letter');
    await letter.getByText('We will start in April.').waitFor({ timeout: 10000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await picture(page, 'docs/desk-letter-beside.png');
    await checkPage(page, 'a response with the letter beside it');
    assert.deepEqual(events, [], 'nothing was fetched from elsewhere, and no script failed');
  } finally {
    await context.close();
  }
});

test('a file changed on disk is not overwritten: both versions shown', async () => {
  const file = join(dir, 'responses', 'typed.yaml');
  const { context, page } = await open({ js: false });
  try {
    await page.goto(`${base}/desk/r/typed.yaml/`);
    writeFileSync(file, readFileSync(file, 'utf8').replace('TODO: comments.', 'Words saved in another window.'));
    await page.locator('[name="sections[0].text"]').fill('Words typed here.');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save', exact: true }).click()]);
    const table = page.locator('table.desk-conflict');
    assert.match(await table.innerText(), /Words saved in another window\.[\s\S]*Words typed here\./);
    assert.match(readFileSync(file, 'utf8'), /Words saved in another window\./);
    await checkPage(page, 'a conflict, both versions shown', { reflow: false });
  } finally {
    await context.close();
  }
});

test("a form without the page's token is refused, on a page of its own", async () => {
  const { context, page } = await open({ js: false });
  try {
    await page.goto(`${base}/desk/`);
    // A form of the desk's own origin that lacks the token, as a stale or forged page sends.
    const [answer] = await Promise.all([
      page.waitForNavigation(),
      page.evaluate(() => {
        const f = document.createElement('form');
        f.method = 'post';
        f.action = '/desk/build';
        document.body.appendChild(f);
        f.submit();
      }),
    ]);
    assert.match(await page.locator('[role="alert"]').innerText(), /its token is missing or wrong/);
    assert.equal(answer.status(), 403);
    await checkPage(page, 'a refusal', { reflow: false });
  } finally {
    await context.close();
  }
});

test('every desk page met was checked', () => {
  assert.ok(checked.length >= 9, checked.join(', '));
});
