/**
 * Every library scenario's default (summary) diagram, rendered with Chromium (one browser for
 * all), fits a documentation page: under about 2,500 px in each direction at scale 1 (issue 14),
 * and under 60 arrows. Skipped, with the reason, when no Chromium is installed.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPaths } from '../../src/lang/check.js';
import { findChromium } from '../../src/report/chromium.js';
import { mermaidDiagram } from '../../src/report/mermaid.js';
import { openRenderer, type Renderer } from '../../src/report/render.js';
import { untilSeq } from '../../src/report/until.js';
import { runScenario } from '../../src/run/run.js';

const root = join(__dirname, '../..');
const chromium = findChromium();
const noChromium = 'missing' in chromium ? chromium.missing : '';

/** "Under about 2,500 px": a few diagrams of several steps reach a little past 2,500. */
const MAX_PX = 2_600;

describe('summary diagrams fit a documentation page', () => {
  let renderer: Renderer | undefined;
  afterAll(async () => { await renderer?.close(); });

  it.skipIf(!!noChromium)(`every library scenario's summary renders under ${MAX_PX} px each way at scale 1${noChromium ? ` (skipped: ${noChromium})` : ''}`, async () => {
    const r = await openRenderer({ pages: 1 });
    if ('unavailable' in r) throw new Error(r.unavailable);
    renderer = r;
    const checked = await checkPaths([join(root, 'scenarios')], { cwd: root });
    const sizes: string[] = [];
    let count = 0;
    for (const file of checked.files) {
      for (const sc of file.scenarios) {
        const result = runScenario(file, sc);
        const u = sc.diagram?.until ? untilSeq(sc.diagram.until, result.trace) : undefined;
        const d = mermaidDiagram(result, sc.diagram, { untilSeq: u });
        const svg = await r.render(d.text, 'svg');
        const box = /viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"/.exec(svg);
        expect(box, file.path).not.toBeNull();
        const [w, h] = [Number(box![1]), Number(box![2])];
        sizes.push(`${file.path}: ${sc.title}: ${Math.round(w)}×${Math.round(h)} px, ${d.arrows} arrows`);
        expect(w, sizes[sizes.length - 1]).toBeLessThan(MAX_PX);
        expect(h, sizes[sizes.length - 1]).toBeLessThan(MAX_PX);
        expect(d.arrows, sizes[sizes.length - 1]).toBeLessThan(60);
        count++;
      }
    }
    expect(count).toBeGreaterThan(30);
  }, 900_000);
});
