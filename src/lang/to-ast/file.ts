/** CST → AST for a whole file (§3) and its scenarios (§5). */
import type { CstNode } from 'chevrotain';
import type { KscnFile, ScenarioDecl, Step } from '../ast.js';
import { Code } from '../codes.js';
import { unquote } from '../strings.js';
import { buildActionBlock } from './actions.js';
import { buildClusterBody, buildYamlSource } from './cluster.js';
import { node, nodes, toks, type Builder } from './context.js';
import { buildDiagram, buildExpectBlock } from './expect.js';
import { reportLoose } from './loose.js';

/** The `file` CST → `KscnFile`. */
export function buildFile(b: Builder, cst: CstNode | undefined): KscnFile {
  const file: KscnFile = { type: 'File', path: b.file, imports: [], clusters: [], manifests: [], scenarios: [], span: b.src.span(0, b.src.text.length) };
  b.separated(cst, 'topStatement');
  for (const top of nodes(cst, 'topStatement')) {
    b.within(top, () => {
      const [key, child] = Object.entries(top.children)[0] ?? [];
      const sub = child?.[0] as CstNode | undefined;
      if (!sub) return;
      b.within(sub, () => {
        const span = b.nodeSpan(sub);
        const name = toks(sub, 'Word')[0];
        switch (key) {
          case 'importDecl': {
            const path = toks(sub, 'StringLit')[0];
            if (path) file.imports.push({ type: 'Import', path: unquote(path.image), span });
            break;
          }
          case 'clusterDecl':
            file.clusters.push({ type: 'Cluster', name: name?.image ?? '', nameSpan: b.tokenSpan(name), body: buildClusterBody(b, node(sub, 'clusterBlock')), span });
            break;
          case 'manifestDecl':
            file.manifests.push({ type: 'Manifest', name: name?.image ?? '', nameSpan: b.tokenSpan(name), source: buildYamlSource(b, node(sub, 'yamlSource')), span });
            break;
          case 'scenarioDecl':
            file.scenarios.push(buildScenario(b, sub));
            break;
          case 'looseStatement':
            reportLoose(b, sub, 'file');
            break;
        }
      });
    });
  }
  return file;
}

function buildScenario(b: Builder, cst: CstNode): ScenarioDecl {
  const span = b.nodeSpan(cst);
  const title = toks(cst, 'StringLit')[0];
  const s: ScenarioDecl = {
    type: 'Scenario',
    title: title ? unquote(title.image) : '',
    titleSpan: b.tokenSpan(title),
    tags: toks(cst, 'Tag').map((t) => t.image.slice(1)),
    cluster: { kind: 'ref', name: '', span },
    steps: [],
    span,
  };
  b.separated(cst, 'scenarioItem');
  let hasCluster = false;
  let lastWasWhen = false;
  let lastWasThen = false;
  for (const item of nodes(cst, 'scenarioItem')) {
    b.within(item, () => {
      const [key, child] = Object.entries(item.children)[0] ?? [];
      const sub = child?.[0] as CstNode | undefined;
      if (!sub) return;
      b.within(sub, () => {
        const itemSpan = b.nodeSpan(sub);
        const w = toks(sub, 'Word');
        const once = (what: string, seen: boolean) => seen && b.error(Code.Duplicate, `a scenario has one \`${what}\``, itemSpan, `remove one of the \`${what}\` lines`);
        let isWhen = false;
        let isThen = false;
        switch (key) {
          case 'seedStmt':
            once('seed', s.seed !== undefined);
            s.seed = b.int(w[0], 'a seed (a whole number)');
            if (s.seed === undefined) delete s.seed;
            break;
          case 'timeoutStmt':
            once('timeout', s.timeoutMs !== undefined);
            s.timeoutMs = b.duration(w[0]);
            if (s.timeoutMs === undefined) delete s.timeoutMs;
            break;
          case 'givenStmt': {
            if (toks(sub, 'Kw_cluster').length) {
              once('given cluster', hasCluster);
              hasCluster = true;
              const body = node(sub, 'clusterBlock');
              s.cluster = body ? { kind: 'inline', body: buildClusterBody(b, body), span: itemSpan } : { kind: 'ref', name: w[0]?.image ?? '', span: w[0] ? b.tokenSpan(w[0]) : itemSpan };
            } else {
              once('given { … }', s.given !== undefined);
              s.given = [...(s.given ?? []), ...buildActionBlock(b, node(sub, 'actionBlock'))];
            }
            break;
          }
          case 'whenStmt': {
            const step: Step = { when: buildActionBlock(b, node(sub, 'actionBlock')), whenSpan: itemSpan, then: [], span: itemSpan };
            s.steps.push(step);
            isWhen = true;
            break;
          }
          case 'thenStmt': {
            const then = buildExpectBlock(b, node(sub, 'expectBlock'));
            const last = s.steps[s.steps.length - 1];
            isThen = true;
            if (last && lastWasWhen) {
              last.then = then;
              last.thenSpan = itemSpan;
              last.span = { ...last.span, end: itemSpan.end };
            } else if (last && lastWasThen) {
              // A second `then` in a row adds to the same step's expectations.
              last.then.push(...then);
              last.span = { ...last.span, end: itemSpan.end };
            } else s.steps.push({ when: [], then, thenSpan: itemSpan, span: itemSpan });
            break;
          }
          case 'diagramDecl':
            once('diagram', s.diagram !== undefined);
            s.diagram = buildDiagram(b, sub);
            break;
          case 'looseStatement':
            reportLoose(b, sub, 'scenario');
            break;
        }
        lastWasWhen = isWhen;
        lastWasThen = isThen;
      });
    });
  }
  if (!hasCluster && !b.syntaxErrors) b.error(Code.Scenario, `scenario "${s.title}" has no cluster`, title ? b.tokenSpan(title) : span, 'add `given cluster NAME` (or `given cluster { … }`)');
  return s;
}
