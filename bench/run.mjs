// `npm run bench`: runs every bench/*.mjs (each exports `async function bench()` returning rows
// {name, value, note?}) against the built code in dist/, and prints one Markdown table.
import { readdirSync } from 'node:fs';
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
  try {
    const mod = await import(pathToFileURL(join(here, f)).href);
    for (const r of await mod.bench()) rows.push({ group: f.replace(/\.mjs$/, ''), ...r });
  } catch (e) {
    rows.push({ group: f.replace(/\.mjs$/, ''), name: 'failed', value: '—', note: String(e?.message ?? e).split('\n')[0] });
  }
}
const cell = (s) => String(s ?? '').replace(/\|/g, '\\|');
console.log('| group | measure | value | note |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${cell(r.group)} | ${cell(r.name)} | ${cell(r.value)} | ${cell(r.note)} |`);
