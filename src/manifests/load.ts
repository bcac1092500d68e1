/**
 * Kubernetes YAML (one or many documents) → objects. Errors are values, with the line of the
 * YAML where they were found.
 */
import { yamlDocuments } from './yaml-docs.js';
import type { KubeObject } from '../trace/types.js';

export interface ManifestError {
  message: string;
  /** 1-based line within the YAML text. */
  line: number;
  col: number;
}

/** Parse every document; empty documents are skipped. Aliases are limited (no alias bombs). */
export function loadManifests(text: string): { objects: KubeObject[]; errors: ManifestError[] } {
  const objects: KubeObject[] = [];
  const errors: ManifestError[] = [];
  let docs;
  try {
    docs = yamlDocuments(text).docs;
  } catch (e) {
    return { objects, errors: [{ message: `not valid YAML: ${(e as Error).message}`, line: 1, col: 1 }] };
  }
  const list = Array.isArray(docs) ? docs : [docs];
  const lineOf = lineFinder(text);
  for (const doc of list) {
    if (doc.errors.length) {
      for (const err of doc.errors) {
        const pos = err.linePos?.[0];
        errors.push({ message: err.message.split('\n')[0]!, line: pos?.line ?? 1, col: pos?.col ?? 1 });
      }
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      errors.push({ message: (e as Error).message.split('\n')[0]!, line: lineOf(doc.range?.[0] ?? 0), col: 1 });
      continue;
    }
    if (value === null || value === undefined) continue;
    const line = lineOf(doc.range?.[0] ?? 0);
    const why = shapeProblem(value);
    if (why) {
      errors.push({ message: why, line, col: 1 });
      continue;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      errors.push({ message: 'a Kubernetes object must be a YAML mapping with apiVersion, kind and metadata', line, col: 1 });
      continue;
    }
    const obj = value as Record<string, unknown>;
    if (obj.kind === 'List' && Array.isArray(obj.items)) {
      for (const item of obj.items) objects.push(item as KubeObject);
      continue;
    }
    const missing = ['apiVersion', 'kind'].filter((k) => typeof obj[k] !== 'string');
    if (missing.length === 2 && typeof obj.metadata !== 'object') {
      // Not a manifest at all (a file read by mistake): its content is not echoed.
      errors.push({ message: 'not a Kubernetes manifest: it has no apiVersion and no kind', line, col: 1 });
      continue;
    }
    if (missing.length) {
      errors.push({ message: `Object 'Kind' is missing in '${JSON.stringify(obj).slice(0, 80)}'`.replace("'Kind'", `'${missing[0] === 'kind' ? 'Kind' : 'apiVersion'}'`), line, col: 1 });
      continue;
    }
    if (typeof obj.metadata !== 'object' || obj.metadata === null) obj.metadata = {};
    objects.push(obj as unknown as KubeObject);
  }
  return { objects, errors };
}

/** The 1-based line of an offset, by binary search over the line starts (a file of many documents stays linear). */
function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** The most levels of nesting a manifest may have (a real one has a few dozen). */
export const MAX_YAML_DEPTH = 100;

/**
 * A YAML value no JSON can hold: an alias that refers to the node it is in (`a: &x { b: *x }`
 * makes a cycle), or nesting deeper than MAX_YAML_DEPTH — a plain message instead of a stack
 * overflow while running.
 */
export function shapeProblem(value: unknown): string | undefined {
  const open = new Set<unknown>();
  const walk = (v: unknown, depth: number): string | undefined => {
    if (typeof v !== 'object' || v === null) return undefined;
    if (open.has(v)) return 'a YAML alias refers to the node that contains it (a cycle): a Kubernetes object cannot hold itself';
    if (depth > MAX_YAML_DEPTH) return `the YAML is nested more than ${MAX_YAML_DEPTH} levels deep`;
    open.add(v);
    for (const x of Array.isArray(v) ? v : Object.values(v)) {
      const why = walk(x, depth + 1);
      if (why) return why;
    }
    open.delete(v);
    return undefined;
  };
  return walk(value, 0);
}
