/**
 * Issue 18 §3: manifests mutated in shape, type and aliases are checked AND run. No check and no
 * run ends in an internal error (a crash inside kscn) or an exception: each mutant is refused
 * by `kscn check` with a located error, or runs to a verdict of its own. The generator is
 * shared with the long fuzz of `npm run bench` (bench/fuzz.mjs).
 */
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/lang/check.js';
import { runScenario } from '../../src/run/run.js';
import { fuzzManifests, mutantKscn } from './mutants.mjs';

describe('mutated manifests are checked and run without an internal error', () => {
  it('200 mutants (shapes, types, aliases), each checked as written and with its apply in `expect failure`: none ends in an internal error', () => {
    const stats = fuzzManifests({ checkSource, runScenario, seed: 18, count: 200 });
    expect(stats.exceptions.map((e) => `${e.yaml}\n${e.text}`)).toEqual([]);
    expect(stats.internal.map((e) => `${e.where}: ${e.yaml}\n${e.text}`)).toEqual([]);
    expect(stats.mutants).toBe(200);
    expect(stats.checks).toBe(400);
    // The generator reaches both paths: refusals at check, and runs (most refused by the simulated apiserver).
    expect(stats.refusedAtCheck).toBeGreaterThan(100);
    expect(stats.runs).toBeGreaterThan(100);
    expect(stats.passed + stats.failed + stats.errored).toBe(stats.runs);
  }, 120_000);

  it('the shapes the issue found are refused at check, at the key, with the apiserver\'s text', () => {
    const cases: [string, string, string][] = [
      ['apiVersion: v1\nkind: Pod\nmetadata: { name: a }\nspec:\n  containers: { name: c, image: busybox }', 'json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container', 'containers'],
      ['apiVersion: v1\nkind: Pod\nmetadata: { name: a }\nspec: { containers: [{ name: c, image: busybox }] }\nstatus: { conditions: 5 }', 'json: cannot unmarshal number into Go struct field PodStatus.status.conditions of type []v1.PodCondition', 'conditions'],
      ['apiVersion: v1\nkind: Pod\nmetadata: { name: a }\nspec:\n  containers: [{ name: c, image: busybox }]\n  affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { topologyKey: x } } }', 'json: cannot unmarshal object into Go struct field PodAffinity.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution of type []v1.PodAffinityTerm', 'requiredDuringSchedulingIgnoredDuringExecution'],
      ['apiVersion: v1\nkind: Pod\nmetadata: { name: a }\nspec: &s { containers: [{ name: c, image: busybox }], extra: *s }', 'a YAML alias refers to the node that contains it', 'spec'],
    ];
    for (const [yaml, text, key] of cases) {
      const c = checkSource(mutantKscn(yaml, 0), 'm.kscn', { readFile: () => undefined });
      const d = c.diagnostics.find((x) => x.message.includes(text));
      expect(d, `${yaml}\n${c.diagnostics.map((x) => x.message).join('\n')}`).toBeDefined();
      if (!text.startsWith('a YAML alias')) {
        // Located at the YAML key: the caret's line holds the key, starting at the caret.
        const line = mutantKscn(yaml, 0).split('\n')[d!.span.start.line - 1]!;
        expect(line.slice(d!.span.start.col - 1)).toMatch(new RegExp(`^${key}:`));
        expect(d!.message).toMatch(/^Error from server \(BadRequest\): Pod in version "v1" cannot be handled as a Pod: /);
      }
    }
  });
});
