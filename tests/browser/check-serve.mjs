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
  const csv = await page.evaluate(async (u) => (await fetch(u)).text(), `${base}${trendsLink}/sessions.csv`);
  check(csv.split('\n').filter((l) => l.trim()).length === 7, 'the sessions CSV has a header and 6 rows');
  const turns = await page.evaluate(async (u) => (await fetch(u)).text(), `${base}${trendsLink}/turns.csv`);
  check(turns.startsWith('session,turn,speaker,role,code') && turns.includes('reflection'), 'the coded-turns CSV has the codes');
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
  check((await page.content()).includes('uploaded in the browser'), 'an upload lands on its session page');
  await page.goto(`${base}/upload`);
  await page.setInputFiles('input[name=transcript]', { name: 'bad.vtt', mimeType: 'text/vtt', buffer: Buffer.from([0, 1, 2, 3]) });
  await page.click('text=Upload and analyse');
  check((await page.content()).includes('bad.vtt'), "a bad file gets the reader's message naming it");
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
