/**
 * A custom resource is served once its CustomResourceDefinition is applied (LANGUAGE.md §12.1);
 * before that, kubectl fails with "no matches for kind". A scenario that applies a custom
 * resource without its CRD applied earlier would fail at that line, so `kscn check` says so —
 * unless the apply is inside `expect failure`, where that failure is the point. kubectl maps
 * every object of one apply before it sends any, so a CRD and its custom resources in the same
 * apply count as "not earlier". `at` blocks are taken in the order they are written.
 */
import { loadManifests } from '../../manifests/load.js';
import { parseKubectl } from '../../kubectl/parse.js';
import { kindEntry } from '../../simulated.js';
import type { Action, ApplyAction, KubectlAction } from '../ast.js';
import { Code } from '../codes.js';
import { customKinds } from '../simulated-check.js';
import { scenarioCluster, type CheckContext } from './context.js';
import { eachState } from './walk.js';
import { unknownStateKind } from '../to-ast/state.js';

/** The YAML text an apply sends, when it can be read. */
function yamlOf(ctx: CheckContext, a: ApplyAction | KubectlAction): string | undefined {
  if (a.type === 'kubectl') {
    if (!/^\s*(apply|create)\b/.test(a.raw)) return undefined;
    const { command } = parseKubectl(a.raw, { resources: (w) => ctx.customResources?.get(w.toLowerCase()) });
    if (!command || (command.cmd !== 'apply -f' && command.cmd !== 'create -f') || command.file === '-' || /^https?:/.test(command.file)) return undefined;
    return ctx.readFile(command.file);
  }
  const src = a.source.kind === 'manifest' ? ctx.manifests.get(a.source.name)?.source : a.source;
  if (!src) return undefined;
  return src.kind === 'inline' ? src.text : ctx.readFile(src.path);
}

export function customResourcesAfterCrds(ctx: CheckContext): void {
  // The custom kinds some CRD of the file declares; any other unknown kind is reported by the check of what kscn simulates.
  const declared = new Set<string>();
  const texts = new Map<object, string | undefined>();
  const text = (a: ApplyAction | KubectlAction) => {
    if (!texts.has(a)) texts.set(a, yamlOf(ctx, a));
    return texts.get(a);
  };
  const all: (ApplyAction | KubectlAction)[] = [];
  const collect = (list: readonly Action[]) => {
    for (const a of list) {
      if (a.type === 'apply' || a.type === 'kubectl') all.push(a);
      else if (a.type === 'at' || a.type === 'as' || a.type === 'expectFailure') collect(a.actions);
    }
  };
  for (const s of ctx.ast.scenarios) {
    collect(scenarioCluster(ctx, s)?.applies ?? []);
    collect(s.given ?? []);
    for (const step of s.steps) collect(step.when);
  }
  for (const a of all) {
    const t = text(a);
    if (t) customKinds(t, declared);
  }
  if (!declared.size) return;

  for (const s of ctx.ast.scenarios) {
    const served = new Set<string>();
    const visit = (list: readonly Action[], expected: boolean) => {
      for (const a of list) {
        if (a.type === 'at' || a.type === 'as') visit(a.actions, expected);
        else if (a.type === 'expectFailure') visit(a.actions, true);
        if (a.type !== 'apply' && a.type !== 'kubectl') continue;
        const t = text(a);
        if (!t) continue;
        if (!expected) {
          for (const o of loadManifests(t).objects) {
            const key = `${o.apiVersion}\0${o.kind}`;
            if (typeof o.apiVersion !== 'string' || kindEntry(o.apiVersion, o.kind) || !declared.has(key) || served.has(key)) continue;
            const sameApply = customKinds(t).has(key);
            ctx.report(
              Code.NotSimulated,
              `no matches for kind "${o.kind}" in version "${o.apiVersion}" here: ${sameApply ? 'its CustomResourceDefinition is in the same apply, and kubectl maps every object before it sends one' : 'its CustomResourceDefinition is not applied before this line in this scenario'}`,
              a.span,
              'apply the CustomResourceDefinition in an earlier action of the scenario (a custom resource is served once its CRD is applied), or state the failure: expect failure "ensure CRDs are installed first" { … }',
            );
            break;
          }
        }
        customKinds(t, served);
      }
    };
    visit(scenarioCluster(ctx, s)?.applies ?? [], false);
    visit(s.given ?? [], false);
    for (const step of s.steps) visit(step.when, false);
  }
}

/** A state on a word that is no built-in kind: a custom resource some CRD of the file declares, or an unknown kind. */
export function customResourceStates(ctx: CheckContext): void {
  const words = ctx.customResources ?? new Map<string, string>();
  for (const s of ctx.ast.scenarios) {
    eachState(s, (st) => {
      if (!st.custom || words.has(st.custom.word.toLowerCase())) return;
      const u = unknownStateKind(st.custom.word, [...words.keys()]);
      ctx.report(Code.StateKind, u.message, st.custom.span, u.hint);
    });
  }
}
