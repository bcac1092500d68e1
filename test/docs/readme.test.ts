/**
 * The README shows the diagram kscn draws of scenarios/pod-lifecycle.kscn: it must be the one the
 * current code draws. `UPDATE_GOLDEN=1 npx vitest run test/docs` rewrites it.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPaths } from '../../src/lang/check.js';
import { runScenario } from '../../src/run/run.js';
import { toMermaid } from '../../src/report/mermaid.js';
import { root } from './update.js';
import { updating } from '../update.js';

const README = join(root, 'README.md');
const FENCE = /```mermaid\n[\s\S]*?```/;

describe('README', () => {
  it('shows the diagram of the first scenario as kscn draws it now', async () => {
    const checked = await checkPaths(['scenarios/pod-lifecycle.kscn'], { cwd: root });
    const file = checked.files[0]!;
    const mmd = toMermaid(runScenario(file, file.scenarios[0]!)).trimEnd();
    const text = readFileSync(README, 'utf8');
    const want = text.replace(FENCE, () => '```mermaid\n' + mmd + '\n```');
    if (updating()) writeFileSync(README, want);
    expect(FENCE.test(text)).toBe(true);
    expect(text, 'the README diagram is stale: run UPDATE_GOLDEN=1 npx vitest run test/docs').toBe(updating() ? text : want);
  });
});
