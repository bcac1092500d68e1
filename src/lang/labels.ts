/**
 * Label selectors as `kubectl -l` takes them (LANGUAGE.md §2): `app=web`, `app==web`,
 * `app!=web`, `app in (a,b)`, `app notin (a,b)`, `app`, `!app`, comma-separated.
 */
import type { LabelRequirement } from './ast.js';

const KEY = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?\/)?[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const VALUE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)?$/;

/** Is this a valid label key (`[prefix/]name`)? */
export function isLabelKey(key: string): boolean {
  return key.length <= 316 && KEY.test(key);
}

/** Is this a valid label value (may be empty)? */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && VALUE.test(value);
}

/** Split at commas that are not inside parentheses. */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

function parseOne(part: string): LabelRequirement | undefined {
  const set = /^(\S+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(part);
  if (set) {
    const values = set[3]!.split(',').map((v) => v.trim());
    if (!isLabelKey(set[1]!) || !values.every(isLabelValue)) return undefined;
    return { op: set[2] === 'in' ? 'in' : 'notin', key: set[1]!, values };
  }
  const ne = /^([^=!\s]+)\s*!=\s*(\S*)$/.exec(part);
  if (ne) return isLabelKey(ne[1]!) && isLabelValue(ne[2]!) ? { op: '!=', key: ne[1]!, value: ne[2]! } : undefined;
  const eq = /^([^=!\s]+)\s*==?\s*(\S*)$/.exec(part);
  if (eq) return isLabelKey(eq[1]!) && isLabelValue(eq[2]!) ? { op: '=', key: eq[1]!, value: eq[2]! } : undefined;
  if (part.startsWith('!')) return isLabelKey(part.slice(1)) ? { op: '!exists', key: part.slice(1) } : undefined;
  return isLabelKey(part) ? { op: 'exists', key: part } : undefined;
}

/** Parse a selector; undefined when any part of it is not a valid requirement. */
export function parseSelector(text: string): LabelRequirement[] | undefined {
  const parts = splitTop(text.trim());
  if (parts.length === 1 && parts[0] === '') return [];
  const out: LabelRequirement[] = [];
  for (const p of parts) {
    const r = parseOne(p);
    if (!r) return undefined;
    out.push(r);
  }
  return out;
}

/** Do these labels satisfy every requirement? (An empty selector matches everything.) */
export function matchesSelector(reqs: LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case '=':
        return has && l[r.key] === r.value;
      case '!=':
        return !has || l[r.key] !== r.value;
      case 'in':
        return has && r.values.includes(l[r.key]!);
      case 'notin':
        return !has || !r.values.includes(l[r.key]!);
      case 'exists':
        return has;
      case '!exists':
        return !has;
    }
  });
}

/** A selector as text (`app=web,tier in (a,b)`), the inverse of `parseSelector`. */
export function formatSelector(reqs: LabelRequirement[]): string {
  return reqs
    .map((r) => {
      switch (r.op) {
        case '=':
        case '!=':
          return `${r.key}${r.op}${r.value}`;
        case 'in':
        case 'notin':
          return `${r.key} ${r.op} (${r.values.join(',')})`;
        case 'exists':
          return r.key;
        case '!exists':
          return `!${r.key}`;
      }
    })
    .join(',');
}
