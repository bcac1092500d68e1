import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findChromium } from '../../src/report/chromium.js';
import { toMermaid } from '../../src/report/mermaid.js';
import { openRenderer, type Renderer } from '../../src/report/render.js';
import { failedScenario, kubectlRunScenario } from '../fixtures/report/kubectl-run.js';

// Chromium and the engine are slow on a loaded machine; none of these tests is about time.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const chromium = findChromium();
const skip = 'missing' in chromium ? `skipped: ${chromium.missing}` : '';
if (skip) console.warn(`render.test.ts ${skip}`);

describe.skipIf(!!skip)(`rendering with Chromium${skip ? ` (${skip})` : ''}`, () => {
  let renderer: Renderer;
  beforeAll(async () => {
    const r = await openRenderer();
    if ('unavailable' in r) throw new Error(r.unavailable);
    renderer = r;
  }, 60_000);
  afterAll(async () => renderer?.close());

  it('renders the TRACE-EXAMPLE diagram to SVG with every participant and message', async () => {
    const svg = await renderer.render(toMermaid(kubectlRunScenario()), 'svg');
    expect(svg.startsWith('<svg')).toBe(true);
    for (const text of ['kube-apiserver', 'kube-scheduler', 'containerd', 'worker-1', 'POST pods/busybox/binding → worker-1', 'OK (rev 421)']) {
      expect(svg).toContain(text);
    }
  });

  it('renders a PNG', async () => {
    const png = await renderer.render(toMermaid(failedScenario()), 'png');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    if (process.env.KSCN_KEEP_PNG) {
      mkdirSync('/tmp/kscn-png', { recursive: true });
      writeFileSync('/tmp/kscn-png/failed.png', png);
      writeFileSync('/tmp/kscn-png/default.png', await renderer.render(toMermaid(kubectlRunScenario()), 'png'));
    }
  });

  it('starts a note\'s text at its left edge, so a step note across a wide diagram is read where the eye starts', async () => {
    const svg = await renderer.render('sequenceDiagram\n  participant a\n  participant b\n  participant c\n  Note over a,c: Step 1 · hello\n  a->>b: x\n', 'svg') as string;
    const rect = /<rect x="([\d.]+)"[^>]*class="note"/.exec(svg)!;
    const text = /<text x="([\d.]+)"[^>]*text-anchor="start"[^>]*class="noteText"/.exec(svg)!;
    expect(text).not.toBeNull();
    expect(Number(text[1]) - Number(rect[1])).toBeLessThan(20);
  });

  it('rejects text mermaid cannot parse, and keeps rendering after', async () => {
    await expect(renderer.render('sequenceDiagram\n  A->>: oops\n  end end', 'svg')).rejects.toThrow();
    expect(await renderer.render(toMermaid(kubectlRunScenario()), 'svg')).toContain('kube-apiserver');
  });
});
