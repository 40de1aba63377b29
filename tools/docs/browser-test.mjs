// The browser test of `cargo xtask docs --check-in-browser` (run by
// `cargo xtask ci`): node browser-test.mjs CHROMIUM DOCS_DIR SHOTS_DIR PROFILE_DIR
//
// Opens the index from file://, goes to one Defentry operation in the legacy
// view, switches format with the selector, and checks that the same
// operation is shown with the other format's wire forms (timestamp and flag
// examples); then checks the scope, warning and badge of a state-changing
// GET. Every page must load nothing from the network and throw no
// error. Screenshots of both views go to SHOTS_DIR.
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const [chromium, docs, shots, profile] = process.argv.slice(2);
const OPERATION = '#/onlinedata/getdeletemydatascanstatus';
const CLOSE = '/alarms/closeaccountalarm';
const LEGACY = { timestamp: '2026-06-16 21:02:05', flag: '"is_data_found": 1' };
const STANDARDIZED = { timestamp: '2026-06-16T21:02:05Z', flag: '"is_data_found": true' };

const failures = [];
// A failed text check quotes the start of the text it read.
const failed = (text) => ` (section starts: ${JSON.stringify(text.slice(0, 300))})`;
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  userDataDir: profile,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  const remote = [];
  const errors = [];
  page.on('request', (request) => {
    if (!/^(file|data|blob|about):/.test(request.url())) remote.push(request.url());
  });
  page.on('pageerror', (error) => errors.push(error.message));

  const index = pathToFileURL(path.join(docs, 'index.html')).href;
  await page.goto(index, { waitUntil: 'load' });
  const listed = await page.$$eval('a', (links) => links.map((a) => a.getAttribute('href')));
  check(['defentry.legacy.html', 'defentry.2026-06-12.html', 'crmcom.html', 'dfns.html'].every((f) => listed.includes(f)),
    `the index links every page (${listed.join(', ')})`);

  // Every single-format page renders.
  for (const file of ['crmcom.html', 'dfns.html']) {
    await page.goto(new URL(file, index).href, { waitUntil: 'networkidle0' });
    const rendered = await page.waitForSelector('[data-section-id="/"]', { timeout: 15000 }).then(() => true, () => false);
    check(rendered, `${file} renders`);
  }

  // Legacy view of one operation, reached through the index and the menu.
  await page.goto(index, { waitUntil: 'load' });
  await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('a[href="defentry.legacy.html"]')]);
  // Menu links read `/tag` before the first navigation and `#/tag` after.
  const menu = (route) => `nav a[href="${route}"], a[href="${route}"], a[href="#${route}"]`;
  // A click may land while the menu still animates: click until the route
  // is the one asked for.
  const go = async (route) => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await page.waitForSelector(menu(route), { timeout: 15000 });
      await page.click(menu(route));
      const arrived = await page
        .waitForFunction((hash) => location.hash === hash, { timeout: 2000 }, `#${route}`)
        .then(() => true, () => false);
      if (arrived) return;
    }
  };
  await go('/onlinedata');
  await go(OPERATION.slice(1));
  const section = `[data-section-id="${OPERATION.slice(1)}"]`;
  const readOperation = async () => {
    await page.waitForSelector(section, { timeout: 15000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Responses are sorted by status and the first (an error) is shown:
    // open the success response (`2XX`), as a reader would, to see its example.
    await page.$$eval(`${section} *`, (elements) => {
      for (const element of elements) {
        if (element.children.length === 0 && element.textContent.trim() === '2XX') element.click();
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    return page.$eval(section, (element) => element.innerText);
  };
  let text = await readOperation();
  check(new URL(page.url()).hash === OPERATION, `the legacy view is at ${OPERATION} (${page.url()})`);
  check(text.includes(LEGACY.timestamp) && !text.includes(STANDARDIZED.timestamp), `legacy: the timestamp example reads ${LEGACY.timestamp}`);
  check(text.replace(/\s+/g, ' ').includes(LEGACY.flag), `legacy: the response example has ${LEGACY.flag}`);
  await page.$eval(section, (element) => element.scrollIntoView());
  await page.screenshot({ path: path.join(shots, 'legacy.png') });

  // Switch format on the same operation.
  await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.select('#format-switch', 'defentry.2026-06-12.html')]);
  text = await readOperation();
  const url = new URL(page.url());
  check(url.pathname.endsWith('/defentry.2026-06-12.html') && url.hash === OPERATION, `the switch kept the operation (${page.url()})`);
  check(text.includes(STANDARDIZED.timestamp) && !text.includes(LEGACY.timestamp), `2026-06-12: the timestamp example reads ${STANDARDIZED.timestamp}`);
  check(text.replace(/\s+/g, ' ').includes(STANDARDIZED.flag), `2026-06-12: the response example has ${STANDARDIZED.flag}`);
  await page.$eval(section, (element) => element.scrollIntoView());
  await page.screenshot({ path: path.join(shots, 'standardized.png') });

  // A state-changing GET shows its scope, its warning and its badge.
  await go('/alarms');
  await go(CLOSE);
  await page.waitForSelector(`[data-section-id="${CLOSE}"]`, { timeout: 15000 });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const close = await page.$eval(`[data-section-id="${CLOSE}"]`, (element) => element.innerText);
  const shown = close.includes('Scope: CRM token') && close.includes('Changes state although it is a GET')
    && (close.match(/changes state/gi) || []).length >= 2; // the badge reads `Changes State`
  check(shown, `${CLOSE}: scope, state-changing warning and badge are shown${shown ? '' : failed(close)}`);

  check(remote.length === 0, `nothing was requested from the network (${remote.join(', ') || 'none'})`);
  check(errors.length === 0, `no page error (${errors.join('; ') || 'none'})`);
} finally {
  await browser.close();
}
process.exit(failures.length === 0 ? 0 : 1);
