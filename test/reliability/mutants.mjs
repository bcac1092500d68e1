/**
 * Manifests mutated in shape, type and aliases (issue 18 §3), as .kscn files that apply them:
 * shared by test/reliability/fuzz-run.test.ts (a few hundred, each checked and run) and
 * bench/fuzz.mjs (the long fuzz, thousands). Deterministic for a seed.
 */
import { stringify } from 'yaml';

/** Objects the simulation acts on, each with the fields its controllers, scheduler and kubelet read. */
export const BASES = [
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'a', labels: { app: 'a' }, annotations: { note: 'x' } },
    spec: {
      containers: [{ name: 'c', image: 'busybox', ports: [{ containerPort: 80 }], env: [{ name: 'X', value: '1' }], resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } } }],
      initContainers: [{ name: 'init', image: 'busybox' }],
      tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'a' } } }],
      affinity: {
        nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] }] } },
        podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { labelSelector: { matchLabels: { app: 'a' } }, topologyKey: 'kubernetes.io/hostname' } }] },
      },
      terminationGracePeriodSeconds: 5,
    },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'a', labels: { app: 'a' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'a' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } },
      template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '100m' } } }] } },
    },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'a' },
    spec: { completions: 2, parallelism: 1, backoffLimit: 2, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'a' },
    spec: { selector: { app: 'a' }, ports: [{ port: 80, targetPort: 8080 }] },
  },
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'a' },
    value: 1000,
    globalDefault: false,
  },
];

/** Values put where another one was: other JSON types, integers out of range, empty and odd strings. */
export const REPLACEMENTS = [5, -1, 0, 2147483648, 1e300, 1.5, 'x', '', 'a in (', '100m', true, null, [], {}, [1, 2], { a: { b: 1 } }, [{}], ['x'], { name: 'c', image: 'busybox' }];

/** mulberry32: a small seeded random source. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every path to a value of `v`. */
function paths(v, at = [], out = []) {
  out.push(at);
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, Array.isArray(v) ? Number(k) : k], out);
  return out;
}

const pick = (rnd, list) => list[Math.floor(rnd() * list.length)];

/** One mutated object: 1 to 3 values replaced, deleted or their key misspelt (apiVersion, kind and the name stay). */
export function mutateObject(rnd) {
  const obj = structuredClone(pick(rnd, BASES));
  const all = paths(obj).filter((p) => p.length > 0 && !(p.length === 1 && (p[0] === 'apiVersion' || p[0] === 'kind')) && !(p[0] === 'metadata' && p[1] === 'name'));
  const n = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < n; i++) {
    const p = pick(rnd, all);
    let parent = obj;
    for (const k of p.slice(0, -1)) parent = parent?.[k];
    if (!parent || typeof parent !== 'object') continue;
    const key = p[p.length - 1];
    const roll = rnd();
    if (roll < 0.75) parent[key] = structuredClone(pick(rnd, REPLACEMENTS));
    else if (roll < 0.9 && !Array.isArray(parent)) delete parent[key];
    else if (!Array.isArray(parent)) {
      parent[`${key}x`] = parent[key];
      delete parent[key];
    }
  }
  return obj;
}

/** YAML with aliases: one that contains itself (a cycle), one reused in a wrong place, one reused rightly. */
function aliasManifest(rnd) {
  switch (Math.floor(rnd() * 4)) {
    case 0:
      return 'apiVersion: v1\nkind: Pod\nmetadata: { name: a }\nspec: &s { containers: [{ name: c, image: busybox }], extra: *s }';
    case 1:
      return 'apiVersion: v1\nkind: Pod\nmetadata: &m { name: a, labels: { app: a } }\nspec: { containers: *m }';
    case 2:
      return 'apiVersion: v1\nkind: Pod\nmetadata: &m { name: a, labels: { app: a } }\nspec: { containers: [{ name: c, image: busybox, env: [{ name: X, value: *m }] }] }';
    default:
      return 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: a, labels: &l { app: a } }\nspec:\n  selector: { matchLabels: *l }\n  template:\n    metadata: { labels: *l }\n    spec: { containers: [{ name: c, image: busybox }] }';
  }
}

/** The YAML of one mutant (flow JSON, block YAML, or a hand-written alias case). */
export function mutantYaml(rnd) {
  const roll = rnd();
  if (roll < 0.12) return aliasManifest(rnd);
  const obj = mutateObject(rnd);
  return roll < 0.56 ? JSON.stringify(obj) : stringify(obj);
}

/**
 * A .kscn file that applies the YAML in a scenario (index `i` names it). With `expectFailure`
 * the apply is wrapped in `expect failure { … }`, so `kscn check` leaves the refusal to the run:
 * the mutant reaches the simulated apiserver, controllers, scheduler and kubelet.
 */
export function mutantKscn(yaml, i, expectFailure = false) {
  const body = yaml.split('\n').map((l) => `  ${l}`).join('\n');
  const apply = expectFailure ? 'expect failure { apply m }' : 'apply m';
  return `cluster c { node n-1 { cpu 4; memory 8Gi } }\nmanifest m """\n${body}\n"""\nscenario "mutant ${i}" {\n  given cluster c\n  timeout 2m\n  when {\n    ${apply}\n    wait 30s\n  }\n}\n`;
}

const INTERNAL = /internal error|Maximum call stack|E-INTERNAL/;

/**
 * Check `count` mutants (each as written, then with its apply in `expect failure`), and run
 * each variant that passes the check, with the given `checkSource` and `runScenario` (from src/
 * or dist/). Returns the counts and every internal error or exception.
 */
export function fuzzManifests({ checkSource, runScenario, seed, count, onSlow, slowMs = 10_000 }) {
  const rnd = random(seed);
  const stats = { mutants: 0, checks: 0, refusedAtCheck: 0, runs: 0, passed: 0, failed: 0, errored: 0, internal: [], exceptions: [], slow: 0, maxMs: 0 };
  for (let i = 0; i < count; i++) {
    const yaml = mutantYaml(rnd);
    stats.mutants++;
    for (const expectFailure of [false, true]) {
      const text = mutantKscn(yaml, i, expectFailure);
      const t0 = performance.now();
      stats.checks++;
      try {
        const c = checkSource(text, `m${i}.kscn`, { readFile: () => undefined });
        const diagnostics = c.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n');
        if (INTERNAL.test(diagnostics)) stats.internal.push({ i, where: 'check', yaml, text: diagnostics });
        if (!c.file || c.diagnostics.some((d) => d.severity === 'error')) {
          stats.refusedAtCheck++;
        } else {
          stats.runs++;
          const r = runScenario(c.file, c.file.scenarios[0]);
          const errs = JSON.stringify(r.errors ?? []);
          if (INTERNAL.test(errs)) stats.internal.push({ i, where: 'run', yaml, text: errs });
          if (r.status === 'passed') stats.passed++;
          else if (r.status === 'failed') stats.failed++;
          else stats.errored++;
        }
      } catch (e) {
        stats.exceptions.push({ i, yaml, text: String(e?.stack ?? e) });
      }
      const ms = performance.now() - t0;
      stats.maxMs = Math.max(stats.maxMs, ms);
      if (ms > slowMs) {
        stats.slow++;
        onSlow?.({ i, yaml, ms });
      }
    }
  }
  return stats;
}
