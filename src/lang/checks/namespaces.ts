/**
 * `-n NAMESPACE` (LANGUAGE.md §12.1) names the namespace of namespaced objects; a cluster-scoped
 * kind (a Node, a Namespace, a PriorityClass …) has none, so `-n` on one would match nothing and
 * the expectation could never hold: an error of `kscn check`, at the selector, saying what to write.
 */
import { allResourceTypes } from '../../engine/apiserver/resources.js';
import { Code } from '../codes.js';
import type { CheckContext } from './context.js';
import { eachExpectation, eachState } from './walk.js';

/** Lower-case kind (`node`), plural and short names → whether it is namespaced. */
const SCOPE = new Map<string, { kind: string; namespaced: boolean }>();
for (const t of allResourceTypes()) for (const w of [t.kind.toLowerCase(), t.resource, ...t.short]) if (!SCOPE.has(w)) SCOPE.set(w, { kind: t.kind, namespaced: t.namespaced });

export function namespacedOnly(ctx: CheckContext): void {
  const hint = (kind: string, ns: string) => `a ${kind} has no namespace; remove \`-n ${ns}\` (a selector without -n matches in every namespace)`;
  for (const s of ctx.ast.scenarios) {
    eachState(s, (st) => {
      const ns = st.selector.namespace;
      if (ns === undefined) return;
      const scope = SCOPE.get(st.resource ?? '') ?? SCOPE.get(st.kind);
      if (scope && !scope.namespaced) ctx.report(Code.Selector, `\`-n ${ns}\` on ${st.text.trim().split(/\s+/)[0]} ${st.selector.kind === 'name' ? st.selector.pattern : 'objects'}: a ${scope.kind} is cluster-scoped`, st.selector.span, hint(scope.kind, ns));
    });
    eachExpectation(s, (e) => {
      if ((e.type !== 'event' && e.type !== 'events') || e.namespace === undefined) return;
      const scope = SCOPE.get(e.object.split('/')[0]!.toLowerCase());
      if (scope && !scope.namespaced) ctx.report(Code.Selector, `\`-n ${e.namespace}\` on ${e.object}: a ${scope.kind} is cluster-scoped`, e.span, hint(scope.kind, e.namespace));
    });
  }
}
