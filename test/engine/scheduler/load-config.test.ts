import { describe, expect, it } from 'vitest';
import { applyShortForm, KNOWN_PLUGINS, profileFromConfig } from '../../../src/engine/scheduler/framework/load-config.js';
import { defaultProfile } from '../../../src/engine/scheduler/framework/config.js';
import type { SchedulerSetting } from '../../../src/lang/ast.js';

const header = { apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'KubeSchedulerConfiguration' };
const span = { file: 'x.kscn', start: { line: 1, col: 1 }, end: { line: 1, col: 2 } };
const names = (p: ReturnType<typeof defaultProfile>) => p.plugins.map((s) => s.name);

describe('profileFromConfig', () => {
  it('an empty configuration is the default profile', () => {
    expect(profileFromConfig(header)).toEqual({ profile: defaultProfile(), errors: [] });
  });

  it('weights, disabled plugins and scoring strategy', () => {
    const { profile, errors } = profileFromConfig({
      ...header,
      profiles: [{
        schedulerName: 'default-scheduler',
        plugins: { multiPoint: { enabled: [{ name: 'TaintToleration', weight: 5 }], disabled: [{ name: 'ImageLocality' }] }, score: { disabled: [{ name: 'NodeResourcesBalancedAllocation' }] } },
        pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'cpu', weight: 2 }, { name: 'memory', weight: 1 }] } } }],
      }],
    });
    expect(errors).toEqual([]);
    expect(profile.plugins.find((p) => p.name === 'TaintToleration')?.weight).toBe(5);
    expect(names(profile)).not.toContain('ImageLocality');
    expect(profile.plugins.find((p) => p.name === 'NodeResourcesBalancedAllocation')?.disabled).toEqual(['score']);
    expect(profile.pluginArgs.NodeResourcesFit).toEqual({ scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'cpu', weight: 2 }, { name: 'memory', weight: 1 }] } });
  });

  it('"*" disables every default; enabled ones are kept', () => {
    const { profile } = profileFromConfig({ ...header, profiles: [{ plugins: { multiPoint: { disabled: [{ name: '*' }], enabled: [{ name: 'PrioritySort' }, { name: 'NodeResourcesFit', weight: 3 }, { name: 'DefaultBinder' }] } } }] });
    expect(profile.plugins).toEqual([{ name: 'PrioritySort' }, { name: 'NodeResourcesFit', weight: 3 }, { name: 'DefaultBinder' }]);
  });

  it.each([
    { name: 'multiPoint', plugins: { multiPoint: { enabled: [{ name: 'TaintToleration' }] } } },
    { name: 'score', plugins: { score: { enabled: [{ name: 'TaintToleration' }] } } },
  ])('a default plugin enabled again at $name without a weight scores with weight 1 (mergePluginSet, getScoreWeights)', async ({ plugins }) => {
    const { Framework } = await import('../../../src/engine/scheduler/framework/runtime.js');
    const { inTreeRegistry } = await import('../../../src/engine/scheduler/plugins/index.js');
    const { cluster } = await import('./helpers.js');
    const { profile, errors } = profileFromConfig({ ...header, profiles: [{ plugins }] });
    expect(errors).toEqual([]);
    const fw = new Framework(profile, inTreeRegistry(), cluster([]).handle);
    expect(fw.weights.get('TaintToleration')).toBe(1);
    expect(fw.weights.get('NodeAffinity')).toBe(2);
  });

  it('percentageOfNodesToScore: the profile over the global value', () => {
    expect(profileFromConfig({ ...header, percentageOfNodesToScore: 30 }).profile.percentageOfNodesToScore).toBe(30);
    expect(profileFromConfig({ ...header, percentageOfNodesToScore: 30, profiles: [{ percentageOfNodesToScore: 70 }] }).profile.percentageOfNodesToScore).toBe(70);
  });

  it('RequestedToCapacityRatio shape', () => {
    const shape = [{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }];
    const { profile, errors } = profileFromConfig({ ...header, profiles: [{ pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape } } } }] }] });
    expect(errors).toEqual([]);
    expect((profile.pluginArgs.NodeResourcesFit!.scoringStrategy as any).requestedToCapacityRatio.shape).toEqual(shape);
  });

  it.each([
    { name: 'unknown plugin with a suggestion', config: { profiles: [{ plugins: { score: { disabled: [{ name: 'ImageLocalty' }] } } }] }, want: 'profiles[0].plugins.score.disabled: unknown plugin "ImageLocalty" (did you mean "ImageLocality"?)' },
    { name: 'unknown plugin, nothing close', config: { profiles: [{ plugins: { multiPoint: { enabled: [{ name: 'Gpu' }] } } }] }, want: 'profiles[0].plugins.multiPoint.enabled: unknown plugin "Gpu"' },
    { name: 'unknown extension point', config: { profiles: [{ plugins: { scores: {} } }] }, want: 'profiles[0].plugins: unknown extension point "scores" (did you mean "score"?)' },
    { name: 'another scheduler name', config: { profiles: [{ schedulerName: 'batch' }] }, want: 'profiles[0]: only the default-scheduler profile is simulated, not "batch"' },
    { name: 'bad percentage', config: { percentageOfNodesToScore: 150 }, want: 'percentageOfNodesToScore: must be an integer from 0 to 100, not 150' },
    { name: 'bad strategy', config: { profiles: [{ pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'Most' } } }] }] }, want: 'profiles[0].pluginConfig[0].args.scoringStrategy.type: unknown strategy "Most" (LeastAllocated, MostAllocated, RequestedToCapacityRatio)' },
    { name: 'bad resource weight', config: { profiles: [{ pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { resources: [{ name: 'cpu', weight: 0 }] } } }] }] }, want: 'profiles[0].pluginConfig[0].args.scoringStrategy.resources[0].weight: must be an integer from 1 to 100, not 0' },
  ])('$name', ({ config, want }) => {
    expect(profileFromConfig({ ...header, ...config }).errors).toEqual([want]);
  });

  it('wrong apiVersion and kind', () => {
    expect(profileFromConfig({ apiVersion: 'kubescheduler.config.k8s.io/v1beta3', kind: 'Foo' }).errors).toEqual([
      'apiVersion must be kubescheduler.config.k8s.io/v1, not "kubescheduler.config.k8s.io/v1beta3"',
      'kind must be KubeSchedulerConfiguration, not "Foo"',
    ]);
  });

  it('upstream plugins the simulation leaves out are accepted', () => {
    expect(profileFromConfig({ ...header, profiles: [{ plugins: { multiPoint: { disabled: [{ name: 'VolumeBinding' }] } } }] }).errors).toEqual([]);
    expect(KNOWN_PLUGINS).toContain('VolumeBinding');
  });
});

describe('applyShortForm', () => {
  const s = (x: object) => ({ ...x, span }) as SchedulerSetting;
  it('applies the scheduler block statements', () => {
    const profile = defaultProfile();
    const errors = applyShortForm(profile, [s({ kind: 'score', plugin: 'NodeResourcesFit', strategy: 'MostAllocated' }), s({ kind: 'weight', plugin: 'TaintToleration', weight: 3 }), s({ kind: 'disable', plugin: 'ImageLocality' }), s({ kind: 'percentage', value: 50 })]);
    expect(errors).toEqual([]);
    expect((profile.pluginArgs.NodeResourcesFit!.scoringStrategy as any).type).toBe('MostAllocated');
    expect(names(profile)).not.toContain('ImageLocality');
    expect(profile.percentageOfNodesToScore).toBe(50);
  });

  it('enable puts a plugin back in its default place', () => {
    const profile = defaultProfile();
    applyShortForm(profile, [s({ kind: 'disable', plugin: 'NodePorts' }), s({ kind: 'enable', plugin: 'NodePorts' })]);
    expect(names(profile)).toEqual(names(defaultProfile()));
  });

  it.each([
    { setting: { kind: 'disable', plugin: 'ImageLocalty' }, want: 'disable ImageLocalty: unknown plugin "ImageLocalty" (did you mean "ImageLocality"?)' },
    { setting: { kind: 'score', plugin: 'NodeResourcesFit', strategy: 'MostAlocated' }, want: 'score NodeResourcesFit: unknown strategy "MostAlocated" (did you mean "MostAllocated"?)' },
    { setting: { kind: 'score', plugin: 'ImageLocality', strategy: 'MostAllocated' }, want: 'score ImageLocality: only NodeResourcesFit has a scoring strategy' },
    { setting: { kind: 'weight', plugin: 'TaintToleration', weight: 0 }, want: 'weight TaintToleration: must be an integer from 1 to 100, not 0' },
    { setting: { kind: 'enable', plugin: 'VolumeBinding' }, want: 'enable VolumeBinding: the simulation has no VolumeBinding (no volumes, gates or resource claims)' },
  ])('$want', ({ setting, want }) => {
    expect(applyShortForm(defaultProfile(), [s(setting)])).toEqual([want]);
  });
});

describe('the framework runs what the profile enables', () => {
  it('score.disabled keeps a plugin out of Score only; filter.enabled adds one at Filter only', async () => {
    const { Framework } = await import('../../../src/engine/scheduler/framework/runtime.js');
    const { inTreeRegistry } = await import('../../../src/engine/scheduler/plugins/index.js');
    const { cluster } = await import('./helpers.js');
    const { profile } = profileFromConfig({
      ...header,
      profiles: [{ plugins: { multiPoint: { disabled: [{ name: 'NodePorts' }] }, score: { disabled: [{ name: 'NodeResourcesFit' }] }, filter: { enabled: [{ name: 'NodePorts' }] } } }],
    });
    const fw = new Framework(profile, inTreeRegistry(), cluster([]).handle);
    expect(fw.filter.map((p) => p.name)).toContain('NodeResourcesFit');
    expect(fw.score.map((p) => p.name)).not.toContain('NodeResourcesFit');
    expect(fw.filter.map((p) => p.name)).toContain('NodePorts');
    expect(fw.preFilter.map((p) => p.name)).toContain('NodePorts');
    expect(fw.weights.get('TaintToleration')).toBe(3);
  });
});
