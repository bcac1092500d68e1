// Diagram rendering: 50 diagrams rendered in one run with kscn's renderer (one Chromium, mermaid
// loaded once per page) against one `mmdc` process per diagram and against mermaid-cli's
// `renderMermaid` with a shared browser (a page per diagram) — all timed in the same run. The
// separate-process and page-per-diagram ways are timed on a sample of the 50 (they take seconds
// each); KSCN_BENCH_SAMPLE=50 times them on all. Also: toMermaid on a trace of 10,000 pods on
// 5,000 nodes (the folding of large traces). Imports the built code in dist/.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIAGRAMS = 50;
const SAMPLE = Math.min(DIAGRAMS, Number(process.env.KSCN_BENCH_SAMPLE) || 5);

/** A trace of `pods` pods (`PREFIX-i`) created with kubectl run on `nodes` nodes, as the engine records it. */
function trace(pods, nodes, prefix = 'app') {
  const messages = [];
  const notes = [];
  const msg = (from, to, kind, verb, target, label, hidden) => {
    messages.push({ seq: messages.length + 1, timeMs: messages.length, step: 1, from, to, kind, verb, target, attrs: {}, label, ...(hidden ? { hidden } : {}) });
  };
  const write = (client, verb, target, key, label, detail) => {
    msg(client, 'apiserver', 'request', verb, target, label);
    msg('apiserver', 'etcd', 'storage', 'put', key, `PUT ${key}${detail ? ` (${detail})` : ''}`);
    msg('etcd', 'apiserver', 'storage-reply', 'ok', key, `OK (rev ${messages.length + 100})`);
    msg('apiserver', client, 'response', 'response', target, '201 Created', client === 'kubectl' ? undefined : 'reply');
  };
  for (let i = 0; i < pods; i++) {
    const pod = `${prefix}-${i}`;
    const node = `worker-${(i % nodes) + 1}`;
    const key = `/registry/pods/default/${pod}`;
    write('kubectl', 'create', `pod/${pod}`, key, 'POST /api/v1/namespaces/default/pods');
    msg('apiserver', 'scheduler', 'watch', 'watch', `pod/${pod}`, `WATCH ADDED Pod default/${pod} (no node)`);
    notes.push({ afterSeq: messages.length, timeMs: 0, step: 1, over: ['scheduler'], kind: 'decision', text: `filter ${nodes}/${nodes} nodes fit · score ${node} 183 → ${node}` });
    write('scheduler', 'bind', `pod/${pod}`, key, `POST pods/${pod}/binding → ${node}`, 'nodeName');
    msg('apiserver', `kubelet@${node}`, 'watch', 'watch', `pod/${pod}`, `WATCH ADDED Pod default/${pod}`);
    msg(`kubelet@${node}`, `runtime@${node}`, 'cri', 'RunPodSandbox', `pod/${pod}`, `RunPodSandbox ${pod}`);
    msg(`runtime@${node}`, `cni@${node}`, 'cni', 'ADD', `pod/${pod}`, `CNI ADD → 10.244.${(i % nodes) + 1}.${(i % 250) + 2}`);
    msg(`kubelet@${node}`, `runtime@${node}`, 'cri', 'PullImage', 'nginx:1.27', 'PullImage nginx:1.27');
    msg(`kubelet@${node}`, `runtime@${node}`, 'cri', 'StartContainer', `pod/${pod}`, 'StartContainer nginx');
    write(`kubelet@${node}`, 'status', `pod/${pod}`, key, `PATCH pods/${pod}/status Running, Ready`, 'status');
  }
  return { messages, notes, events: [], changes: [], scheduling: [], steps: [{ index: 1, startMs: 0, endMs: messages.length, title: 'when #1', ended: 'settled' }] };
}

function scenario(t, title) {
  const span = { file: 'bench.kscn', start: { line: 1, col: 1, offset: 0 }, end: { line: 1, col: 1, offset: 0 } };
  return { title, tags: [], seed: 1, file: 'bench.kscn', span, status: 'passed', expectations: [], errors: [], trace: t, durationMs: 0 };
}

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const fmt = (n) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

export async function bench() {
  const { toMermaid } = await import('../dist/report/mermaid.js');
  const { openRenderer } = await import('../dist/report/render.js');
  const { findChromium } = await import('../dist/report/chromium.js');
  const rows = [];

  let t0 = process.hrtime.bigint();
  const big = scenario(trace(10_000, 5_000), 'big');
  const built = ms(t0);
  t0 = process.hrtime.bigint();
  const bigMmd = toMermaid(big);
  const bigMs = ms(t0);
  const arrows = bigMmd.split('\n').filter((l) => /^\s+\w+(->>|-->>|-\))\w+:/.test(l)).length;
  rows.push({ name: 'toMermaid, 10,000 pods on 5,000 nodes', value: `${fmt(bigMs)} ms`, note: `${big.trace.messages.length.toLocaleString('en-US')} messages folded into ${arrows} arrows, ${bigMmd.length.toLocaleString('en-US')} characters (trace built in ${fmt(built)} ms)` });

  // Diagrams like the seeds': one to three pods on one or two nodes (17 to 51 arrows).
  const texts = Array.from({ length: DIAGRAMS }, (_, i) => toMermaid(scenario(trace(1 + (i % 3), 1 + (i % 2), `web${i}`), `d${i}`)));
  const found = findChromium();
  if ('missing' in found) {
    rows.push({ name: 'render 50 diagrams', value: 'skipped', note: found.missing });
    return rows;
  }

  // kscn: one browser for all 50, launch included.
  t0 = process.hrtime.bigint();
  const renderer = await openRenderer();
  if ('unavailable' in renderer) throw new Error(renderer.unavailable);
  const launch = ms(t0);
  const t1 = process.hrtime.bigint();
  await Promise.all(texts.map((t) => renderer.render(t, 'svg')));
  const renderAll = ms(t1);
  const total = launch + renderAll;
  const t2 = process.hrtime.bigint();
  await Promise.all(texts.slice(0, 10).map((t) => renderer.render(t, 'png')));
  const png = ms(t2) / 10;
  await renderer.close();
  rows.push({ name: 'kscn renderer: 50 SVGs, one Chromium', value: `${fmt(renderAll / DIAGRAMS)} ms/diagram`, note: `${fmt(total)} ms in all with the launch (${fmt(launch)} ms): ${fmt(total / DIAGRAMS)} ms/diagram` });
  rows.push({ name: 'kscn renderer: PNG (2× scale)', value: `${fmt(png)} ms/diagram`, note: 'on 10 diagrams, same browser' });

  // mermaid-cli's renderMermaid with one shared browser: a new page and mermaid load per diagram.
  const { renderMermaid } = await import('@mermaid-js/mermaid-cli');
  const puppeteer = (await import('puppeteer')).default;
  t0 = process.hrtime.bigint();
  const browser = await puppeteer.launch({ executablePath: found.path, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const t3 = process.hrtime.bigint();
  for (const t of texts.slice(0, SAMPLE)) await renderMermaid(browser, t, 'svg');
  const cliShared = ms(t3) / SAMPLE;
  await browser.close();
  rows.push({ name: 'mermaid-cli renderMermaid, shared browser', value: `${fmt(cliShared)} ms/diagram`, note: `timed on ${SAMPLE} of the ${DIAGRAMS} diagrams` });

  // One mmdc process per diagram, as a shell script would do.
  const dir = mkdtempSync(join(tmpdir(), 'kscn-bench-mmdc-'));
  const config = join(dir, 'puppeteer.json');
  writeFileSync(config, JSON.stringify({ executablePath: found.path, args: ['--no-sandbox', '--disable-gpu'] }));
  const mmdc = join(root, 'node_modules/@mermaid-js/mermaid-cli/src/cli.js');
  t0 = process.hrtime.bigint();
  for (let i = 0; i < SAMPLE; i++) {
    const input = join(dir, `d${i}.mmd`);
    writeFileSync(input, texts[i]);
    const r = spawnSync(process.execPath, [mmdc, '-q', '-p', config, '-i', input, '-o', join(dir, `d${i}.svg`)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`mmdc exited ${r.status}: ${(r.stderr || r.stdout).split('\n')[0]}`);
  }
  const perProcess = ms(t0) / SAMPLE;
  rows.push({ name: 'one mmdc process per diagram', value: `${fmt(perProcess)} ms/diagram`, note: `timed on ${SAMPLE} of the ${DIAGRAMS} diagrams; kscn is ${fmt(perProcess / (total / DIAGRAMS))}× faster with its launch counted` });
  return rows;
}
