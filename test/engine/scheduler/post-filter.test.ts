import { describe, expect, it } from 'vitest';
import { Framework } from '../../../src/engine/scheduler/framework/runtime.js';
import { Registry } from '../../../src/engine/scheduler/framework/registry.js';
import { CycleState, type Code, type PostFilterPlugin } from '../../../src/engine/scheduler/framework/interface.js';
import { podInfo } from '../../../src/engine/scheduler/framework/types.js';
import { cluster, pod } from './helpers.js';

/** A PostFilter plugin that answers with a fixed status (and maybe a nomination). */
const fixed = (name: string, code: Code, reasons: string[], nominatedNode?: string): PostFilterPlugin => ({
  name,
  postFilter: () => ({ status: { code, reasons }, ...(nominatedNode !== undefined ? { nominatedNode } : {}) }),
});

function run(plugins: PostFilterPlugin[]) {
  const registry = new Registry();
  for (const p of plugins) registry.register(p.name, () => p);
  const fw = new Framework({ schedulerName: 'default-scheduler', plugins: plugins.map((p) => ({ name: p.name })), pluginArgs: {}, percentageOfNodesToScore: 0 }, registry, cluster([]).handle);
  return fw.runPostFilter(new CycleState(), podInfo(pod('p')), new Map());
}

describe('RunPostFilterPlugins (K8S-FACTS §1: PostFilter reasons are joined with ", ")', () => {
  it.each([
    { name: 'reasons of every plugin, in order', plugins: [fixed('A', 'Unschedulable', ['no new claims to deallocate']), fixed('B', 'Unschedulable', ['preemption: x'])], want: { message: 'no new claims to deallocate, preemption: x', nominatedNode: undefined } },
    { name: 'a success ends the run without a message', plugins: [fixed('A', 'Unschedulable', ['a']), fixed('B', 'Success', [], 'n1'), fixed('C', 'Unschedulable', ['c'])], want: { nominatedNode: 'n1' } },
    { name: 'UnschedulableAndUnresolvable ends the run with its reasons only', plugins: [fixed('A', 'Unschedulable', ['a']), fixed('B', 'UnschedulableAndUnresolvable', ['b']), fixed('C', 'Unschedulable', ['c'])], want: { message: 'b', nominatedNode: undefined } },
    { name: 'a cleared nomination is passed on', plugins: [fixed('A', 'Unschedulable', ['a'], '')], want: { message: 'a', nominatedNode: '' } },
  ])('$name', ({ plugins, want }) => {
    expect(run(plugins)).toEqual(want);
  });
});
