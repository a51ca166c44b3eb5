// Opens an attune HTML report in a real headless Chromium and checks what a reader sees.
//
// usage: node check-report.mjs REPORT.html [--screenshot OUT.png] [--pdf OUT.pdf]
// env:   CHROMIUM (default /usr/bin/chromium)
//
// Fails (exit 1) if the page makes any request that is not file:, data: or about:, if a section a
// reader needs is missing or empty, or if the print rendering fails.

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const report = args.find((a) => !a.startsWith('--'));
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
if (!report || !fs.existsSync(report)) {
  console.error(`usage: node check-report.mjs REPORT.html  (no such file: ${report})`);
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(executablePath)) {
  console.error(`Chromium not found at ${executablePath}: apt-get install -y chromium (or set CHROMIUM)`);
  process.exit(2);
}

const failures = [];
const check = (ok, what) => {
  if (ok) console.log(`  ok   ${what}`);
  else {
    console.log(`  FAIL ${what}`);
    failures.push(what);
  }
};

// chromium.launch() starts Chromium with a fresh temporary profile (user-data-dir) and removes it after.
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-default-apps', '--disable-extensions', '--metrics-recording-only', '--no-default-browser-check',
  ],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });

const requests = [];
const consoleErrors = [];
let exitCode = 0;
try {
  const page = await context.newPage();
  // Record every request the page (or anything it loads) makes, and every WebSocket it opens.
  context.on('request', (r) => requests.push(r.url()));
  page.on('websocket', (ws) => requests.push(ws.url()));
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));

  const url = pathToFileURL(path.resolve(report)).href;
  console.log(`report: ${url}`);
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(300);

  console.log('what a reader sees:');
  const title = await page.title();
  check(/attunement report/i.test(title), `title is an attunement report ("${title}")`);
  const h1 = (await page.locator('h1').first().innerText()).trim();
  check(h1.length > 0, `heading visible ("${h1}")`);

  const idx = page.locator('#attunement-index .index-value');
  const idxVisible = await idx.isVisible();
  const idxText = idxVisible ? (await idx.innerText()).trim() : '';
  const idxNum = parseInt(idxText, 10);
  check(idxVisible && Number.isFinite(idxNum) && idxNum >= 0 && idxNum <= 100, `attunement index visible (${idxText.replace(/\s+/g, ' ')})`);

  const sub = await page.locator('header.top tr.sub').count();
  check(sub >= 3, `sub-score bars in the header (${sub})`);
  const miti = await page.locator('#scores').innerText();
  check(/fair/.test(miti) && /good/.test(miti) && /MITI 4\.2\.1/.test(miti), 'MITI scores shown against fair/good thresholds');

  const flags = page.locator('#moments li.k-flag');
  const nFlags = await flags.count();
  check(nFlags >= 1, `at least one flagged moment in the moments list (${nFlags})`);
  if (nFlags >= 1) {
    const f = flags.first();
    await f.scrollIntoViewIfNeeded();
    check(await f.isVisible(), 'first flag visible');
    const quotes = await f.locator('blockquote').count();
    check(quotes >= 2, `flag shows the client turn and the therapist quote (${quotes} quotes)`);
    const alt = f.locator('.alt');
    check((await alt.count()) === 1 && (await alt.isVisible()), 'flag shows an alternative');
    const altText = (await alt.innerText()).trim();
    check(/example/i.test(altText) && altText.length > 40, `alternative is labelled as an example ("${altText.slice(0, 70).replace(/\s+/g, ' ')}…")`);
    const when = (await f.locator('.m-time').innerText()).trim();
    check(/^\d+:\d\d/.test(when) || /^turn \d+/.test(when), `flag shows its time (${when})`);
  }
  const ruptures = await page.locator('#moments li.k-rupture').count();
  const repairs = await page.locator('#moments li.k-repair').count();
  console.log(`  info ${ruptures} rupture(s), ${repairs} repair(s) in the moments list`);

  const svg = page.locator('#timeline-svg');
  check(await svg.isVisible(), 'timeline SVG visible');
  const box = await svg.boundingBox();
  check(box && box.width > 600 && box.height > 100, `timeline has a readable size (${box && Math.round(box.width)}×${box && Math.round(box.height)})`);
  const ticks = await page.locator('#timeline-svg .codes rect').count();
  check(ticks >= 5, `therapist turns marked by code on the timeline (${ticks})`);
  const flagMarks = await page.locator('#timeline-svg .flag-marker').count();
  check(flagMarks >= 1, `flag markers on the timeline (${flagMarks})`);
  const curve = await page.locator('#timeline-svg path.valence').getAttribute('d');
  check(curve && curve.split('L').length > 3, 'client affect curve drawn');

  for (const id of ['pacing', 'style', 'transcript', 'methods']) {
    const s = page.locator(`#${id}`);
    const text = (await s.count()) ? (await s.innerText()).trim() : '';
    check(text.length > 40, `section #${id} present and not empty`);
  }
  const methods = await page.locator('#methods').innerText();
  for (const cite of ['MITI', '3RS', 'Ireland', 'Müller-Frommeyer', 'Sharma']) {
    check(methods.includes(cite), `methods cite ${cite}`);
  }

  // Clicking a flag marker takes the reader to the turn (JS is optional; the link works without it).
  if (flagMarks >= 1) {
    const href = await page.locator('#timeline-svg .flag-marker').first().getAttribute('href');
    await page.locator('#timeline-svg .flag-marker').first().click();
    await page.waitForTimeout(150);
    const target = page.locator(href);
    check((await target.count()) === 1 && (await target.isVisible()), `flag marker links to its turn (${href})`);
  }

  // Without JavaScript the report still reads fully.
  const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  noJs.on('request', (r) => requests.push(r.url()));
  const p2 = await noJs.newPage();
  await p2.goto(url);
  check(
    (await p2.locator('#moments li').count()) === (await page.locator('#moments li').count()) &&
      (await p2.locator('#attunement-index .index-value').isVisible()),
    'reads the same without JavaScript',
  );
  await noJs.close();

  // Print rendering.
  await page.emulateMedia({ media: 'print' });
  const tocHidden = await page.locator('nav.toc').isHidden();
  check(tocHidden, 'print stylesheet applies (navigation hidden in print)');
  check(await page.locator('#timeline-svg').isVisible(), 'timeline visible in print');
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  check(pdf.length > 20000, `prints to PDF (${Math.round(pdf.length / 1024)} KiB)`);
  if (opt('--pdf')) fs.writeFileSync(opt('--pdf'), pdf);
  await page.emulateMedia({ media: 'screen' });
  if (opt('--screenshot')) await page.screenshot({ path: opt('--screenshot'), fullPage: true });

  check(consoleErrors.length === 0, `no script errors (${consoleErrors.join(' | ')})`);

  console.log('network:');
  const foreign = requests.filter((u) => !/^(file|data|about):/i.test(u));
  // Control: the recorder does see a network request when a page makes one (so "none" above means none).
  const control = await browser.newContext();
  const seen = [];
  control.on('request', (r) => seen.push(r.url()));
  const pc = await control.newPage();
  await pc.setContent('<img src="http://127.0.0.1:9/attune-control.png">');
  await pc.waitForTimeout(200);
  await control.close();
  check(seen.some((u) => u.startsWith('http://127.0.0.1:9/')), 'control: a page that fetches is caught by the recorder');
  check(requests.length >= 1, `requests were recorded (${requests.length}, e.g. ${requests[0]})`);
  check(foreign.length === 0, `no network request (${foreign.length} non-file requests${foreign.length ? ': ' + foreign.slice(0, 5).join(', ') : ''})`);
} catch (e) {
  console.error(e);
  failures.push(String(e));
} finally {
  await browser.close();
}

if (failures.length) {
  console.log(`\n${failures.length} check(s) failed`);
  exitCode = 1;
} else {
  console.log('\nall checks passed');
}
process.exit(exitCode);
