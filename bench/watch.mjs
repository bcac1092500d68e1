// `kscn run scenarios --watch`: how long from saving a file of the library to the end of its rerun
// (the "watching for changes" line), median of 7 saves. The file is restored afterwards.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function bench() {
  const file = join(root, 'scenarios/scheduling/node-selector.kscn');
  const original = readFileSync(file, 'utf8');
  const out = mkdtempSync(join(tmpdir(), 'kscn-bench-watch-'));
  const child = spawn(process.execPath, [join(root, 'bin/kscn.js'), 'run', 'scenarios', '--watch', '--no-svg', '--out', out], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
  let text = '';
  child.stdout.on('data', (d) => (text += d));
  const watching = () => (text.match(/^watching for changes/gm) ?? []).length;
  const until = async (n) => {
    while (watching() < n) await new Promise((r) => setTimeout(r, 2));
  };
  const times = [];
  try {
    await until(1);
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      writeFileSync(file, `${original}\n# bench ${i}\n`);
      await until(i + 2);
      times.push(performance.now() - t);
    }
  } finally {
    writeFileSync(file, original);
    child.kill();
  }
  times.sort((a, b) => a - b);
  return [{ name: 'kscn run --watch: save → rerun done', value: `${Math.round(times[3])} ms`, note: 'median of 7 saves of scenarios/scheduling/node-selector.kscn (2 scenarios), 40 ms of it the debounce' }];
}
