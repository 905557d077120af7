// Builds every kind of page s55 makes, into a temporary folder, for the browser checks:
// the example letters, the CMS fragment inside a minimal host page, the archive (index and
// per-force pages, in English and in Welsh), and one response per hostile payload with the payload in every text field.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, readdirSync, existsSync, renameSync, copyFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The s55 binary: S55_BIN, else the release build, else the debug build. */
export function s55Binary() {
  const candidates = [process.env.S55_BIN, join(repo, 'target/release/s55'), join(repo, 'target/debug/s55')];
  const bin = candidates.find((c) => c && existsSync(c));
  if (!bin) throw new Error('build s55 first: cargo build --release');
  return bin;
}

function run(args, cwd) {
  const r = spawnSync(s55Binary(), args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`s55 ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return r;
}

/**
 * Renders each hostile payload's PDF alone and moves those refused for their length to
 * `hostile/long/`, after checking the refusal says how long the letter would be and what to
 * do. Returns their indexes.
 */
function refusedForLength(dir) {
  const long = new Set();
  mkdirSync(join(dir, 'hostile/long'), { recursive: true });
  mkdirSync(join(dir, 'hostile/probe'), { recursive: true });
  payloads.forEach((_, i) => {
    const name = `payload-${String(i).padStart(2, '0')}.yaml`;
    const file = join(dir, 'hostile/responses', name);
    const r = spawnSync(s55Binary(), ['render', file, '--format', 'pdf', '--out', join(dir, 'hostile/probe'), '--quiet'], { cwd: dir, encoding: 'utf8' });
    if (r.status === 0) return;
    if (!/the letter would be \d+ pages long in the PDF, more than the 2000 a PDF may have: shorten the letter/.test(r.stderr)) {
      throw new Error(`s55 render ${name} failed (${r.status}):\n${r.stderr}`);
    }
    renameSync(file, join(dir, 'hostile/long', name));
    long.add(i);
  });
  return long;
}

export const payloads = JSON.parse(readFileSync(join(repo, 'browser/payloads.json'), 'utf8'));

/** A response with `p` in every text field (as a YAML double-quoted string). */
export function hostileResponse(p) {
  const q = JSON.stringify(p);
  return `form: letter
date: 2026-02-20
title: ${q}
body:
  kind: pcc
  area: ${q}
  office: ${q}
  website: ${q}
  email: ${q}
  address: [${q}, ${q}]
commissioner: {name: ${q}, post_nominals: ${q}, title: ${q}}
chief_officer: {name: ${q}, post_nominals: ${q}, title: ${q}}
force: ${q}
report: {title: ${q}, kind: thematic, published: 2026-01-08, url: ${q}}
addressees: [${q}]
opening: ${q}
sections:
  - {kind: comments, heading: ${q}, text: ${q}}
  - {kind: grades, heading: ${q}}
  - {kind: recommendations, heading: ${q}, text: ${q}}
  - {kind: areas-for-improvement, heading: ${q}}
  - {kind: causes-of-concern, heading: ${q}}
  - {kind: chief-officer-comments, heading: ${q}, text: ${q}}
  - {kind: response, heading: ${q}, text: ${q}}
  - {kind: text, heading: ${q}, text: ${q}}
  - {kind: publication, heading: ${q}, text: ${q}}
grades: [{area: ${q}, grade: good}]
recommendations:
  - {number: 1, text: ${q}, timescale: ${q}, items: [${q}, {text: ${q}, numbering: lower-alpha, items: [${q}]}], response: ${q}, status: ${q}, owner: ${q}, progress: [{date: 2026-03-02, status: ${q}, note: ${q}, evidence: "https://www.example.org/evidence"}]}
  - {number: 2, text: ${q}, applies: false, response: ${q}}
areas_for_improvement: [{text: ${q}, response: ${q}, status: ${q}, owner: ${q}}]
causes_of_concern: [{text: ${q}, response: ${q}}]
signature: {name: ${q}, post_nominals: ${q}, title: ${q}, date: 2026-02-20}
`;
}

/** A published response's record in the site at `site`: its files and what the index says. */
function readRecord(site, hash) {
  return JSON.parse(readFileSync(join(site, '.s55/records', `${hash}.json`), 'utf8'));
}

/** Every response the site at `site` publishes: its address and its record. */
function records(site) {
  const lines = JSON.parse(readFileSync(join(site, '.s55-manifest.json'), 'utf8')).responses;
  return Object.values(lines).map((l) => ({ slug: l.slug, record: readRecord(site, l.record) }));
}

/** The progress page beside a response's letter, below the site. */
function progressOf(record) {
  return record.meta.href.replace(/index\.html$/, 'progress.html');
}

/**
 * Makes every page under `dir` and returns the list of pages to check:
 * { kind, name, file, payload? }.
 */
export function buildPages(dir) {
  mkdirSync(dir, { recursive: true });
  const pages = [];
  const examples = readdirSync(join(repo, 'examples')).filter((f) => f.endsWith('.yaml')).sort();

  // Standalone letters, all formats.
  run(['render', ...examples.map((e) => join(repo, 'examples', e)), '--out', join(dir, 'letters'), '--quiet'], dir);
  for (const e of examples) {
    const stem = join(dir, 'letters', e.replace(/\.yaml$/, ''));
    pages.push({ kind: 'letter', name: e, file: `${stem}.html` });
    // A bilingual response also has a page in each language.
    for (const lang of ['cy', 'en']) {
      if (existsSync(`${stem}.${lang}.html`)) pages.push({ kind: 'letter', name: `${e} (${lang})`, file: `${stem}.${lang}.html` });
    }
  }

  // The CMS fragment inside a minimal host page.
  run(['render', join(repo, 'examples/full.yaml'), '--format', 'html', '--fragment', '--out', join(dir, 'fragment'), '--quiet'], dir);
  const fragment = readFileSync(join(dir, 'fragment/full.html'), 'utf8');
  const host = `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'">
<title>Response to the PEEL inspection – an office's CMS page</title>
<link rel="stylesheet" href="../letters/style.css">
</head>
<body>
<a class="skip-link" href="#content">Skip to the content</a>
<header class="site-header"><p class="office">An office's website</p></header>
<main id="content">
${fragment}
</main>
</body>
</html>
`;
  writeFileSync(join(dir, 'fragment/host.html'), host);
  // The host page's stylesheet: the one s55 ships.
  run(['build', join(repo, 'examples'), '--out', join(dir, 'site'), '--quiet'], dir);
  writeFileSync(join(dir, 'letters/style.css'), readFileSync(join(dir, 'site/style.css')));
  pages.push({ kind: 'fragment', name: 'full.yaml in a host page', file: join(dir, 'fragment/host.html') });

  // The archive: index, per-force pages, a response page.
  pages.push({ kind: 'archive index', name: 'index.html', file: join(dir, 'site/index.html') });
  for (const f of readdirSync(join(dir, 'site/forces')).sort()) {
    pages.push({ kind: 'force page', name: f, file: join(dir, 'site/forces', f, 'index.html') });
  }
  for (const { slug, record } of records(join(dir, 'site'))) {
    for (const f of record.meta.files.filter((f) => f.href.endsWith('.html'))) {
      pages.push({ kind: 'archive response', name: `${slug} (${f.format})`, file: join(dir, 'site', f.href) });
    }
    // Progress, beside the letter.
    pages.push({ kind: 'progress page', name: slug, file: join(dir, 'site', progressOf(record)) });
  }
  for (const f of readdirSync(join(dir, 'site/forces')).sort()) {
    pages.push({ kind: 'force progress', name: f, file: join(dir, 'site/forces', f, 'progress.html') });
  }
  // The same pages in Welsh (the examples include a bilingual response), below cy/.
  pages.push({ kind: 'archive index', name: 'cy/index.html', file: join(dir, 'site/cy/index.html') });
  for (const f of readdirSync(join(dir, 'site/cy/forces')).sort()) {
    pages.push({ kind: 'force page', name: `cy/${f}`, file: join(dir, 'site/cy/forces', f, 'index.html') });
    pages.push({ kind: 'force progress', name: `cy/${f}`, file: join(dir, 'site/cy/forces', f, 'progress.html') });
  }
  for (const { slug, record } of records(join(dir, 'site'))) {
    pages.push({ kind: 'progress page', name: `cy/${slug}`, file: join(dir, 'site/cy', progressOf(record)) });
  }

  // A long archive, a hundred responses to an index page: its second page, with the pages'
  // navigation (made of copies of one example letter, each its own response).
  mkdirSync(join(dir, 'long/responses'), { recursive: true });
  const full = readFileSync(join(repo, 'examples/full.yaml'), 'utf8');
  for (let i = 0; i < 105; i++) {
    writeFileSync(join(dir, 'long/responses', `r${String(i).padStart(3, '0')}.yaml`), full);
  }
  run(['build', join(dir, 'long/responses'), '--out', join(dir, 'long/site'), '--quiet'], dir);
  pages.push({ kind: 'archive index', name: 'page 1 of 2', file: join(dir, 'long/site/index.html') });
  pages.push({ kind: 'archive index', name: 'page 2 of 2', file: join(dir, 'long/site/page/2/index.html') });
  // Its force's list and progress run to two pages too.
  const [longForce] = readdirSync(join(dir, 'long/site/forces'));
  pages.push({ kind: 'force page', name: `${longForce}, page 2 of 2`, file: join(dir, 'long/site/forces', longForce, 'page/2/index.html') });
  for (const [name, file] of [['page 1 of 2', 'progress.html'], ['page 2 of 2', 'progress-2.html']]) {
    pages.push({ kind: 'force progress', name: `${longForce}, ${name}`, file: join(dir, 'long/site/forces', longForce, file) });
  }

  // The status page, over the compliance fixtures.
  const statusPage = join(dir, 'status.html');
  const st = spawnSync(s55Binary(), ['status', join(repo, 'tests/fixtures/status'), '--today', '2026-02-01', '--html', statusPage], { cwd: dir, encoding: 'utf8' });
  if (!existsSync(statusPage)) throw new Error(`s55 status --html failed:\n${st.stderr}`);
  pages.push({ kind: 'status page', name: 'status.html', file: statusPage });

  // One response per payload, every format, and an archive of them all.
  mkdirSync(join(dir, 'hostile/responses'), { recursive: true });
  // The office's settings list every payload as a status, so that it reaches the status field
  // (and the tracker table, switched on here) as an office's own wording would.
  const statuses = payloads.map((p) => `  - {name: ${JSON.stringify(p.text)}, label: ${JSON.stringify(p.text)}}`).join('\n');
  writeFileSync(join(dir, 'hostile/responses/s55.yaml'), `statuses:\n${statuses}\ntracker: true\n`);
  payloads.forEach((p, i) => {
    writeFileSync(join(dir, 'hostile/responses', `payload-${String(i).padStart(2, '0')}.yaml`), hostileResponse(p.text));
  });
  // A payload whose letter runs past the PDF's page limit (a 100,000-character word in every
  // field) is refused in the PDF with its page count and what to do; its Markdown and page are
  // still made, and checked below, from a folder of its own so the archive builds without it.
  const long = refusedForLength(dir);
  copyFileSync(join(dir, 'hostile/responses/s55.yaml'), join(dir, 'hostile/long/s55.yaml'));
  const kept = payloads.map((_, i) => i).filter((i) => !long.has(i));
  const fileOf = (i) => join(dir, long.has(i) ? 'hostile/long' : 'hostile/responses', `payload-${String(i).padStart(2, '0')}.yaml`);
  run(['render', ...kept.map(fileOf), '--out', join(dir, 'hostile/letters'), '--quiet'], dir);
  if (long.size > 0) {
    run(['render', ...[...long].map(fileOf), '--format', 'md,html', '--out', join(dir, 'hostile/letters'), '--quiet'], dir);
  }
  payloads.forEach((p, i) => {
    const stem = `payload-${String(i).padStart(2, '0')}`;
    for (const ext of long.has(i) ? ['md'] : ['md', 'pdf']) {
      if (!existsSync(join(dir, 'hostile/letters', `${stem}.${ext}`))) throw new Error(`${stem}.${ext} was not rendered`);
    }
    pages.push({ kind: 'hostile letter', name: p.name, file: join(dir, 'hostile/letters', `${stem}.html`), payload: p });
  });
  run(['build', join(dir, 'hostile/responses'), '--out', join(dir, 'hostile/site'), '--quiet'], dir);
  pages.push({ kind: 'hostile archive index', name: 'index.html', file: join(dir, 'hostile/site/index.html') });
  // Each payload's progress page, the payload in the progress recorded, and its force's.
  const hostileSite = join(dir, 'hostile/site');
  const lines = JSON.parse(readFileSync(join(hostileSite, '.s55-manifest.json'), 'utf8')).responses;
  payloads.forEach((p, i) => {
    if (long.has(i)) return;
    const line = lines[`payload-${String(i).padStart(2, '0')}.yaml`];
    if (!line) throw new Error(`payload ${i} was not published`);
    const record = readRecord(hostileSite, line.record);
    pages.push({ kind: 'hostile progress', name: p.name, file: join(hostileSite, progressOf(record)), payload: p });
    const force = line.slug.split('/')[0];
    pages.push({ kind: 'hostile force progress', name: p.name, file: join(hostileSite, 'forces', force, 'progress.html'), payload: p });
  });
  return pages;
}
