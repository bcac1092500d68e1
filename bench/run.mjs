// `npm run bench`: runs every bench/*.mjs (each exports `async function bench()` returning rows
// {name, value, note?}) against the built code in dist/, and prints one Markdown table.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs')
  .filter((f) => !only.length || only.some((o) => f.includes(o)))
  .sort();
const rows = [];
for (const f of files) {
  process.stderr.write(`bench: ${f} …\n`);
  // Each bench in a process of its own, so its time and memory figures are not another's.
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(pathToFileURL(join(here, f)).href)}); process.stdout.write('\\n@@rows ' + JSON.stringify(await m.bench()) + '\\n');`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  process.stderr.write(child.stderr ?? '');
  const line = (child.stdout ?? '').split('\n').find((l) => l.startsWith('@@rows '));
  if (child.status === 0 && line) {
    for (const r of JSON.parse(line.slice(7))) rows.push({ group: f.replace(/\.mjs$/, ''), ...r });
  } else {
    const why = (child.stderr ?? '').trim().split('\n').find((l) => /Error/.test(l)) || `exited ${child.status ?? child.signal}`;
    rows.push({ group: f.replace(/\.mjs$/, ''), name: 'failed', value: '—', note: why });
  }
}
const cell = (s) => String(s ?? '').replace(/\|/g, '\\|');
console.log('| group | measure | value | note |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${cell(r.group)} | ${cell(r.name)} | ${cell(r.value)} | ${cell(r.note)} |`);
