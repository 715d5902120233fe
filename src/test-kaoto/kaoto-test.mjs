// Drives headless Chromium over the host page (dist/) with the kantata-users catalog library, and asserts what a
// user of Kaoto sees: the palette tile, the route on the canvas, and our options in the node's form.
//   node kaoto-test.mjs <catalog library folder> <screenshot folder>
// Env: CHROMIUM (default /usr/lib/chromium/chromium), KAOTO_TIMEOUT_MS (default 90000, per wait).
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';

const [catalogDir, shotsDir] = process.argv.slice(2).map((p) => resolve(p));
const distDir = resolve('dist');
const timeout = Number(process.env.KAOTO_TIMEOUT_MS ?? 90000);
const runtimes = JSON.parse(readFileSync(join(catalogDir, 'index.json'), 'utf8')).definitions.map((d) => d.version);
const routeYaml = readFileSync('src/route.yaml', 'utf8');
const expectedUserId = /userId: "([^"]+)"/.exec(routeYaml)[1];

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.png': 'image/png',
  '.xsd': 'application/xml' };
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const [root, rest] = path.startsWith('/camel-catalog/') ? [catalogDir, path.slice('/camel-catalog/'.length)]
    : [distDir, path === '/' ? 'index.html' : path.slice(1)];
  const file = normalize(join(root, rest));
  try {
    if (!file.startsWith(root) || !statSync(file).isFile()) throw new Error('not a file');
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}/`;

const profile = mkdtempSync(join(tmpdir(), 'kaoto-chromium-'));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/lib/chromium/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`,
    '--window-size=1400,900'],
  defaultViewport: { width: 1400, height: 900 },
});

let failures = 0;
let passed = 0;
async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failures++;
    console.log(`FAIL ${name}: ${error.message.split('\n')[0]}`);
  }
}

async function open(view, runtime) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.setDefaultTimeout(timeout);
  await page.goto(`${base}?view=${view}&runtime=${runtime}`, { waitUntil: 'domcontentloaded' });
  page.errors = errors;
  return page;
}

async function waitFor(page, what, predicate, ...args) {
  try {
    return await page.waitForFunction(predicate, { timeout, polling: 250 }, ...args);
  } catch (error) {
    const shot = join(shotsDir, `failed-${what.replace(/\W+/g, '-')}.png`);
    await page.screenshot({ path: shot }).catch(() => {});
    throw new Error(`${what}: ${error.message.split('\n')[0]} (screenshot ${shot}; page errors: ${page.errors.join(' | ') || 'none'})`);
  }
}

try {
  // 1. The palette of every runtime of the library, filtered to "kantata", shows the component's tile.
  for (const runtime of runtimes) {
    await check(`palette on Camel Main ${runtime}: filter "kantata" shows tile-kantata-users`, async () => {
      const page = await open('palette', runtime);
      const search = 'input[aria-label="Filter by name, description or tag"]';
      await waitFor(page, `palette ${runtime} loaded`, (s) => document.querySelector(s) !== null
        && document.querySelector('[data-testid^="tile-header-"]') !== null, search);
      // the first tile before filtering is one of Camel's own components (alphabetical: activemq, a2a, ...)
      const first = await page.$eval('[data-testid^="tile-header-"]', (el) => el.getAttribute('data-testid').slice('tile-header-'.length));
      await page.type(search, 'kantata');
      // Kaoto debounces the filter: wait until that tile is gone and ours is there
      await waitFor(page, `palette ${runtime} filtered`, (gone) => document.querySelector(`[data-testid="tile-${gone}"]`) === null
        && document.querySelector('[data-testid="tile-kantata-users"]') !== null, first);
      const tile = await page.$eval('[data-testid="tile-kantata-users"]', (el) => el.innerText);
      if (!tile.includes('Kantata OX Users') || !tile.includes('(kantata-users)')) throw new Error(`tile text: ${tile}`);
      const shown = await page.$$eval('[data-testid^="tile-"]:not([data-testid^="tile-header-"])',
        (els) => els.map((el) => el.getAttribute('data-testid')));
      for (const kamelet of ['tile-kantata-users-source', 'tile-kantata-users-lookup-action']) {
        if (!shown.includes(kamelet)) throw new Error(`${kamelet} missing; shown: ${shown.join(', ')}`);
      }
      if (runtime === runtimes[0]) {
        await page.screenshot({ path: join(shotsDir, 'kaoto-palette.png'), clip: { x: 0, y: 0, width: 1400, height: 470 } });
      }
      await page.close();
    });
  }

  // 2. The route renders with a kantata-users node; 3. its form shows our options with the route's values.
  const runtime = runtimes[0];
  const page = await open('route', runtime);
  await check(`canvas on Camel Main ${runtime}: timer -> kantata-users:get -> log`, async () => {
    await waitFor(page, 'canvas nodes', () => {
      const nodes = [...document.querySelectorAll('[data-testid^="custom-node__"]')].map((n) => n.textContent);
      return nodes.some((t) => t.includes('kantata-users')) && nodes.some((t) => t.includes('timer'))
        && nodes.some((t) => t.includes('log'));
    });
    await page.screenshot({ path: join(shotsDir, 'kaoto-canvas.png') });
  });
  await check('node form shows operation "get", userId "' + expectedUserId + '" and include "manager" from the route', async () => {
    // In this host the side panel closes again about half a second after it opens (Kaoto clears the selection; no
    // code change or click causes it, see docs/PLATFORMS.md). So the page records what Kaoto's form shows while it
    // is open: first the "Required" tab, then, after switching to "All" at once, every field with its value.
    await page.evaluate(() => {
      const form = (window.__kaotoForm = { required: null, all: null, opened: 0 });
      new MutationObserver(() => {
        const card = document.querySelector('.canvas-form');
        if (!card) return;
        const values = () => Object.fromEntries([...card.querySelectorAll('input')]
          .map((i) => [i.getAttribute('aria-label') || i.id, i.type === 'checkbox' ? i.checked : i.value]));
        const all = document.querySelector('button#All');
        if (!form.required && all) {
          form.opened = Date.now();
          form.title = card.querySelector('.form-header__title')?.textContent;
          form.required = { text: card.innerText, values: values() };
          all.click();
        } else if (form.required && all?.getAttribute('aria-pressed') === 'true') {
          form.all = { text: card.innerText, values: values() };
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const img = await page.evaluateHandle(() => [...document.querySelectorAll('[data-testid^="custom-node__"]')]
      .find((n) => n.textContent.includes('kantata-users')).querySelector('img'));
    await img.click();
    const handle = await waitFor(page, 'node form', () => window.__kaotoForm.all?.values['User Id'] !== undefined
      && window.__kaotoForm.all.values.Include !== undefined && window.__kaotoForm);
    const form = await handle.jsonValue();
    const problems = [];
    if (form.title !== 'Kantata OX Users') problems.push(`title ${form.title}`);
    if (!/Operation \*/.test(form.required.text)) problems.push('no required Operation field');
    const typeaheads = Object.entries(form.required.values).filter(([k]) => k === 'Type to filter').map(([, v]) => v);
    if (typeaheads[0] !== 'get') problems.push(`operation shows ${JSON.stringify(typeaheads[0])}`);
    if (form.all.values['User Id'] !== expectedUserId) problems.push(`User Id shows ${JSON.stringify(form.all.values['User Id'])}`);
    if (form.all.values.Include !== 'manager') problems.push(`Include shows ${JSON.stringify(form.all.values.Include)}`);
    for (const group of ['Filter', 'Scheduler', 'Security', 'Timeout']) {
      if (!form.all.text.split('\n').includes(group)) problems.push(`no ${group} group`);
    }
    if (problems.length) throw new Error(problems.join('; '));
    console.log(`     form "${form.title}": Operation * = get; User Id = ${form.all.values['User Id']}; `
      + `Include = ${form.all.values.Include}; groups Filter, Scheduler, Security, Timeout`);
    const open = await page.$('[data-testid="close-side-bar"]');
    console.log(`     side panel ${open ? 'still open' : 'closed again by Kaoto'} ${((Date.now() - form.opened) / 1000).toFixed(1)} s after it opened`);
  });
  await page.close();
} finally {
  await browser.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
