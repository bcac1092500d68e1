/**
 * A scheduler profile from a KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) or from
 * the short form of a `scheduler` block (LANGUAGE.md §4). Plugin sets merge into the default
 * profile as kube-scheduler's mergePlugins does: `disabled` (with `*` for all defaults) removes,
 * `enabled` overrides a default in place or appends. Errors are returned, never thrown.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { SchedulerSetting } from '../../../lang/ast.js';
import { closest } from '../../../lang/did-you-mean.js';
import { defaultProfile, type PluginSetting, type SchedulerProfile } from './config.js';
import { EXTENSION_POINTS, type ExtensionPoint } from './interface.js';
import { NOT_SIMULATED_PLUGINS, SIMULATED_PLUGINS } from '../plugins/index.js';
import { validateScoringStrategy } from './plugin-args.js';

export const API_VERSION = 'kubescheduler.config.k8s.io/v1';
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/** Every plugin name a configuration may use: the simulated ones, then upstream ones left out. */
export const KNOWN_PLUGINS: readonly string[] = [...SIMULATED_PLUGINS, ...NOT_SIMULATED_PLUGINS];

/** Scoring strategies of NodeResourcesFit. */
export const SCORING_STRATEGIES = ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'] as const;

/** `unknown plugin "X"` with a did-you-mean, or undefined when the name is known. */
export function checkPluginName(name: string): string | undefined {
  if (name === '*' || KNOWN_PLUGINS.includes(name)) return undefined;
  const near = closest(name, KNOWN_PLUGINS);
  return `unknown plugin "${name}"${near ? ` (did you mean "${near}"?)` : ''}`;
}

/** The profile a KubeSchedulerConfiguration describes for `default-scheduler`. */
export function profileFromConfig(config: unknown): { profile: SchedulerProfile; errors: string[] } {
  const profile = defaultProfile();
  const errors: string[] = [];
  const c = (config ?? {}) as any;
  if (c.apiVersion !== API_VERSION) errors.push(`apiVersion must be ${API_VERSION}, not ${c.apiVersion === undefined ? 'missing' : `"${c.apiVersion}"`}`);
  if (c.kind !== 'KubeSchedulerConfiguration') errors.push(`kind must be KubeSchedulerConfiguration, not ${c.kind === undefined ? 'missing' : `"${c.kind}"`}`);
  if (c.percentageOfNodesToScore !== undefined) setPercentage(profile, c.percentageOfNodesToScore, 'percentageOfNodesToScore', errors);
  const profiles = (c.profiles ?? []) as any[];
  for (const [i, p] of profiles.entries()) {
    const name = p?.schedulerName ?? DEFAULT_SCHEDULER_NAME;
    // The simulation runs one scheduler; pods name it by spec.schedulerName (default-scheduler).
    if (name !== DEFAULT_SCHEDULER_NAME) {
      errors.push(`profiles[${i}]: only the ${DEFAULT_SCHEDULER_NAME} profile is simulated, not "${name}"`);
      continue;
    }
    if (p.percentageOfNodesToScore !== undefined) setPercentage(profile, p.percentageOfNodesToScore, `profiles[${i}].percentageOfNodesToScore`, errors);
    const plugins = p.plugins ?? {};
    for (const key of Object.keys(plugins)) {
      if (key !== 'multiPoint' && !(EXTENSION_POINTS as readonly string[]).includes(key)) {
        const near = closest(key, ['multiPoint', ...EXTENSION_POINTS]);
        errors.push(`profiles[${i}].plugins: unknown extension point "${key}"${near ? ` (did you mean "${near}"?)` : ''}`);
      }
    }
    if (plugins.multiPoint) mergeSet(profile, plugins.multiPoint, undefined, `profiles[${i}].plugins.multiPoint`, errors);
    for (const point of EXTENSION_POINTS) if (plugins[point]) mergeSet(profile, plugins[point], point, `profiles[${i}].plugins.${point}`, errors);
    for (const [j, pc] of ((p.pluginConfig ?? []) as any[]).entries()) {
      const where = `profiles[${i}].pluginConfig[${j}]`;
      const bad = checkPluginName(String(pc?.name));
      if (bad) errors.push(`${where}: ${bad}`);
      else if (pc.name === 'NodeResourcesFit') errors.push(...validateScoringStrategy(pc.args?.scoringStrategy, `${where}.args.scoringStrategy`));
      if (!bad) profile.pluginArgs[pc.name] = { ...(profile.pluginArgs[pc.name] ?? {}), ...(pc.args ?? {}) };
    }
  }
  return { profile, errors };
}

function setPercentage(profile: SchedulerProfile, v: unknown, where: string, errors: string[]): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100) errors.push(`${where}: must be an integer from 0 to 100, not ${JSON.stringify(v)}`);
  else profile.percentageOfNodesToScore = v;
}

/** Merge one PluginSet into the profile: at `point`, or for every point (multiPoint). */
function mergeSet(profile: SchedulerProfile, set: any, point: ExtensionPoint | undefined, where: string, errors: string[]): void {
  const defaults = new Set(profile.plugins.map((p) => p.name));
  for (const d of (set.disabled ?? []) as any[]) {
    const name = String(d?.name);
    const bad = checkPluginName(name);
    if (bad) {
      errors.push(`${where}.disabled: ${bad}`);
      continue;
    }
    for (const s of profile.plugins) if (name === '*' || s.name === name) disable(profile, s, point);
  }
  for (const e of (set.enabled ?? []) as any[]) {
    const name = String(e?.name);
    const bad = name === '*' ? `"*" can only be disabled` : checkPluginName(name);
    if (bad) errors.push(`${where}.enabled: ${bad}`);
    else if (!NOT_SIMULATED_PLUGINS.includes(name)) enable(profile, name, point, e.weight, defaults.has(name), true);
  }
  profile.plugins = profile.plugins.filter((s) => !s.points || s.points.length > 0);
}

function disable(profile: SchedulerProfile, s: PluginSetting, point: ExtensionPoint | undefined): void {
  if (!point) s.points = [];
  else if (s.points) s.points = s.points.filter((p) => p !== point);
  else if (!s.disabled?.includes(point)) s.disabled = [...(s.disabled ?? []), point];
}

/**
 * Enable `name` (at `point`, or every point). From a configuration (`fromConfig`), an entry at
 * multiPoint or score replaces the default one, weight included: without a weight it scores with
 * weight 1 (mergePluginSet, then getScoreWeights turns 0 into 1). The short form's `enable`
 * restores the default weight instead.
 */
function enable(profile: SchedulerProfile, name: string, point: ExtensionPoint | undefined, weight: unknown, wasDefault: boolean, fromConfig = false): void {
  const w = typeof weight === 'number' && weight > 0 ? weight : undefined;
  let s = profile.plugins.find((p) => p.name === name);
  if (!s) {
    // Enabled at one point only; its pre-point comes with it (PreFilter with Filter, PreScore with Score).
    const points: ExtensionPoint[] | undefined = point ? [point, ...(point === 'filter' ? ['preFilter' as const] : point === 'score' ? ['preScore' as const] : [])] : undefined;
    s = { name, ...(points ? { points } : {}) };
    insertInDefaultOrder(profile, s);
  } else if (!point) {
    delete s.points;
    delete s.disabled;
  } else {
    if (s.points && !s.points.includes(point)) s.points.push(point);
    if (s.disabled) s.disabled = s.disabled.filter((p) => p !== point);
  }
  if (w !== undefined) s.weight = w;
  else if (fromConfig) {
    if (!point || point === 'score') delete s.weight;
  } else if (!wasDefault && s.weight === undefined) s.weight = defaultProfile().plugins.find((p) => p.name === name)?.weight;
}

/** Put a plugin back where the default profile has it, or at the end. */
function insertInDefaultOrder(profile: SchedulerProfile, s: PluginSetting): void {
  const order = defaultProfile().plugins.map((p) => p.name);
  const at = order.indexOf(s.name);
  const i = at < 0 ? -1 : profile.plugins.findIndex((p) => order.indexOf(p.name) > at || order.indexOf(p.name) < 0);
  if (i < 0) profile.plugins.push(s);
  else profile.plugins.splice(i, 0, s);
}

/**
 * Apply the short form of a `scheduler` block to `profile` (in place): `score NodeResourcesFit
 * MostAllocated`, `weight TaintToleration 3`, `disable ImageLocality`, `enable X`,
 * `percentage-of-nodes-to-score 50`. Returns one error per setting it cannot apply.
 */
export function applyShortForm(profile: SchedulerProfile, settings: readonly SchedulerSetting[]): string[] {
  const errors: string[] = [];
  for (const s of settings) {
    if (s.kind === 'percentage') {
      setPercentage(profile, s.value, 'percentage-of-nodes-to-score', errors);
      continue;
    }
    const bad = checkPluginName(s.plugin) ?? (s.plugin === '*' ? 'a plugin name is needed, not "*"' : undefined);
    if (bad) {
      errors.push(`${s.kind} ${s.plugin}: ${bad}`);
      continue;
    }
    const present = profile.plugins.find((p) => p.name === s.plugin);
    switch (s.kind) {
      case 'disable':
        profile.plugins = profile.plugins.filter((p) => p.name !== s.plugin);
        break;
      case 'enable':
        if (NOT_SIMULATED_PLUGINS.includes(s.plugin)) errors.push(`enable ${s.plugin}: the simulation has no ${s.plugin} (no volumes, gates or resource claims)`);
        else enable(profile, s.plugin, undefined, undefined, false);
        break;
      case 'weight':
        if (!present) errors.push(`weight ${s.plugin}: the plugin is not enabled`);
        else if (!Number.isInteger(s.weight) || s.weight < 1 || s.weight > 100) errors.push(`weight ${s.plugin}: must be an integer from 1 to 100, not ${s.weight}`);
        else present.weight = s.weight;
        break;
      case 'score': {
        if (s.plugin !== 'NodeResourcesFit') {
          errors.push(`score ${s.plugin}: only NodeResourcesFit has a scoring strategy`);
          break;
        }
        const near = (SCORING_STRATEGIES as readonly string[]).includes(s.strategy) ? undefined : closest(s.strategy, SCORING_STRATEGIES);
        if (!(SCORING_STRATEGIES as readonly string[]).includes(s.strategy)) {
          errors.push(`score NodeResourcesFit: unknown strategy "${s.strategy}"${near ? ` (did you mean "${near}"?)` : ` (${SCORING_STRATEGIES.join(', ')})`}`);
          break;
        }
        const args = (profile.pluginArgs.NodeResourcesFit ??= {});
        args.scoringStrategy = { ...((args.scoringStrategy as object) ?? {}), type: s.strategy };
        break;
      }
    }
  }
  return errors;
}
