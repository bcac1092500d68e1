/** The caret renderer, against exact strings. */
import { describe, expect, it } from 'vitest';
import { renderDiagnostic, renderDiagnostics } from '../../src/lang/render-diagnostic.js';
import type { Diagnostic } from '../../src/lang/diagnostics.js';

const span = (line: number, col: number, endCol: number, offset = 0) => ({ file: 'a.kscn', start: { line, col, offset }, end: { line, col: endCol, offset: offset + endCol - col } });

describe('renderDiagnostic', () => {
  const src = 'cluster small {\n  given cluster smal\n}\n';
  const d: Diagnostic = { code: 'E-X', severity: 'error', message: 'unknown cluster `smal`', span: span(2, 17, 21), hint: 'did you mean `small`?' };
  it('prints the message, the place, the line, carets as wide as the span and the hint', () => {
    expect(renderDiagnostic(d, src, { color: false })).toBe(
      ['error: unknown cluster `smal`', ' --> a.kscn:2:17', '  |', '2 |   given cluster smal', '  |                 ^^^^', '  |', '  = hint: did you mean `small`?', ''].join('\n'),
    );
  });
  it('colours only when asked', () => {
    expect(renderDiagnostic(d, src, { color: false })).not.toMatch(/\x1b\[/);
    expect(renderDiagnostic(d, src, { color: true })).toMatch(/\x1b\[/);
  });
  it('copes with no source, tabs, control characters and very long lines', () => {
    expect(renderDiagnostic(d, undefined, { color: false })).toBe('error: unknown cluster `smal`\n --> a.kscn:2:17\n  = hint: did you mean `small`?\n');
    const tabbed = renderDiagnostic({ ...d, span: span(1, 2, 3) }, '\tx\x00y', { color: false });
    expect(tabbed).toContain('1 |     x\uFFFDy\n  |     ^\n');
    const long = renderDiagnostic({ ...d, span: span(1, 5000, 5003) }, 'a'.repeat(10000), { color: false });
    expect(long.split('\n').every((l) => l.length < 200)).toBe(true);
    expect(long).toContain('^^^');
  });
  it('sorts a list and counts', () => {
    const other: Diagnostic = { ...d, span: span(1, 1, 2), message: 'first' };
    const out = renderDiagnostics([d, other], new Map([['a.kscn', src]]), { color: false });
    expect(out.indexOf('first')).toBeLessThan(out.indexOf('unknown cluster'));
    expect(out.trimEnd().split('\n').pop()).toBe('2 errors in 1 file');
  });
});
