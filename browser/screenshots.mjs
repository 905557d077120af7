// Takes the README's pictures: the Warwickshire letter at 1280 and 375 px wide, and the
// archive index, from a fresh build. Run with `npm run screenshots` from browser/ after
// `cargo build --release`; writes docs/*.png.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { repo, s55Binary } from './fixtures.mjs';

const dir = mkdtempSync(join(tmpdir(), 's55-shots-'));
const r = spawnSync(s55Binary(), ['build', join(repo, 'examples'), '--out', join(dir, 'site'), '--quiet'], { encoding: 'utf8' });
if (r.status !== 0) throw new Error(r.stderr);
const letter = join(dir, 'site/responses/warwickshire-police/2022-08-05-warwickshire-police-national-child-protection-inspection/index.html');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
for (const [file, width, height, out] of [
  [letter, 1280, 1100, 'letter-1280.png'],
  [letter, 375, 1300, 'letter-375.png'],
  [join(dir, 'site/index.html'), 1280, 1000, 'archive-index.png'],
]) {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(pathToFileURL(file).href);
  await page.screenshot({ path: join(repo, 'docs', out) });
  await page.close();
  console.log(`docs/${out}`);
}
await browser.close();
rmSync(dir, { recursive: true, force: true });
