/**
 * Names: duplicates inside a cluster or a file, and references to clusters, manifests, users and
 * nodes that do not exist — each with "did you mean …" when a near name exists.
 */
import type { ApplyAction, ClusterBody, Span } from '../ast.js';
import { Code } from '../codes.js';
import { expandRange } from '../ranges.js';
import { closest } from '../did-you-mean.js';
import { clusterBodies, scenarioCluster, type CheckContext } from './context.js';
import { eachAction } from './walk.js';

function dupes<T>(ctx: CheckContext, items: T[], name: (t: T) => string, span: (t: T) => Span, what: string, extra: string[] = []): void {
  const seen = new Set<string>(extra);
  for (const it of items) {
    const n = name(it);
    if (!n) continue;
    if (seen.has(n)) ctx.report(Code.Duplicate, `${what} \`${n}\` is declared twice`, span(it), `give it another name or remove one`);
    seen.add(n);
  }
}

function hint(name: string, known: Iterable<string>, fallback: string): string {
  const near = closest(name, known);
  return near ? `did you mean \`${near}\`?` : fallback;
}

/** Duplicate nodes, namespaces, priority classes and users inside each cluster body. */
export function uniqueClusterNames(ctx: CheckContext): void {
  for (const body of clusterBodies(ctx.ast)) {
    const nodes = body.nodes.flatMap((n) => n.names.map((name) => ({ name, span: n.nameSpan ?? n.span })));
    dupes(ctx, nodes, (n) => n.name, (n) => n.span, 'node');
    dupes(ctx, body.namespaces, (n) => n.name, (n) => n.span, 'namespace', []);
    for (const ns of body.namespaces) {
      if (ns.name === 'default' || ns.name === 'kube-system') ctx.report(Code.Duplicate, `namespace \`${ns.name}\` always exists`, ns.span, 'remove this line');
    }
    dupes(ctx, body.priorityClasses, (p) => p.name, (p) => p.span, 'priority class');
    dupes(ctx, body.users, (u) => u.name, (u) => u.nameSpan ?? u.span, 'user');
    for (const u of body.users) if (u.name === 'admin') ctx.report(Code.Duplicate, 'user `admin` always exists and may do everything', u.span, 'choose another name');
  }
}

/** Scenario titles are unique in a file (reports and `--scenario` find them by title). */
export function uniqueScenarioTitles(ctx: CheckContext): void {
  dupes(ctx, ctx.ast.scenarios, (s) => s.title, (s) => s.titleSpan ?? s.span, 'scenario');
  for (const s of ctx.ast.scenarios) if (s.title.trim() === '') ctx.report(Code.Scenario, 'a scenario needs a title', s.span, 'scenario "what it shows" { … }');
}

/** `given cluster NAME` names a visible cluster. */
export function knownClusters(ctx: CheckContext): void {
  for (const s of ctx.ast.scenarios) {
    if (s.cluster.kind !== 'ref' || !s.cluster.name) continue;
    if (!ctx.clusters.has(s.cluster.name)) {
      ctx.report(Code.UnknownCluster, `unknown cluster \`${s.cluster.name}\``, s.cluster.span, hint(s.cluster.name, ctx.clusters.keys(), ctx.clusters.size ? `clusters here: ${[...ctx.clusters.keys()].join(', ')}` : 'declare it with `cluster NAME { … }` or import the file that does'));
    }
  }
}

function checkApply(ctx: CheckContext, a: ApplyAction): void {
  const src = a.source;
  if (src.kind === 'manifest') {
    if (src.name && !ctx.manifests.has(src.name)) {
      ctx.report(Code.UnknownManifest, `unknown manifest \`${src.name}\``, src.span, hint(src.name, ctx.manifests.keys(), 'declare it with `manifest NAME from "file.yaml"`, or write `apply "file.yaml"`'));
    }
  } else if (src.kind === 'file' && ctx.fileError(src.path)) {
    const why = ctx.fileError(src.path);
    ctx.report(Code.File, why === 'no such file' ? `cannot find "${src.path}"` : `cannot read "${src.path}": ${why}`, src.span, "paths are relative to this .kscn file's folder");
  }
}

/** `apply NAME` names a visible manifest; `apply "file"` exists. */
export function knownManifests(ctx: CheckContext): void {
  for (const body of clusterBodies(ctx.ast)) body.applies.forEach((a) => checkApply(ctx, a));
  for (const s of ctx.ast.scenarios) eachAction(s, (a) => a.type === 'apply' && checkApply(ctx, a));
}

/** `as USER` names a user of the scenario's cluster; `fail node`/`restore node` name one of its nodes. */
export function knownUsersAndNodes(ctx: CheckContext): void {
  for (const s of ctx.ast.scenarios) {
    const body: ClusterBody | undefined = scenarioCluster(ctx, s);
    if (!body) continue;
    const users = new Set(['admin', ...body.users.map((u) => u.name)]);
    const nodes = new Set(body.nodes.flatMap((n) => n.names));
    eachAction(s, (a) => {
      if (a.type === 'as' && a.user && !users.has(a.user)) {
        ctx.report(Code.UnknownUser, `unknown user \`${a.user}\``, a.span, hint(a.user, users, 'declare it in the cluster: user NAME { allow … }'));
      }
      // A range names several nodes (§2): each must exist.
      const missing = a.type === 'failNode' || a.type === 'restoreNode' ? expandRange(a.node).names.find((n) => n && !nodes.has(n)) : undefined;
      if ((a.type === 'failNode' || a.type === 'restoreNode') && missing !== undefined) {
        ctx.report(Code.UnknownNode, `unknown node \`${missing}\``, a.span, hint(missing, nodes, `nodes of this cluster: ${[...nodes].slice(0, 5).join(', ')}${nodes.size > 5 ? ', …' : ''}`));
      }
    });
  }
}
