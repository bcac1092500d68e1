/**
 * The library's traces do not change by accident: every scenario of scenarios/ is run with its
 * seed and a hash of its whole trace (messages, notes, Events, state changes, scheduling records,
 * steps and kubectl's output, as JSON) is compared with test/fixtures/run/library-traces.golden.
 * A change meant to make the simulation faster or leaner must leave every line as it is; a
 * change of behaviour regenerates the file (`UPDATE_GOLDEN=1`) and its diff shows which
 * scenarios it touched.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPaths } from '../../src/lang/check.js';
import { runScenario } from '../../src/run/run.js';
import { updating } from '../update.js';

const root = join(__dirname, '../..');
const goldenPath = join(root, 'test/fixtures/run/library-traces.golden');

function kscnFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? kscnFiles(join(dir, e.name)) : e.name.endsWith('.kscn') ? [join(dir, e.name)] : []))
    .sort();
}

/** One line per scenario: `sha256-of-trace  messages  file › title`. */
async function traceLines(): Promise<string[]> {
  const checked = await checkPaths(kscnFiles(join(root, 'scenarios')), { cwd: root });
  const lines: string[] = [];
  for (const file of checked.files) {
    for (const sc of file.scenarios) {
      const r = runScenario(file, sc);
      const hash = createHash('sha256').update(JSON.stringify(r.trace)).digest('hex').slice(0, 24);
      lines.push(`${hash}  ${String(r.trace.messages.length).padStart(6)}  ${relative(root, file.path)} › ${sc.title}`);
    }
  }
  return lines;
}

describe('the library traces', () => {
  it('are byte-identical to the recorded ones (UPDATE_GOLDEN=1 records them again)', async () => {
    const lines = await traceLines();
    expect(lines.length).toBeGreaterThan(30);
    const text = lines.join('\n') + '\n';
    if (updating()) writeFileSync(goldenPath, text);
    expect(text).toBe(readFileSync(goldenPath, 'utf8'));
  });
});
