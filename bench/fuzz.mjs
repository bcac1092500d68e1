/**
 * Long fuzz (issue 18 §3): manifests mutated in shape, type and aliases
 * (test/reliability/mutants.mjs, the generator the unit test runs 200 of), each checked as
 * written and with its apply in `expect failure` (so the refusals reach the simulated
 * apiserver), and every variant that passes the check run — against the built code in dist/.
 * Bar: no check and no run ends in an internal error or an exception; none takes over 10 s (a
 * hang). KSCN_BENCH_FUZZ=N sets the number of mutants (default 1,500: 3,000 checks).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const load = (p) => import(pathToFileURL(join(root, p)).href);

export async function bench() {
  const { checkSource } = await load('dist/lang/check.js');
  const { runScenario } = await load('dist/run/run.js');
  const { fuzzManifests } = await load('test/reliability/mutants.mjs');
  const count = Number(process.env.KSCN_BENCH_FUZZ) || 1500;
  const t0 = performance.now();
  const s = fuzzManifests({ checkSource, runScenario, seed: 1800, count, slowMs: 10_000 });
  const wall = (performance.now() - t0) / 1000;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const crashes = s.internal.length + s.exceptions.length;
  for (const e of [...s.internal, ...s.exceptions].slice(0, 5)) process.stderr.write(`fuzz: mutant ${e.i}:\n${e.yaml}\n${e.text}\n`);
  return [
    {
      name: `long fuzz: ${s.mutants.toLocaleString('en-US')} mutated manifests, ${s.checks.toLocaleString('en-US')} checks, ${s.runs.toLocaleString('en-US')} runs`,
      value: crashes ? `${crashes} internal errors` : '0 internal errors',
      note: `bar: none · ${s.refusedAtCheck.toLocaleString('en-US')} refused at check · runs ${s.passed} passed, ${s.failed} failed, ${s.errored} errored · hangs (over 10 s): ${s.slow} · slowest ${Math.round(s.maxMs)} ms · peak RSS ${peakMb.toFixed(0)} MB · ${wall.toFixed(0)} s wall`,
    },
  ];
}
