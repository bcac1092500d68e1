/**
 * What kscn does not simulate is an error of `kscn check`, never a silent drop (LANGUAGE.md
 * §12.1): every Kubernetes object of a file's YAML is looked up in the tables of
 * `src/simulated.ts` — its kind (served, refused, or unknown: "no matches for kind", unless a
 * CustomResourceDefinition of the file declares it) and the fields of each pod spec it holds
 * (refused fields, and unknown ones as kubectl's strict field validation reports them). Each
 * error points at the word in the YAML and names what is simulated instead.
 */
import { isMap, isScalar, isSeq, LineCounter, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import type { Span } from './ast.js';
import type { Diagnostic } from './diagnostics.js';
import { Code } from './codes.js';
import { closest } from './did-you-mean.js';
import { KINDS, POD_FIELDS, SPEC_FIELDS, kindEntries, kindEntry, type FieldEntry } from '../simulated.js';
import type { YamlPlace } from './yaml-check.js';
import { checkProbePorts } from './probe-ports.js';
import { customType, customWords } from '../engine/apiserver/resources.js';
import { yamlDocuments } from '../manifests/yaml-docs.js';

/** Custom kinds a file declares with CustomResourceDefinitions: `group/version` + kind. */
export type CustomKinds = Set<string>;

const SEE = 'see docs/simulated.md';

/** Read the custom kinds a YAML text declares (CustomResourceDefinition spec.group, versions, names.kind). */
export function customKinds(text: string, into: CustomKinds = new Set()): CustomKinds {
  for (const o of crdObjects(text)) {
    const spec = o.spec as Record<string, unknown>;
    const kind = isObj(spec.names) ? (spec.names as Record<string, unknown>).kind : undefined;
    if (typeof spec.group !== 'string' || typeof kind !== 'string' || !Array.isArray(spec.versions)) continue;
    for (const ver of spec.versions) if (isObj(ver) && typeof ver.name === 'string') into.add(`${spec.group}/${ver.name}\0${kind}`);
  }
  return into;
}

/** The kubectl words of the custom resources a YAML text's CRDs declare (`widgets`, `widget`, `wd` … → `widgets`). */
export function customResourceWords(text: string, into: Map<string, string> = new Map()): Map<string, string> {
  for (const crd of crdObjects(text)) {
    const t = customType(crd as { spec?: unknown });
    if (t) for (const w of customWords(t)) if (!into.has(w)) into.set(w, t.resource);
  }
  return into;
}

/** The CustomResourceDefinitions of a YAML text (kind: List items included). */
export function crdObjects(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let docs;
  try {
    docs = yamlDocuments(text).docs;
  } catch {
    return out;
  }
  for (const doc of Array.isArray(docs) ? docs : []) {
    if (doc.errors.length) continue;
    let v: unknown;
    try {
      v = doc.toJS({ maxAliasCount: 100 });
    } catch {
      continue;
    }
    const objs = isObj(v) && v.kind === 'List' && Array.isArray(v.items) ? v.items : [v];
    for (const o of objs) if (isObj(o) && o.kind === 'CustomResourceDefinition' && isObj(o.spec)) out.push(o);
  }
  return out;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Check every object of a YAML text against the tables; returns the diagnostics. */
export function checkSimulated(text: string, place: YamlPlace, custom: CustomKinds): Diagnostic[] {
  const out: Diagnostic[] = [];
  let lc = new LineCounter();
  let docs;
  try {
    ({ docs, lineCounter: lc } = yamlDocuments(text));
  } catch {
    return out;
  }
  const spanOf = (node: YamlNode | Pair['key'] | undefined | null): Span => {
    const range = (node as { range?: [number, number, number] } | undefined)?.range ?? [0, 1, 1];
    const [from, to] = range;
    const p = lc.linePos(from);
    const length = Math.max(1, to - from);
    if (place.kind === 'file') return place.src.span(from, from + length);
    const line = (place.source.textLine ?? place.source.span.start.line) + p.line - 1;
    const col = (place.source.textIndent ?? 0) + p.col;
    const start = place.src.lineStart(line) + col - 1;
    return place.src.span(start, start + length);
  };
  const report = (message: string, node: YamlNode | Pair['key'] | undefined | null, hint?: string) =>
    out.push({ code: Code.NotSimulated, severity: 'error', message, span: spanOf(node), ...(hint ? { hint } : {}) });

  const checkObject = (node: YAMLMap) => {
    const apiVersion = scalar(node, 'apiVersion');
    const kindPair = pairOf(node, 'kind');
    const kind = kindPair && isScalar(kindPair.value) ? String(kindPair.value.value) : undefined;
    if (typeof apiVersion !== 'string' || !kind) return; // yaml-check reports the missing fields
    if (kind === 'List' && apiVersion === 'v1') {
      const items = node.get('items', true);
      if (isSeq(items)) for (const item of items.items) if (isMap(item)) checkObject(item);
      return;
    }
    const at = kindPair!.value as YamlNode;
    const entry = kindEntry(apiVersion, kind);
    if (!entry) {
      if (custom.has(`${apiVersion}\0${kind}`)) return; // a custom resource: stored and served once its CRD is applied
      const others = kindEntries(kind);
      const served = others.find((e) => e.support !== 'refused');
      const message = `no matches for kind "${kind}" in version "${apiVersion}"`;
      if (served) return report(message, at, `kscn serves ${kind} as apiVersion: ${served.apiVersion}`);
      if (others[0]) return report(`kscn does not simulate ${kind} (${others[0].apiVersion}): ${others[0].what}`, at, others[0].instead ? `${others[0].instead} (${SEE})` : SEE);
      const near = closest(kind, KINDS.filter((k) => k.support !== 'refused').map((k) => k.kind));
      return report(message, at, near ? `did you mean ${near}? (${SEE})` : `no CustomResourceDefinition in this file declares it (a custom resource needs its CRD applied first); ${SEE}`);
    }
    if (entry.support === 'refused') return report(`kscn does not simulate ${kind} (${apiVersion}): ${entry.what}`, at, entry.instead ? `${entry.instead} (${SEE})` : SEE);
    for (const f of SPEC_FIELDS) {
      if (f.kind !== kind || f.support !== 'refused') continue;
      const parts = f.path.split('.');
      const parent = parts.length > 1 ? node.getIn(parts.slice(0, -1), true) : node;
      if (!isMap(parent)) continue;
      const pair = pairOf(parent, parts[parts.length - 1]!);
      if (pair && !isEmpty(pair.value as YamlNode | null)) report(`kscn does not simulate ${f.path}: ${f.what}`, pair.key, hint(f));
    }
    for (const path of entry.podSpecs ?? []) {
      const spec = node.getIn(path.split('.'), true);
      if (isMap(spec)) {
        checkFields(spec, '', path, true);
        checkProbePorts(spec, path, (message, n, hint) => out.push({ code: 'W-PROBE-PORT', severity: 'warning', message, span: spanOf(n), hint }));
      }
    }
  };

  /** The fields of a map at table path `prefix` (`''` for the pod spec, `containers[].` for a container). */
  const checkFields = (map: YAMLMap, prefix: string, shown: string, strict: boolean) => {
    const here = POD_FIELDS.filter((f) => f.path.startsWith(prefix) && !f.path.slice(prefix.length).includes('.') && !f.path.slice(prefix.length).includes('['));
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) continue;
      const path = prefix + key;
      const where = `${shown}.${key}`;
      const entry = POD_FIELDS.find((f) => f.path === path);
      if (!entry) {
        if (strict) {
          const near = closest(key, here.map((f) => f.path.slice(prefix.length)));
          report(`unknown field "${where}"`, pair.key, near ? `did you mean ${near}?` : `kubectl's strict field validation refuses it; ${SEE}`);
        }
        continue;
      }
      const value = pair.value as YamlNode | null;
      if (entry.support === 'refused') {
        if (isEmpty(value)) continue;
        if (key === 'volumes' && isSeq(value)) {
          volumes(value.items, path, where, entry);
          continue;
        }
        report(`kscn does not simulate ${where}: ${entry.what}`, pair.key, hint(entry));
        continue;
      }
      if (isMap(value) && POD_FIELDS.some((f) => f.path.startsWith(path + '.'))) checkFields(value, path + '.', where, false);
      if (isSeq(value)) {
        const container = key === 'containers' || key === 'initContainers';
        const itemPrefix = container && prefix === '' ? 'containers[].' : path + '[].';
        if (!POD_FIELDS.some((f) => f.path.startsWith(itemPrefix))) continue;
        value.items.forEach((item, i) => {
          if (isMap(item)) checkFields(item, itemPrefix, `${where}[${i}]`, container && prefix === '');
        });
      }
    }
  };

  /** `volumes`: refused but for the kinds with an entry of their own (emptyDir). */
  const volumes = (items: unknown[], path: string, where: string, entry: FieldEntry) => {
    items.forEach((item, i) => {
      if (!isMap(item)) return;
      for (const pair of item.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        if (key === 'name') continue;
        const sub = POD_FIELDS.find((f) => f.path === `${path}[].${key}`);
        if (sub && sub.support !== 'refused') continue;
        report(`kscn does not simulate ${where}[${i}].${key} (a ${key} volume): ${entry.what}`, pair.key, hint(entry));
      }
    });
  };

  for (const doc of Array.isArray(docs) ? docs : []) {
    if (doc.errors.length || !isMap(doc.contents)) continue;
    checkObject(doc.contents);
  }
  return out;
}

function hint(entry: FieldEntry): string {
  return entry.instead ? `${entry.instead} (${SEE})` : SEE;
}

function isEmpty(v: YamlNode | null): boolean {
  if (v === null || v === undefined) return true;
  if (isScalar(v)) return v.value === null;
  if (isSeq(v)) return v.items.length === 0;
  if (isMap(v)) return v.items.length === 0;
  return false;
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair | undefined;
}

function scalar(map: YAMLMap, key: string): unknown {
  const p = pairOf(map, key);
  return p && isScalar(p.value) ? p.value.value : undefined;
}
