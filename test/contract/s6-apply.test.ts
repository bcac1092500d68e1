/** LANGUAGE.md §6, `apply NAME | "file.yaml" | """yaml"""`. */
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/lang/check.js';
import { explain, runText } from '../run/helpers.js';

describe('§6 apply', () => {
  it('§6 apply """yaml""" creates every document of a multi-document YAML', () => {
    const [r] = runText(`cluster c { node worker-1 { cpu 8; memory 16Gi } }
scenario "multi" {
  given cluster c
  when {
    apply """
      apiVersion: v1
      kind: Pod
      metadata: { name: p1 }
      spec: { containers: [{ name: c, image: nginx }] }
      ---
      apiVersion: v1
      kind: Pod
      metadata: { name: p2 }
      spec: { containers: [{ name: c, image: nginx }] }
    """
  }
  then { pods p1|p2: 2 Running }
}
`);
    expect(r!.status, explain(r!)).toBe('passed');
  });

  it('§6 apply of a kind the cluster does not serve says so, as kubectl does — in kscn check (§12.1)', () => {
    const r = checkSource(`cluster c { node worker-1 { cpu 8; memory 16Gi } }
scenario "unknown kind" {
  given cluster c
  when {
    apply """
      apiVersion: example.com/v1
      kind: Widget
      metadata: { name: w }
    """
  }
  then { node worker-1: Ready }
}
`, 'widget.kscn', { readFile: () => undefined });
    expect(r.file).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.message, d.span.start.line])).toEqual([['E-NOT-SIMULATED', 'no matches for kind "Widget" in version "example.com/v1"', 7]]);
  });
});
