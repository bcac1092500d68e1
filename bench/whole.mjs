// What users run, whole process (issue 17): `kscn run` on scenario files kept in bench/, timed
// with hyperfine (median, min and max of several runs) and each run's peak RSS from
// /usr/bin/time. Rows: 5,000 nodes / 10,000 pods with the default SVG; 5,000 nodes / 50,000 pods
// (same); the scenario library with --jobs 1 and --jobs 2; one small scenario; and SVG per library
// diagram (the summary diagrams, one Chromium) against one mmdc process per diagram. Each row
// notes the machine's load average when it was measured: on a shared machine wall time also
// counts waiting for a CPU. The engine alone (no CLI, no diagram) is the `scale` group.
//
// KSCN_BENCH_RUNS=N runs each command N times (default 3; the 50,000-pod file once unless
// KSCN_BENCH_RUNS_BIG says more). KSCN_BENCH_SKIP=50k,10k,… leaves rows out.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin/kscn.js');
const RUNS = Number(process.env.KSCN_BENCH_RUNS) || 3;
const RUNS_BIG = Number(process.env.KSCN_BENCH_RUNS_BIG) || 1;
const skip = (process.env.KSCN_BENCH_SKIP ?? '').split(',').filter(Boolean);
const tmp = mkdtempSync(join(tmpdir(), 'kscn-bench-whole-'));

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const s = (sec) => (sec >= 10 ? sec.toFixed(1) : sec >= 1 ? sec.toFixed(2) : sec.toFixed(3));
const hasHyperfine = spawnSync('hyperfine', ['--version']).status === 0;
const hasTime = existsSync('/usr/bin/time');

/**
 * Time `kscn ARGS` whole process, `runs` times: median, min, max wall seconds (hyperfine), mean
 * CPU seconds (user + system), and the largest peak RSS of the runs in MiB. Throws when a run fails.
 */
function measure(name, args, runs, { warmup = 0 } = {}) {
  const rss = join(tmp, `${name}.rss`);
  const json = join(tmp, `${name}.json`);
  const quote = (a) => `'${String(a).replace(/'/g, `'\\''`)}'`;
  const cmd = [...(hasTime ? ['/usr/bin/time', '-a', '-o', rss, '-f', '%M'] : []), process.execPath, bin, ...args].map(quote).join(' ');
  const before = load();
  let r;
  if (hasHyperfine) {
    const h = spawnSync('hyperfine', ['--runs', String(runs), '--warmup', String(warmup), '--export-json', json, '--style', 'none', '--shell', 'bash', cmd], {
      encoding: 'utf8',
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      maxBuffer: 64 << 20,
    });
    if (h.status !== 0) throw new Error(`hyperfine ${name}: ${(h.stderr || h.stdout).trim().split('\n').slice(-3).join(' ')}`);
    const res = JSON.parse(readFileSync(json, 'utf8')).results[0];
    r = { median: res.median, min: res.min, max: res.max, cpu: res.user + res.system };
  } else {
    const times = [];
    let cpu = 0;
    for (let i = 0; i < runs; i++) {
      const t = process.hrtime.bigint();
      const c = spawnSync('bash', ['-c', cmd], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      if (c.status !== 0) throw new Error(`kscn ${args.join(' ')} exited ${c.status}: ${c.stderr}`);
      times.push(Number(process.hrtime.bigint() - t) / 1e9);
    }
    times.sort((a, b) => a - b);
    r = { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1], cpu: NaN };
  }
  const peaks = hasTime ? readFileSync(rss, 'utf8').split('\n').filter((l) => /^\d+$/.test(l)).map(Number) : [];
  return { ...r, rssMiB: peaks.length ? Math.max(...peaks) / 1024 : NaN, runs, load: `${before} → ${load()}` };
}

const row = (name, m, goal, extra = '') => ({
  name,
  value: `${s(m.median)} s`,
  note: `min ${s(m.min)}, max ${s(m.max)} s of ${m.runs}; CPU ${Number.isNaN(m.cpu) ? '?' : s(m.cpu)} s; peak RSS ${Number.isNaN(m.rssMiB) ? '?' : Math.round(m.rssMiB)} MiB; goal ${goal}${extra}; load ${m.load}`,
});

/** The library's summary diagrams rendered to SVG by kscn's renderer (one Chromium) and by one mmdc process each. */
async function svgPerDiagram() {
  const { checkPaths } = await import('../dist/lang/check.js');
  const { runScenario } = await import('../dist/run/run.js');
  const { toMermaid } = await import('../dist/report/mermaid.js');
  const { openRenderer } = await import('../dist/report/render.js');
  const { findChromium } = await import('../dist/report/chromium.js');
  const files = [];
  const walk = (d) => { for (const e of readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.kscn') && files.push(join(d, e.name)); };
  walk(join(root, 'scenarios'));
  const checked = await checkPaths(files.sort(), { cwd: root });
  const texts = checked.files.flatMap((f) => f.scenarios.map((sc) => toMermaid(runScenario(f, sc), sc.diagram)));
  const found = findChromium();
  if ('missing' in found) return [{ name: 'SVG per library diagram', value: 'skipped', note: found.missing }];
  const before = load();
  const t0 = process.hrtime.bigint();
  const renderer = await openRenderer();
  if ('unavailable' in renderer) throw new Error(renderer.unavailable);
  const launch = Number(process.hrtime.bigint() - t0) / 1e6;
  const t1 = process.hrtime.bigint();
  await Promise.all(texts.map((t) => renderer.render(t, 'svg')));
  const all = Number(process.hrtime.bigint() - t1) / 1e6;
  await renderer.close();
  const per = all / texts.length;
  // mmdc (mermaid-cli), one process per diagram as a script would run it, on a sample.
  const sample = Math.min(texts.length, Number(process.env.KSCN_BENCH_SAMPLE) || 5);
  const mmdc = join(root, 'node_modules/@mermaid-js/mermaid-cli/src/cli.js');
  let mmdcPer = NaN;
  if (existsSync(mmdc)) {
    const config = join(tmp, 'puppeteer.json');
    writeFileSync(config, JSON.stringify({ executablePath: found.path, args: ['--no-sandbox', '--disable-gpu'] }));
    const t2 = process.hrtime.bigint();
    for (let i = 0; i < sample; i++) {
      const input = join(tmp, `lib${i}.mmd`);
      writeFileSync(input, texts[i * Math.floor(texts.length / sample)]);
      const r = spawnSync(process.execPath, [mmdc, '-q', '-p', config, '-i', input, '-o', join(tmp, `lib${i}.svg`)], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`mmdc exited ${r.status}: ${(r.stderr || r.stdout).split('\n')[0]}`);
    }
    mmdcPer = Number(process.hrtime.bigint() - t2) / 1e6 / sample;
  }
  return [
    {
      name: `SVG per library diagram (${texts.length} summary diagrams, one Chromium)`,
      value: `${per.toFixed(0)} ms`,
      note: `${(launch + all).toFixed(0)} ms in all with the launch (${launch.toFixed(0)} ms): ${((launch + all) / texts.length).toFixed(0)} ms/diagram; goal ≤ 60 ms; load ${before} → ${load()}`,
    },
    {
      name: 'ratio to one mmdc process per diagram',
      value: Number.isNaN(mmdcPer) ? '—' : `${(mmdcPer / per).toFixed(1)}× faster`,
      note: Number.isNaN(mmdcPer) ? 'mermaid-cli not installed' : `mmdc ${mmdcPer.toFixed(0)} ms/diagram on ${sample} of the ${texts.length}; with kscn's launch counted: ${(mmdcPer / ((launch + all) / texts.length)).toFixed(1)}×`,
    },
  ];
}

export async function bench() {
  const rows = [];
  const out = (n) => join(tmp, `out-${n}`);
  rows.push({ name: 'machine', value: `${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores`, note: `load average ${load()} at the start; hyperfine ${hasHyperfine ? 'yes' : 'no (own loop)'}` });
  if (!skip.includes('small')) {
    const m = measure('small', ['run', 'scenarios/pod-lifecycle.kscn', '--no-svg', '--out', out('small')], Math.max(RUNS, 5), { warmup: 1 });
    rows.push(row('kscn run, one small scenario (pod-lifecycle, --no-svg)', m, '≤ 0.25 s'));
  }
  if (!skip.includes('jobs')) {
    const one = measure('jobs1', ['run', 'scenarios', '--no-svg', '--jobs', '1', '--out', out('j1')], RUNS);
    const two = measure('jobs2', ['run', 'scenarios', '--no-svg', '--jobs', '2', '--out', out('j2')], RUNS);
    rows.push(row('kscn run scenarios/ --jobs 1 (the library, --no-svg)', one, '—'));
    rows.push(row('kscn run scenarios/ --jobs 2', two, '≥ 1.5× faster than --jobs 1', `; ${(one.median / two.median).toFixed(2)}× --jobs 1's median`));
  }
  if (!skip.includes('svg')) rows.push(...(await svgPerDiagram()));
  if (!skip.includes('10k')) {
    const m = measure('scale10k', ['run', 'bench/scale-10k.kscn', '--out', out('10k')], RUNS);
    rows.push(row('kscn run bench/scale-10k.kscn: 5,000 nodes, 10,000 pods, default SVG', m, '≤ 8 s, ≤ 1 GiB'));
  }
  if (!skip.includes('50k')) {
    const m = measure('scale50k', ['run', 'bench/scale-50k.kscn', '--out', out('50k')], RUNS_BIG);
    rows.push(row('kscn run bench/scale-50k.kscn: 5,000 nodes, 50,000 pods, default SVG', m, '≤ 30 s, ≤ 2 GiB'));
  }
  rmSync(tmp, { recursive: true, force: true });
  return rows;
}
