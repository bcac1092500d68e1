/**
 * Issue 18 §3: an unexpected error inside one scenario fails that scenario alone, with its
 * location, and keeps every other result (and so every report).
 */
import { describe, expect, it } from 'vitest';
import { runFiles } from '../../src/run/run.js';
import { checked } from '../run/helpers.js';

const TEXT = `cluster c { node n-1 { cpu 2; memory 4Gi } }
scenario "breaks" {
  given cluster c
  when { kubectl run a --image=busybox }
  then { pod a: Running }
}
scenario "fine" {
  given cluster c
  when { kubectl run b --image=busybox }
  then { pod b: Running }
}
`;

describe('an unexpected error inside a scenario', () => {
  it('fails that scenario with the step it happened in; the next scenario runs and passes', async () => {
    const file = checked(TEXT);
    // A model no check would hand over (a kubectl action without its text): the runner throws inside the step.
    const bad = file.scenarios[0]!.steps[0]!.when[0] as unknown as { raw: unknown };
    bad.raw = { not: 'a string' };
    const r = await runFiles([file]);
    const [a, b] = r.files[0]!.scenarios;
    expect(a!.status).toBe('error');
    expect(a!.errors[0]!.code).toBe('E-INTERNAL');
    expect(a!.errors[0]!.message).toMatch(/^internal error while running this scenario: /);
    expect(a!.errors[0]!.span.start.line).toBe(4);
    expect(b!.status).toBe('passed');
  });
});
