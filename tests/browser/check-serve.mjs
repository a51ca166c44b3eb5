// Drives `attune serve --demo` in a real headless Chromium: log in as a trainee, see the sessions, open a
// report, the trends chart, practise on a vignette, upload a transcript; and check that a trainee cannot open
// another trainee's session, that the other trainee's sessions are not listed, and that no page asks for
// anything outside the server.
//
// usage: node check-serve.mjs BASE_URL OTHER_SESSION_ID UPLOAD.vtt   (env CHROMIUM)

import { chromium } from 'playwright-core';

const [base, otherId, uploadFile] = process.argv.slice(2);
const failures = [];
const check = (ok, what) => {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
const outside = [];
page.on('request', (r) => {
  if (!r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('about:')) outside.push(r.url());
});
try {
  await page.goto(`${base}/`);
  check(page.url().endsWith('/login'), 'an anonymous visitor is sent to the login page');
  await page.fill('input[name=name]', 'Ana');
  await page.fill('input[name=password]', 'wrong password');
  await page.click('button');
  check((await page.content()).includes('Wrong name or password'), 'a wrong password is refused');
  await page.goto(`${base}/login`);
  await page.fill('input[name=name]', 'Ana');
  await page.fill('input[name=password]', 'attune-demo');
  await page.click('button');
  await page.waitForURL(`${base}/`);
  const rows = await page.locator('tbody tr').count();
  check(rows === 6, `Ana sees her 6 sessions (saw ${rows})`);
  check(!(await page.content()).includes('Ben: week'), "Ben's sessions are not listed for Ana");
  await page.click('text=Ana: week 1');
  const frame = page.frameLocator('iframe');
  const reportText = await frame.locator('body').innerText();
  check(reportText.length > 500, 'the stored report shows in the session page');
  const trendsLink = await page.locator('a', { hasText: 'trends' }).first().getAttribute('href');
  await page.goto(`${base}${trendsLink}`);
  check((await page.locator('svg circle').count()) === 6, 'the trends chart has a point per session');
  const csv = await page.evaluate(async (u) => (await fetch(u)).text(), `${base}${trendsLink}/export/sessions.csv`);
  check(csv.split('\n').filter((l) => l.trim()).length === 7, 'the sessions CSV has a header and 6 rows');
  const turns = await page.evaluate(async (u) => (await fetch(u)).text(), `${base}${trendsLink}/export/turns.csv`);
  check(turns.split('\n')[0].includes('code') && turns.includes('reflection'), 'the coded-turns CSV has the codes');
  const pq = await page.evaluate(async (u) => { const b = new Uint8Array(await (await fetch(u)).arrayBuffer()); return String.fromCharCode(...b.slice(0, 4)) + String.fromCharCode(...b.slice(-4)); }, `${base}${trendsLink}/export/turns.parquet`);
  check(pq === 'PAR1PAR1', 'the Parquet export is a Parquet file');
  const res = await page.goto(`${base}/sessions/${otherId}`);
  check(res.status() === 404, `Ana cannot open Ben's session (status ${res.status()})`);
  const rep = await page.goto(`${base}/sessions/${otherId}/report`);
  check(rep.status() === 404, `…nor its report (status ${rep.status()})`);
  await page.goto(`${base}/practice`);
  await page.fill('textarea[name=answer]', 'Have you tried making a to-do list the night before?');
  await page.click('text=Check my response');
  const practice = await page.content();
  check(practice.includes('An attuned example'), 'practice shows the judgement and an attuned example');
  await page.goto(`${base}/practice`);
  check((await page.content()).includes('Your attempts'), 'the attempt is kept');
  await page.goto(`${base}/upload`);
  await page.setInputFiles('input[name=transcript]', uploadFile);
  await page.fill('input[name=title]', 'uploaded in the browser');
  await page.click('text=Upload and analyse');
  await page.waitForURL(/\/sessions\/\d+$/);
  check(true, 'the upload page shows progress and then the new session');
  check((await page.content()).includes('uploaded in the browser'), 'an upload lands on its session page');
  await page.goto(`${base}/upload`);
  await page.setInputFiles('input[name=transcript]', { name: 'bad.vtt', mimeType: 'text/vtt', buffer: Buffer.from([0, 1, 2, 3]) });
  await page.click('text=Upload and analyse');
  await page.waitForFunction(() => document.body && document.body.innerText.includes('bad.vtt'), null, { timeout: 10000 }).catch(() => {});
  check((await page.content()).includes('bad.vtt'), "a bad file gets the reader's message naming it");
  // Live: Ana streams a session from her page; her supervisor watches it; Ben cannot.
  await page.goto(`${base}/`);
  await page.evaluate(() => new Promise((ok, fail) => {
    window.__ws = new WebSocket(`ws://${location.host}/api/live`);
    window.__ws.onopen = ok;
    window.__ws.onerror = fail;
  }));
  const login = async (name) => {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    p.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('ws://localhost') && !r.url().startsWith('data:')) outside.push(r.url()); });
    await p.goto(`${base}/login`);
    await p.fill('input[name=name]', name);
    await p.fill('input[name=password]', 'attune-demo');
    await p.click('button');
    await p.waitForURL(`${base}/`);
    return p;
  };
  const sup = await login('Dr Reyes');
  await sup.goto(`${base}/trainees`);
  const trainees = await sup.locator('tbody tr').allInnerTexts();
  check(trainees.length === 2 && trainees.some((t) => t.startsWith('Ana')) && trainees.some((t) => t.startsWith('Ben')), `the supervisor's trainees page lists both trainees (${trainees.length})`);
  await sup.goto(`${base}/live`);
  const liveLink = sup.locator('a', { hasText: 'live session' }).first();
  check((await liveLink.count()) === 1, "the supervisor sees the trainee's live session");
  const liveHref = await liveLink.getAttribute('href');
  await sup.goto(`${base}${liveHref}`);
  await sup.waitForFunction(() => document.getElementById('status').textContent.startsWith('Watching'));
  await page.evaluate(() => {
    window.__ws.send(JSON.stringify({ type: 'turn', role: 'client', text: 'My chest has been pounding all week and I keep thinking something terrible is about to happen.' }));
    window.__ws.send(JSON.stringify({ type: 'turn', role: 'therapist', text: 'You should just try some breathing exercises.' }));
  });
  await sup.waitForFunction(() => document.querySelectorAll('#turns tr').length >= 2, null, { timeout: 10000 });
  const liveRows = await sup.locator('#turns tr').allInnerTexts();
  check(liveRows.length === 2 && /advise/.test(liveRows[1]), `the supervisor sees each turn judged as it happens (${liveRows.join(' | ')})`);
  check((await sup.locator('#distress').innerText()) !== '–', 'the meter shows the client distress');
  const ben = await login('Ben');
  await ben.goto(`${base}/live`);
  check((await ben.locator('a', { hasText: 'live session' }).count()) === 0, "another trainee does not see Ana's live session");
  const benLive = await ben.goto(`${base}${liveHref}`);
  check(benLive.status() === 404, `…and cannot open it (status ${benLive.status()})`);
  await page.evaluate(() => window.__ws.send(JSON.stringify({ type: 'end', title: 'live in the browser' })));
  await sup.waitForFunction(() => document.getElementById('status').textContent.includes('ended'), null, { timeout: 10000 });
  check(true, 'the watcher is told when the session ends');
  await page.goto(`${base}/`);
  await page.waitForFunction(() => document.body.innerText.includes('live in the browser'), null, { timeout: 10000 }).catch(() => {});
  await page.reload();
  check((await page.content()).includes('live in the browser'), 'the live session is stored when it ends');
  await page.click('text=Log out');
  await page.goto(`${base}/`);
  check(page.url().endsWith('/login'), 'after logging out the pages need a login again');
  check(outside.length === 0, `no request outside the server (${outside.join(', ')})`);
} catch (e) {
  check(false, `the walk-through ran to the end: ${e}`);
}
await browser.close();
if (failures.length) {
  console.log(`${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('all web UI checks passed');
