/**
 * The YAML of manifests, inline applies and scheduler configurations: is it YAML, and does each
 * document name itself (`apiVersion`, `kind`, `metadata.name`)? Kubernetes semantics are
 * `src/manifests/`'s job. Errors point at the right line of the .kscn file (inside the block
 * string) or of the .yaml file. Aliases are limited, so an alias bomb is an error, not a hang.
 */
import { isMap, isScalar, isSeq, LineCounter, type Document } from 'yaml';
import { yamlDocuments } from '../manifests/yaml-docs.js';
import type { ManifestSource, Span } from './ast.js';
import type { Diagnostic } from './diagnostics.js';
import { Code } from './codes.js';
import { shapeProblem } from '../manifests/load.js';
import { staticProblems } from '../manifests/static-check.js';
import type { FieldPath } from '../manifests/validate.js';
import { kubectlError } from '../run/kubectl-exec.js';
import type { KubeObject } from '../trace/types.js';
import { kindEntry } from '../simulated.js';
import type { SourceMap } from './source.js';

/** The most alias expansions one YAML document may make. */
export const MAX_YAML_ALIASES = 100;

/** Where the YAML text sits: in a .kscn block string, or in a file of its own. */
export type YamlPlace = { kind: 'inline'; src: SourceMap; source: Extract<ManifestSource, { kind: 'inline' }> } | { kind: 'file'; src: SourceMap };

export interface YamlCheckOptions {
  /** `manifest`: apiVersion/kind/metadata.name in each document; `scheduler`: a KubeSchedulerConfiguration. */
  expect: 'manifest' | 'scheduler';
  /**
   * Check each object as the apiserver would on create (decoding, validation, the admission
   * that needs no cluster): false where the scenario expects the apply to fail.
   */
  validate?: boolean;
}

/** Check YAML text; returns the diagnostics (none when fine). */
export function checkYaml(text: string, place: YamlPlace, opts: YamlCheckOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  let lc = new LineCounter();
  const spanAt = (offset: number, length: number): Span => {
    const p = lc.linePos(offset);
    if (place.kind === 'file') return place.src.span(offset, offset + Math.max(1, length));
    const line = (place.source.textLine ?? place.source.span.start.line) + p.line - 1;
    const col = (place.source.textIndent ?? 0) + p.col;
    const start = place.src.lineStart(line) + col - 1;
    return place.src.span(start, start + Math.max(1, length));
  };
  const report = (message: string, span: Span, hint?: string) => out.push(hint ? { code: Code.Yaml, severity: 'error', message, span, hint } : { code: Code.Yaml, severity: 'error', message, span });
  let docs;
  try {
    ({ docs, lineCounter: lc } = yamlDocuments(text));
  } catch (e) {
    report(`cannot read this YAML: ${(e as Error).message}`, spanAt(0, 1));
    return out;
  }
  const list = Array.isArray(docs) ? docs : [];
  let objects = 0;
  /** The objects of this text so far, in order: what the apiserver holds when the next one is created. */
  const before: KubeObject[] = [];
  /** The apiserver's answers to creating `o` (at `base` in the document), each at the YAML key it is about. */
  const validate = (doc: Document, o: unknown, base: FieldPath) => {
    // A kind kscn does not simulate is the check of kinds' error alone (simulated-check.ts).
    const kind = o as { apiVersion?: unknown; kind?: unknown };
    if (!opts.validate || kindEntry(String(kind.apiVersion), String(kind.kind))?.support === 'refused') return;
    for (const p of staticProblems(o as KubeObject, before)) {
      const [from, to] = locate(doc, [...base, ...p.path]);
      const hint = p.code === 400 ? 'the apiserver cannot decode this field: fix its type (a list, a map, a string or a number in range)' : p.code === 403 ? 'admission refuses it: one PriorityClass at most is the global default' : 'the apiserver refuses this object when it is applied; fix the field, or wrap the apply in `expect failure { … }`';
      out.push({ code: Code.Manifest, severity: 'error', message: kubectlError(p), span: spanAt(from, to - from), hint });
    }
    before.push(o as KubeObject);
  };
  for (const doc of list) {
    for (const err of doc.errors) {
      let [from, to] = err.pos ?? [0, 1];
      // An error placed on indentation points at the first thing written on that line instead.
      while (from < text.length && (text[from] === ' ' || text[from] === '\t')) from++;
      if (to <= from) to = from + Math.max(1, /^[^\s]*/.exec(text.slice(from))![0].length);
      report(`YAML: ${firstLine(err.message)}`, spanAt(from, to - from), 'fix the YAML (indentation, `key: value`, quotes)');
    }
    if (doc.errors.length) continue;
    if (doc.contents === null) continue;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    } catch (e) {
      report(`YAML: ${firstLine((e as Error).message)}`, spanAt(doc.range?.[0] ?? 0, 1), `aliases may expand at most ${MAX_YAML_ALIASES} times`);
      continue;
    }
    if (value === null || value === undefined) continue;
    objects++;
    const at = spanAt(doc.contents.range?.[0] ?? 0, 1);
    const shape = shapeProblem(value);
    if (shape) {
      report(shape, at, 'remove the alias or the nesting');
      continue;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      report('a Kubernetes object is a YAML mapping', at, 'start with `apiVersion: v1` and `kind: …`');
      continue;
    }
    const obj = value as Record<string, unknown>;
    if (opts.expect === 'scheduler') {
      if (obj.kind !== 'KubeSchedulerConfiguration') report(`expected kind: KubeSchedulerConfiguration, not ${JSON.stringify(obj.kind ?? null)}`, at, 'apiVersion: kubescheduler.config.k8s.io/v1, kind: KubeSchedulerConfiguration');
      continue;
    }
    // `kind: List` (what `kubectl get -o yaml` prints) holds the objects in `items` (LANGUAGE.md §12.1).
    if (obj.kind === 'List') {
      const items = Array.isArray(obj.items) ? obj.items : [];
      if (!Array.isArray(obj.items)) report('a List holds its objects in `items`', at, 'items: [{ apiVersion: v1, kind: …, metadata: { name: … } }]');
      items.forEach((item, i) => {
        const o = item as Record<string, unknown> | null;
        const m = o && typeof o === 'object' ? (o.metadata as Record<string, unknown> | undefined) : undefined;
        const lacks = !o || typeof o !== 'object' || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string' || !m || typeof m.name !== 'string' || !m.name;
        if (lacks) report(`item ${i} of this List is not a Kubernetes object with apiVersion, kind and metadata.name`, at, 'every object needs apiVersion, kind and metadata.name');
        else validate(doc, o, ['items', i]);
      });
      continue;
    }
    const missing: string[] = [];
    if (typeof obj.apiVersion !== 'string' || !obj.apiVersion) missing.push('apiVersion');
    if (typeof obj.kind !== 'string' || !obj.kind) missing.push('kind');
    const meta = obj.metadata as Record<string, unknown> | undefined;
    if (!meta || typeof meta !== 'object' || typeof meta.name !== 'string' || !meta.name) missing.push('metadata.name');
    if (missing.length) report(`this Kubernetes object has no ${missing.join(', ')}`, at, 'every object needs apiVersion, kind and metadata.name');
    else validate(doc, obj, []);
    // Storage is not simulated: a StatefulSet's volumeClaimTemplates (and so its PVC retention policy) would be dropped.
    const vct = (obj.spec as Record<string, unknown> | undefined)?.volumeClaimTemplates;
    if (obj.kind === 'StatefulSet' && Array.isArray(vct) && vct.length) {
      const node = doc.getIn(['spec', 'volumeClaimTemplates'], true) as { range?: [number, number, number] } | undefined;
      const key = text.lastIndexOf('volumeClaimTemplates', node?.range?.[0] ?? 0);
      report(`StatefulSet "${String(meta?.name ?? '')}": spec.volumeClaimTemplates is not simulated: kscn does not simulate storage (PersistentVolumeClaims and PersistentVolumes) yet`, key >= 0 ? spanAt(key, 'volumeClaimTemplates'.length) : at, 'remove volumeClaimTemplates and the volumeMounts that use them; the pods then run without that storage');
    }
  }
  if (!objects && !out.length) report(opts.expect === 'scheduler' ? 'the scheduler configuration is empty' : 'this manifest holds no object', spanAt(0, 1), 'write at least one object: apiVersion, kind, metadata.name');
  return out;
}

/**
 * The text range to point at for a field path: the key of the deepest pair the path reaches (the
 * field itself, or — for a required field that is missing — the object that lacks it), or the
 * list item. Aliases are not followed: the alias is pointed at.
 */
function locate(doc: Document, path: FieldPath): [number, number] {
  let node: unknown = doc.contents;
  let at = (node as { range?: [number, number, number] } | null)?.range ?? [0, 1, 1];
  let range: [number, number] = [at[0], Math.min(at[1], at[0] + 1)];
  for (const k of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(k));
      const key = pair?.key as { range?: [number, number, number] } | undefined;
      if (!pair || !key?.range) break;
      range = [key.range[0], key.range[1]];
      node = pair.value;
    } else if (isSeq(node) && typeof k === 'number') {
      const item = node.items[k] as { range?: [number, number, number] } | undefined;
      if (!item?.range) break;
      at = item.range;
      range = [at[0], Math.max(at[0] + 1, Math.min(at[1], at[0] + 1))];
      node = item;
    } else break;
  }
  return range;
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}
