/**
 * Rendering Mermaid text to SVG and PNG with one shared Chromium for every diagram of a run.
 *
 * mermaid-cli's `renderMermaid` opens a new page and loads mermaid again for each diagram
 * (~650 ms a diagram here); a separate `mmdc` process costs ~2.1 s. This renderer launches
 * Chromium once (through puppeteer-core, which never downloads a browser), loads the mermaid bundle from
 * node_modules once into a few pages (offline: every network request is refused), and calls
 * `mermaid.render` per diagram — tens of milliseconds each.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type { Browser, Page } from 'puppeteer-core';
import { findChromium } from './chromium.js';
import { onStop } from './signals.js';

/** A running renderer. Calls may overlap; they are spread over the renderer's pages. */
export interface Renderer {
  /**
   * Render Mermaid text: SVG text (white background, valid XML) or PNG bytes (2× scale, 1×
   * for diagrams wider than 2000 px, drawn from the SVG on a canvas).
   * `id` is the SVG's element id, which scopes its styles (default: derived from the text, so
   * output is deterministic). Rejects with mermaid's message when the text does not parse.
   */
  render(mmd: string, format: 'svg', opts?: { id?: string }): Promise<string>;
  render(mmd: string, format: 'png', opts?: { id?: string }): Promise<Buffer>;
  render(mmd: string, format: 'svg' | 'png', opts?: { id?: string }): Promise<string | Buffer>;
  /** The Chromium in use. */
  readonly executablePath: string;
  /** Close the browser. Further renders reject. */
  close(): Promise<void>;
}

/** Options of `openRenderer`. */
export interface RendererOptions {
  env?: Record<string, string | undefined>;
  /** Pages rendering at once (default: one per CPU, 1 to 4). */
  pages?: number;
  /** How long launching Chromium, and each render, may take (default: `KSCN_CHROMIUM_TIMEOUT` seconds, else 60 s; loading mermaid into the pages gets twice that). */
  timeoutMs?: number;
}

/** The default bound on launching Chromium and on each render. */
export const DEFAULT_CHROMIUM_TIMEOUT_MS = 60_000;

/** The timeout from the options or `KSCN_CHROMIUM_TIMEOUT` (seconds). */
export function chromiumTimeoutMs(opts: RendererOptions): number {
  if (opts.timeoutMs) return opts.timeoutMs;
  const v = Number(opts.env?.KSCN_CHROMIUM_TIMEOUT);
  return Number.isFinite(v) && v > 0 ? v * 1000 : DEFAULT_CHROMIUM_TIMEOUT_MS;
}

/** `p`, or a rejection with `message` after `ms` (the timer never keeps the process alive). */
function within<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, ko) => {
    timer = setTimeout(() => ko(new Error(message)), ms);
    timer.unref();
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/**
 * Kill the browser at once (a frozen Chromium does not answer `close`): its whole process group
 * (puppeteer starts it detached, as a group of its own: its zygote and renderers go too), else
 * its process.
 */
function kill(browser: Browser): void {
  const proc = browser.process();
  if (!proc?.pid) return;
  try {
    if (process.platform !== 'win32') process.kill(-proc.pid, 'SIGKILL');
    else proc.kill('SIGKILL');
  } catch {
    try {
      proc.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** The one line printed when the optional packages that render are not installed. */
export const NO_RENDERER_HINT = 'SVG/PNG need two optional packages: npm i -D puppeteer-core mermaid (neither downloads a browser)';

/** Chromium flags: headless, no sandbox (CI runs as root), nothing reaching the network. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Mermaid settings for every diagram kscn renders. Notes are left-aligned: a step or fold note
 * spans the whole diagram, and centred its text would sit far to the right of a wide one.
 */
const MERMAID_CONFIG = {
  startOnLoad: false,
  securityLevel: 'strict',
  theme: 'default',
  maxTextSize: 500_000,
  fontFamily: '"DejaVu Sans", "Liberation Sans", Arial, sans-serif',
  sequence: { showSequenceNumbers: true, mirrorActors: true, useMaxWidth: false, wrap: false, noteAlign: 'left' },
};

/**
 * Launch Chromium once and prepare pages with mermaid loaded. Resolves to `{unavailable}` with
 * one line saying why (no browser found, or it would not start) instead of throwing.
 */
export async function openRenderer(opts: RendererOptions = {}): Promise<Renderer | { unavailable: string }> {
  // puppeteer-core and mermaid are optional peers of kscn: without them `.mmd` files are still written.
  let bundle: string;
  try {
    createRequire(import.meta.url).resolve('puppeteer-core');
    bundle = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
  } catch {
    const chromium = findChromium(opts.env ?? process.env);
    return { unavailable: `${NO_RENDERER_HINT}${'missing' in chromium ? ', and a Chromium (apt-get install chromium)' : ''}` };
  }
  const found = findChromium(opts.env ?? process.env);
  if ('missing' in found) return { unavailable: found.missing };
  const timeoutMs = chromiumTimeoutMs(opts);
  const seconds = `${Math.round(timeoutMs / 100) / 10} s`;
  let browser: Browser;
  try {
    const puppeteer = (await import('puppeteer-core')).default;
    // Signals are kscn's to handle (`signals.ts`): puppeteer's own handlers closed Chromium and let the run go on.
    // kscn's own timers (launch, loading mermaid, each render) come before puppeteer's protocol
    // timeout, so a frozen browser is named as such and killed. Aborting kills the process group
    // at once: without it, a Chromium that never answered is left to puppeteer's graceful close,
    // 5 s more before the kill and the exit.
    const abort = new AbortController();
    const launching = puppeteer.launch({ executablePath: found.path, headless: true, args: CHROMIUM_ARGS, timeout: timeoutMs, protocolTimeout: 2 * timeoutMs + 1000, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false, signal: abort.signal } as Parameters<typeof puppeteer.launch>[0]);
    let timedOut = false;
    // A launch that answers after the timeout is closed at once.
    launching.then((b) => timedOut && kill(b), () => undefined);
    browser = await within(launching, timeoutMs + 1000, `it did not answer within ${seconds}`).catch((e) => {
      timedOut = true;
      abort.abort();
      throw e;
    });
  } catch (err) {
    return { unavailable: `Chromium at ${found.path} did not start: ${reason(err)}` };
  }
  const unregister = onStop(() => kill(browser));
  try {
    const count = Math.max(1, opts.pages ?? Math.min(4, availableParallelism()));
    const pages = await within(Promise.all(Array.from({ length: count }, () => preparePage(browser, bundle))), 2 * timeoutMs, `Chromium did not load mermaid within ${Math.round((2 * timeoutMs) / 100) / 10} s`);
    return makeRenderer(browser, found.path, pages, timeoutMs, unregister);
  } catch (err) {
    kill(browser);
    unregister();
    return { unavailable: `could not load mermaid into Chromium: ${reason(err)}` };
  }
}

async function preparePage(browser: Browser, bundle: string): Promise<Page> {
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', (req) => void (req.url().startsWith('data:') || req.url() === 'about:blank' ? req.continue() : req.abort()));
  await page.setViewport({ width: 1200, height: 800, deviceScaleFactor: 2 });
  await page.setContent('<!doctype html><html><head><style>body{margin:0;background:white}#c{display:inline-block}</style></head><body><div id="c"></div></body></html>');
  await page.addScriptTag({ path: bundle });
  await page.evaluate((config) => {
    (globalThis as unknown as { mermaid: { initialize(c: unknown): void } }).mermaid.initialize(config);
  }, MERMAID_CONFIG);
  return page;
}

function makeRenderer(browser: Browser, executablePath: string, pages: Page[], timeoutMs: number, unregister: () => void): Renderer {
  let closed = false;
  /** Why the browser can no longer render (it exited, was killed, or froze); later renders fail at once. */
  let broken: string | undefined;
  browser.on('disconnected', () => {
    if (!closed) broken ??= 'Chromium exited or was killed while rendering';
  });
  const queues = pages.map(() => Promise.resolve() as Promise<unknown>);
  let next = 0;
  // Each page renders one diagram at a time (a PNG needs the page to itself); pages take turns.
  const onPage = <T>(job: (page: Page) => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new Error('the renderer is closed'));
    const i = next++ % pages.length;
    const run = queues[i]!.then(() => {
      if (broken) throw new Error(broken);
      return within(job(pages[i]!), timeoutMs, `Chromium did not finish a diagram within ${Math.round(timeoutMs / 100) / 10} s`).catch((err: unknown) => {
        if (broken) throw new Error(broken);
        if (/did not finish a diagram within/.test(reason(err))) {
          // A frozen browser: stop it, so the rest fail at once instead of each waiting.
          broken = reason(err);
          kill(browser);
        }
        throw err instanceof Error ? err : new Error(reason(err));
      });
    });
    queues[i] = run.catch(() => undefined);
    return run;
  };
  const render = (mmd: string, format: 'svg' | 'png', opts: { id?: string } = {}): Promise<string | Buffer> => {
    const id = opts.id ?? `kscn-${createHash('sha256').update(mmd).digest('hex').slice(0, 10)}`;
    return onPage(async (page) => {
      const svg = await page.evaluate(drawInPage, mmd, id);
      if (svg.startsWith('ERROR ')) throw new Error(svg.slice(6));
      if (format === 'svg') return svg;
      const base64 = await page.evaluate(rasterInPage, svg);
      if (base64.startsWith('ERROR ')) throw new Error(base64.slice(6));
      return Buffer.from(base64, 'base64');
    });
  };
  return {
    render: render as Renderer['render'],
    executablePath,
    async close() {
      if (closed) return;
      closed = true;
      unregister();
      await Promise.allSettled(queues);
      if (broken) return kill(browser);
      await within(browser.close(), timeoutMs, 'Chromium did not close').catch(() => kill(browser));
    },
  };
}

/** Runs in the page: render, put the SVG in the container at its natural size, serialise it as XML. */
async function drawInPage(mmd: string, id: string): Promise<string> {
  const mermaid = (globalThis as unknown as { mermaid: { render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
  const container = document.getElementById('c')!;
  try {
    const { svg } = await mermaid.render(id, mmd);
    container.innerHTML = svg;
  } catch (err) {
    container.innerHTML = '';
    document.getElementById(`d${id}`)?.remove();
    return `ERROR ${err instanceof Error ? err.message : String(err)}`;
  }
  const el = container.querySelector('svg')!;
  const width = el.viewBox.baseVal?.width;
  if (width) {
    el.setAttribute('width', String(Math.ceil(width)));
    el.style.maxWidth = '';
  }
  el.style.backgroundColor = 'white';
  return new XMLSerializer().serializeToString(el);
}

/**
 * Runs in the page: draw the SVG on a canvas through an image and return PNG bytes (base64).
 * No screenshot: capturing a large page can stall headless Chromium, a canvas cannot. 2× scale
 * for crisp text, 1× for diagrams wider than 2000 px (already large).
 */
async function rasterInPage(svg: string): Promise<string> {
  const img = new Image();
  const loaded = new Promise<void>((ok, ko) => {
    img.onload = () => ok();
    img.onerror = () => ko(new Error('the SVG could not be loaded as an image'));
  });
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  try {
    await loaded;
  } catch (err) {
    return `ERROR ${(err as Error).message}`;
  }
  const width = img.naturalWidth || 800;
  const height = img.naturalHeight || 600;
  const scale = width > 2000 ? 1 : 2;
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0, width, height);
  return canvas.toDataURL('image/png').slice('data:image/png;base64,'.length);
}

/**
 * Why something failed, in one line: an Error's message, an object's `message`, `reason`, `type`
 * or `code` (an event or a protocol error is not "[object Object]"), else its JSON.
 */
export function reason(err: unknown): string {
  let text: string;
  if (err instanceof Error) text = err.message || err.name;
  else if (err && typeof err === 'object') {
    const o = err as Record<string, unknown>;
    const field = ['message', 'reason', 'error', 'type', 'code'].map((k) => o[k]).find((v) => typeof v === 'string' && v);
    if (field) text = field as string;
    else {
      try {
        text = JSON.stringify(err) ?? String(err);
      } catch {
        text = Object.prototype.toString.call(err);
      }
      if (text === '{}') text = `${(err as object).constructor?.name ?? 'an object'} without a message`;
    }
  } else text = String(err);
  const first = text.split('\n').find((l) => l.trim())?.trim() ?? 'unknown error';
  // puppeteer's "Failed to launch the browser process:  Code: 127" says why only in the
  // browser's stderr that follows (`error while loading shared libraries: …`): keep its first line.
  const stderr = /\nstderr:\n([\s\S]*)/.exec(text)?.[1]?.split('\n').find((l) => l.trim() && !/^TROUBLESHOOTING:/.test(l))?.trim();
  return stderr ? `${first.replace(/\s+/g, ' ')}: ${stderr}` : first;
}
