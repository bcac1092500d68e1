/**
 * Patterns (LANGUAGE.md §2): a leading `!` negates the whole pattern. A `!` at the start of a
 * later alternative (`a|!b`) would be read as a literal character that no name holds, so the
 * pattern could never match as meant: it is an error that says where the `!` goes.
 */
import type { Span } from '../ast.js';
import { Code } from '../codes.js';
import type { CheckContext } from './context.js';
import { eachAction, eachExpectation, eachMessagePattern, eachState } from './walk.js';

/** The first alternative after the first that starts with `!`, if any. */
export function misplacedNegation(pattern: string): string | undefined {
  return pattern.split('|').slice(1).find((a) => a.startsWith('!'));
}

function check(ctx: CheckContext, pattern: string | undefined, span: Span): void {
  if (pattern === undefined) return;
  const alt = misplacedNegation(pattern);
  if (alt === undefined) return;
  const rest = pattern.replace(/^!/, '').split('|').map((a) => a.replace(/^!/, '')).join('|');
  ctx.report(
    Code.Selector,
    `\`!\` negates a whole pattern and comes first; in \`${pattern}\` it is part of the alternative \`${alt}\``,
    span,
    `write \`!${rest}\` for anything but ${rest.split('|').join(' or ')}, or list the names to match without \`!\``,
  );
}

const PLURALS: Record<string, string> = { pods: 'pod', nodes: 'node', deployments: 'deployment', replicasets: 'replicaset', statefulsets: 'statefulset', daemonsets: 'daemonset', controllerrevisions: 'controllerrevision', services: 'service', namespaces: 'namespace' };

/** An Event's object is `kind/name` in the singular (§7.2), as the trace writes it. */
function eventObject(ctx: CheckContext, object: string, span: Span): void {
  const body = object.replace(/^!/, '');
  if (/[*?]/.test(body.split('/')[0] ?? '') && body.includes('/')) return;
  if (!body.includes('/')) {
    if (/[*?]/.test(body)) return; // any object
    ctx.report(Code.Selector, `an Event's object is KIND/NAME, not \`${object}\``, span, `write \`pod/${body}\` (or node/…, deployment/…, replicaset/…)`);
    return;
  }
  const [kind, ...rest] = body.split('/');
  const single = PLURALS[kind!];
  if (single) ctx.report(Code.Selector, `an Event's object names its kind in the singular: \`${single}/${rest.join('/')}\`, not \`${body}\``, span, 'as `kubectl describe` lists it: pod/web, node/worker-1');
}

export function wellFormedPatterns(ctx: CheckContext): void {
  for (const s of ctx.ast.scenarios) {
    eachMessagePattern(s, (m) => {
      check(ctx, m.from, m.fromSpan ?? m.span);
      check(ctx, m.to, m.toSpan ?? m.span);
      check(ctx, m.verb, m.span);
      check(ctx, m.target, m.span);
      const kind = m.target?.replace(/^!/, '').split('/')[0];
      if (m.target?.includes('/') && kind && PLURALS[kind]) ctx.report(Code.MessagePattern, `a message's target names its kind in the singular: \`${PLURALS[kind]}/${m.target.split('/').slice(1).join('/')}\`, not \`${m.target}\``, m.span, 'targets are kind/name, as in the trace: pod/web, deployment/web');
      for (const a of m.attrs) check(ctx, a.value, m.span);
    });
    eachState(s, (st) => {
      if (st.selector.kind === 'name') check(ctx, st.selector.pattern, st.selector.span);
      for (const c of st.conditions) {
        if (c.type === 'on') check(ctx, c.node, c.span);
        else if (c.type === 'reason') check(ctx, c.reason, c.span);
      }
    });
    eachExpectation(s, (e) => {
      if (e.type === 'events') check(ctx, e.object, e.span);
      else if (e.type === 'event') {
        check(ctx, e.object, e.span);
        check(ctx, e.reason, e.span);
      }
      if (e.type === 'events' || e.type === 'event') eventObject(ctx, e.object, e.span);
    });
    eachAction(s, (a) => {
      if ((a.type === 'crash' || a.type === 'exit' || a.type === 'probeFails' || a.type === 'useMemory') && a.selector.kind === 'name') check(ctx, a.selector.pattern, a.selector.span);
    });
    (s.diagram?.focus ?? []).forEach((f, i) => check(ctx, f, s.diagram!.focusSpans?.[i] ?? s.diagram!.span));
  }
}
