import { describe, expect, it } from 'vitest';
import { minWidth, toHtml } from '../../src/report/html.js';
import { sampleRun } from '../fixtures/report/kubectl-run.js';

describe('HTML report: diagrams stay readable', () => {
  it('lets a rendered diagram shrink to the page, but not below 60% of its width (a wider one scrolls)', () => {
    expect(minWidth('<svg id="kscn-1" width="3000" xmlns="http://www.w3.org/2000/svg" height="900">')).toBe(1800);
    expect(minWidth('<svg id="x" style="max-width: 100%">')).toBeUndefined();
    const run = sampleRun();
    const html = toHtml(run, { svg: () => '<svg id="d" width="2500" height="10"></svg>', mmd: () => 'sequenceDiagram\n', link: () => 'x.mmd' });
    expect(html).toContain('<figure class="diagram" style="--min-width: 1500px" title="click for full size" onclick="this.classList.toggle(\'full\')"><svg id="d" width="2500"');
    expect(html).toContain('figure.diagram svg { max-width: 100%; min-width: var(--min-width, 0); height: auto; }');
  });
});
