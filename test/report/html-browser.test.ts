/**
 * The HTML report in a real browser: playwright-core drives the installed Chromium, opens the
 * page from disk with the network cut off, checks the index, the scenarios and their diagrams,
 * and takes a screenshot (kscn-html-report.png in the system's temporary folder, for a person to look at).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findChromium } from '../../src/report/chromium.js';
import { createReporters, fanOut } from '../../src/report/reporter.js';
import { sampleRun } from '../fixtures/report/kubectl-run.js';
import { memoryIO } from './io.js';
import { run } from '../../src/cli/run.js';

// Chromium and the engine are slow on a loaded machine; none of these tests is about time.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const found = findChromium();
const skip = 'missing' in found ? `skipped: ${found.missing}` : '';
if (skip) console.warn(`html-browser.test.ts ${skip}`);

/** Write the HTML report of the sample run; `noRenderer` pretends Chromium is missing at report time. */
async function writeReport(noRenderer: boolean): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kscn-html-'));
  const io = memoryIO({ cwd: dir });
  const reporters = createReporters(['html'], { io, outDir: 'reports', svg: false, png: false });
  if ('error' in reporters) throw new Error(reporters.error);
  if (noRenderer) {
    const html = reporters.find((r) => r.name === 'html') as unknown as { store: { renderer(): Promise<unknown> } };
    html.store.renderer = async () => ({ unavailable: 'no Chromium' });
  }
  const r = fanOut(reporters);
  const run = sampleRun();
  await r.onRunStart({ files: run.files.map((f) => f.path) });
  await r.onRunEnd(run);
  await r.close();
  return join(dir, 'reports', 'index.html');
}

/** Open a page from disk with every network request refused; returns the requests that tried. */
async function open(browser: Browser, path: string): Promise<{ page: Page; network: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const network: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    network.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(path).href);
  return { page, network };
}

describe.skipIf(!!skip)(`HTML report in Chromium${skip ? ` (${skip})` : ''}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: (found as { path: string }).path, args: ['--no-sandbox', '--disable-gpu'] });
  }, 60_000);
  afterAll(async () => browser?.close());

  it('shows every scenario in the index and its section with status, expectations and a rendered diagram', async () => {
    const path = await writeReport(false);
    const { page, network } = await open(browser, path);
    expect(await page.title()).toBe('kscn — 1 passed, 2 failed');
    const rows = await page.locator('table.index tbody tr').allInnerTexts();
    expect(rows.length).toBe(4);
    expect(rows[0]).toContain('kubectl run creates a running pod');
    expect(rows[1]).toContain('kubectl run pulls <nginx> & "starts"');
    expect(rows[3]).toContain('expected `{` after the scenario title');
    const sections = page.locator('section.scenario');
    expect(await sections.count()).toBe(3);
    expect(await sections.nth(0).getAttribute('data-status')).toBe('passed');
    expect(await sections.nth(1).getAttribute('data-status')).toBe('failed');
    expect(await sections.nth(1).locator('li.fail').count()).toBe(2);
    expect(await sections.nth(1).locator('pre.why').first().innerText()).toContain('at scenarios/failing.kscn:20:5');
    // Pre-rendered SVGs, drawn by the page without any script.
    expect(await page.locator('section.scenario figure.diagram svg').count()).toBe(2);
    expect(await sections.nth(2).locator('p.empty').innerText()).toBe('No messages were recorded.');
    expect(await sections.nth(0).locator('svg').innerHTML()).toContain('kube-scheduler');
    expect(await page.locator('script').count()).toBe(0);
    // User text is text, not markup.
    expect(await page.locator('section.scenario h2 nginx').count()).toBe(0);
    expect(network).toEqual([]);
    await page.screenshot({ path: join(tmpdir(), 'kscn-html-report.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('the JUnit report is well-formed XML (Chromium\'s XML parser), a testcase per scenario', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kscn-junit-'));
    const reporters = createReporters(['junit'], { io: memoryIO({ cwd: dir }), outDir: 'r', svg: false, png: false });
    if ('error' in reporters) throw new Error(reporters.error);
    await fanOut(reporters).onRunEnd(sampleRun());
    const xml = readFileSync(join(dir, 'r', 'junit.xml'), 'utf8');
    const page = await browser.newPage();
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        cases: Array.from(doc.querySelectorAll('testcase')).map((c) => `${c.getAttribute('name')} ${c.querySelector('failure') ? 'failure' : c.querySelector('error') ? 'error' : 'ok'}`),
        failureText: doc.querySelector('failure')?.textContent ?? '',
      };
    }, xml);
    expect(parsed.error).toBeNull();
    expect(parsed.cases).toEqual([
      'kubectl run creates a running pod ok',
      'kubectl run pulls <nginx> & "starts" failure',
      'kubectl port-forward is not simulated error',
      'scenarios/broken <1>.kscn could not be checked error',
    ]);
    expect(parsed.failureText).toContain('scenarios/failing.kscn:20:5: sequence line 6 found no match');
    await page.close();
  });

  it('a wide diagram scales to the page width — nothing passes the right edge — and opens full size on click, scrolling inside its frame', async () => {
    // Ten kubelets and every message: an SVG some 3,700 px wide.
    const dir = mkdtempSync(join(tmpdir(), 'kscn-wide-'));
    writeFileSync(join(dir, 'wide.kscn'), `cluster ten { node worker-[1..10] { cpu 1; memory 2Gi } }
scenario "ten pods on ten nodes" {
  given cluster ten
  when { kubectl create deployment web --image=nginx:1.27 --replicas=10 }
  then { pods app=web: 10 Running within 2m }
  diagram { detail full }
}
`);
    expect(await run(['wide.kscn', '--reporter', 'html', '--svg'], memoryIO({ cwd: dir }))).toBe(0);
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    await page.goto(pathToFileURL(join(dir, 'reports', 'index.html')).href);
    const measure = () =>
      page.evaluate(() => {
        const svg = document.querySelector('figure.diagram svg')!;
        const fig = svg.closest('figure')!;
        return {
          natural: (svg as SVGSVGElement).viewBox.baseVal.width,
          shown: svg.getBoundingClientRect().width,
          pageWidth: document.documentElement.scrollWidth,
          viewport: document.documentElement.clientWidth,
          // Nothing passes the right edge of the page: a diagram wider than it scrolls inside its own frame.
          outside: [...document.querySelectorAll('body *')].filter((e) => !e.closest('figure.diagram') || e.matches('figure.diagram')).filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).map((e) => e.tagName).slice(0, 3),
          figure: { top: fig.getBoundingClientRect().top, bottom: fig.getBoundingClientRect().bottom, right: fig.getBoundingClientRect().right, scroll: fig.scrollWidth, client: fig.clientWidth, full: fig.classList.contains('full') },
        };
      });
    const fitted = await measure();
    expect(fitted.natural).toBeGreaterThan(2 * fitted.viewport);
    // Scaled down (to the width, or to 60% of its size and then scrolled in its frame).
    expect(fitted.shown).toBeLessThan(fitted.natural * 0.9);
    if (fitted.shown > fitted.figure.client) expect(fitted.figure.scroll).toBeGreaterThan(fitted.figure.client);
    // The frame is no taller than the window, so its scroll bar is in sight.
    expect(fitted.figure.bottom - fitted.figure.top).toBeLessThanOrEqual(800);
    expect(fitted.figure.right).toBeLessThanOrEqual(fitted.viewport);
    expect(fitted.outside).toEqual([]);
    expect(fitted.pageWidth).toBeLessThanOrEqual(fitted.viewport);
    expect(fitted.figure.full).toBe(false);
    await page.screenshot({ path: join(tmpdir(), 'kscn-html-wide.png') });
    // A click opens it full size: the figure scrolls, the page does not.
    await page.locator('figure.diagram').first().click();
    const full = await measure();
    expect(full.figure.full).toBe(true);
    expect(full.shown).toBeCloseTo(full.natural, -1);
    expect(full.figure.scroll).toBeGreaterThan(full.figure.client);
    expect(full.figure.right).toBeLessThanOrEqual(full.viewport);
    expect(full.outside).toEqual([]);
    expect(full.pageWidth).toBeLessThanOrEqual(full.viewport);
    await page.screenshot({ path: join(tmpdir(), 'kscn-html-wide-full.png') });
    await page.close();
  }, 120_000);

  it('without a renderer at report time, the page draws the diagrams itself from a local copy of mermaid', async () => {
    const path = await writeReport(true);
    expect(readFileSync(path, 'utf8')).toContain('<script src="mermaid.min.js"></script>');
    const { page, network } = await open(browser, path);
    await page.waitForFunction(() => document.querySelectorAll('pre.mermaid svg').length === 2, undefined, { timeout: 30_000 });
    expect(await page.locator('pre.mermaid svg').first().innerHTML()).toContain('kube-apiserver');
    expect(network).toEqual([]);
    await page.close();
  }, 60_000);
});
