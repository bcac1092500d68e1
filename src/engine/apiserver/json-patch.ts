/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * JSON Patch (RFC 6902), what `kubectl patch --type json` sends and the apiserver applies with
 * evanphx/json-patch (apiserver endpoints/handlers/patch.go applyJSPatch): `add`, `remove`,
 * `replace`, `move`, `copy`, `test`, in order; the first operation that cannot apply fails the
 * whole patch with the library's message.
 */
import { cloneData } from './clone.js';

type Json = unknown;

export class JsonPatchError extends Error {}

/** The path's tokens (RFC 6901: `~1` is `/`, `~0` is `~`). */
function tokens(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new JsonPatchError(`invalid path: ${path}`);
  return path.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: Json, path: string): { parent: any; key: string } {
  const t = tokens(path);
  if (!t.length) throw new JsonPatchError('cannot operate on the whole document');
  let cur: any = doc;
  for (const k of t.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object' || !(k in cur)) throw new JsonPatchError(`doc is missing path: "${path}": missing value`);
    cur = Array.isArray(cur) ? cur[Number(k)] : cur[k];
  }
  if (cur === null || typeof cur !== 'object') throw new JsonPatchError(`doc is missing path: "${path}": missing value`);
  return { parent: cur, key: t[t.length - 1]! };
}

function get(doc: Json, path: string): Json {
  let cur: any = doc;
  for (const k of tokens(path)) {
    if (cur === null || typeof cur !== 'object' || !(k in cur)) throw new JsonPatchError(`doc is missing path: "${path}": missing value`);
    cur = Array.isArray(cur) ? cur[Number(k)] : cur[k];
  }
  return cur;
}

function add(doc: Json, path: string, value: Json): void {
  const { parent, key } = parentOf(doc, path);
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(i) || i < 0 || i > parent.length) throw new JsonPatchError(`Unable to access invalid index: ${key}`);
    parent.splice(i, 0, value);
  } else parent[key] = value;
}

function remove(doc: Json, path: string): Json {
  const { parent, key } = parentOf(doc, path);
  if (Array.isArray(parent)) {
    const i = Number(key);
    if (!Number.isInteger(i) || i < 0 || i >= parent.length) throw new JsonPatchError(`Unable to remove nonexistent key: ${key}: missing value`);
    return parent.splice(i, 1)[0];
  }
  if (!(key in parent)) throw new JsonPatchError(`Unable to remove nonexistent key: ${key}: missing value`);
  const v = parent[key];
  delete parent[key];
  return v;
}

/** Apply `ops` to a copy of `target`; throws JsonPatchError. */
export function jsonPatch(target: Json, ops: unknown): Json {
  if (!Array.isArray(ops)) throw new JsonPatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  const doc = cloneData(target);
  for (const op of ops as { op?: string; path?: string; from?: string; value?: Json }[]) {
    const path = op?.path ?? '';
    switch (op?.op) {
      case 'add':
        add(doc, path, cloneData(op.value));
        break;
      case 'remove':
        remove(doc, path);
        break;
      case 'replace':
        remove(doc, path);
        add(doc, path, cloneData(op.value));
        break;
      case 'move': {
        const v = remove(doc, op.from ?? '');
        add(doc, path, v);
        break;
      }
      case 'copy':
        add(doc, path, cloneData(get(doc, op.from ?? '')));
        break;
      case 'test':
        if (JSON.stringify(get(doc, path)) !== JSON.stringify(op.value)) throw new JsonPatchError(`testing value ${path} failed: test failed`);
        break;
      default:
        throw new JsonPatchError(`Unexpected kind: ${String(op?.op)}`);
    }
  }
  return doc;
}
