import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toMermaid } from '../../src/report/mermaid.js';
import { kubectlRunScenario } from '../fixtures/report/kubectl-run.js';

const fixture = (name: string) => new URL(`../fixtures/report/${name}`, import.meta.url);

describe('toMermaid: the default diagram', () => {
  it('is the diagram of TRACE-EXAMPLE.md for its trace', () => {
    // kubectl-run.default.mmd is TRACE-EXAMPLE.md's diagram, copied as it is.
    expect(toMermaid(kubectlRunScenario())).toBe(readFileSync(fixture('kubectl-run.default.mmd'), 'utf8'));
  });
});
