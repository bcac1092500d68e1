/**
 * What `kubectl get` prints: the default table and `-o wide` (the columns of kubectl's
 * printers, pkg/printers/internalversion/printers.go, for the kinds the simulation serves),
 * `-o name` (the name printer), `-o json` / `-o yaml` (the object as the apiserver holds it; a
 * list is a `List`) and `-o jsonpath=TEMPLATE` (client-go util/jsonpath: fields, `[N]`, `[*]`,
 * filters `[?(@.k=="v")]`, `{range …}{end}` and quoted text).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { stringify } from 'yaml';
import type { KubeObject } from '../trace/types.js';
import { byKind } from '../engine/apiserver/resources.js';
import { podStatusText } from '../expect/state.js';

/** duration.HumanDuration (apimachinery pkg/util/duration). */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (h < 192) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (d < 365 * 2) return `${d}d`;
  const y = Math.floor(d / 365);
  if (d < 365 * 8) return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
  return `${y}y`;
}

/** Keys sorted, as kubectl's printers marshal unstructured objects. */
function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as any)[k])]));
  return v;
}

/** The whole answer as kubectl prints it for -o json|yaml: one object, or a List of them. */
function document(items: KubeObject[], single: boolean): unknown {
  if (single) return sorted(items[0]);
  return sorted({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });
}

export function printJson(items: KubeObject[], single: boolean): string[] {
  return JSON.stringify(document(items, single), null, 4).split('\n');
}

export function printYaml(items: KubeObject[], single: boolean): string[] {
  return stringify(document(items, single), { lineWidth: 0, indentSeq: false, version: '1.1' }).replace(/\n$/, '').split('\n');
}

type Col = [string, (o: any) => string];

const containers = (o: any) => ((o.spec?.template?.spec?.containers ?? []) as any[]);
const selectorText = (sel: any) => Object.entries(sel?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>';
const n = (v: unknown) => String(v ?? 0);

/** The columns of each kind: [table, extra for -o wide]. */
function columns(resource: string, nowMs: number, parse: (ts: string) => number): { cols: Col[]; wide: Col[] } {
  const age: Col = ['AGE', (o) => (o.metadata.creationTimestamp ? humanDuration(nowMs - parse(o.metadata.creationTimestamp)) : '<unknown>')];
  const name: Col = ['NAME', (o) => o.metadata.name];
  const images: Col[] = [['CONTAINERS', (o) => containers(o).map((c) => c.name).join(',')], ['IMAGES', (o) => containers(o).map((c) => c.image).join(',')]];
  switch (resource) {
    case 'pods':
      return {
        cols: [name, ['READY', (o) => `${(o.status?.containerStatuses ?? []).filter((c: any) => c.ready).length}/${(o.spec?.containers ?? []).length}`], ['STATUS', (o) => podStatusText(o)], ['RESTARTS', (o) => n(Math.max(0, ...((o.status?.containerStatuses ?? []) as any[]).map((c) => c.restartCount ?? 0)))], age],
        wide: [['IP', (o) => o.status?.podIP ?? '<none>'], ['NODE', (o) => o.spec?.nodeName ?? '<none>'], ['NOMINATED NODE', (o) => o.status?.nominatedNodeName ?? '<none>'], ['READINESS GATES', (o) => ((o.spec?.readinessGates ?? []) as any[]).length ? String(o.spec.readinessGates.length) : '<none>']],
      };
    case 'deployments':
      return {
        cols: [name, ['READY', (o) => `${n(o.status?.readyReplicas)}/${n(o.spec?.replicas)}`], ['UP-TO-DATE', (o) => n(o.status?.updatedReplicas)], ['AVAILABLE', (o) => n(o.status?.availableReplicas)], age],
        wide: [...images, ['SELECTOR', (o) => selectorText(o.spec?.selector)]],
      };
    case 'replicasets':
      return {
        cols: [name, ['DESIRED', (o) => n(o.spec?.replicas)], ['CURRENT', (o) => n(o.status?.replicas)], ['READY', (o) => n(o.status?.readyReplicas)], age],
        wide: [...images, ['SELECTOR', (o) => selectorText(o.spec?.selector)]],
      };
    case 'statefulsets':
      return { cols: [name, ['READY', (o) => `${n(o.status?.readyReplicas)}/${n(o.spec?.replicas)}`], age], wide: images };
    case 'daemonsets':
      return {
        cols: [name, ['DESIRED', (o) => n(o.status?.desiredNumberScheduled)], ['CURRENT', (o) => n(o.status?.currentNumberScheduled)], ['READY', (o) => n(o.status?.numberReady)], ['UP-TO-DATE', (o) => n(o.status?.updatedNumberScheduled)], ['AVAILABLE', (o) => n(o.status?.numberAvailable)], ['NODE SELECTOR', (o) => Object.entries(o.spec?.template?.spec?.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>'], age],
        wide: [...images, ['SELECTOR', (o) => selectorText(o.spec?.selector)]],
      };
    case 'controllerrevisions':
      return { cols: [name, ['CONTROLLER', (o) => { const r = (o.metadata.ownerReferences ?? []).find((x: any) => x.controller); return r ? `${r.kind.toLowerCase()}.${String(r.apiVersion).split('/')[0]}/${r.name}` : '<none>'; }], ['REVISION', (o) => n(o.revision)], age], wide: [] };
    case 'nodes':
      return {
        cols: [name, ['STATUS', (o) => { const r = ((o.status?.conditions ?? []) as any[]).find((c) => c.type === 'Ready'); return `${r?.status === 'True' ? 'Ready' : r?.status === 'False' ? 'NotReady' : 'Unknown'}${o.spec?.unschedulable ? ',SchedulingDisabled' : ''}`; }], ['ROLES', () => '<none>'], age, ['VERSION', (o) => o.status?.nodeInfo?.kubeletVersion ?? '']],
        wide: [['INTERNAL-IP', (o) => ((o.status?.addresses ?? []) as any[]).find((a) => a.type === 'InternalIP')?.address ?? '<none>'], ['EXTERNAL-IP', () => '<none>'], ['OS-IMAGE', (o) => o.status?.nodeInfo?.osImage ?? '<unknown>'], ['KERNEL-VERSION', (o) => o.status?.nodeInfo?.kernelVersion ?? '<unknown>'], ['CONTAINER-RUNTIME', (o) => o.status?.nodeInfo?.containerRuntimeVersion ?? '<unknown>']],
      };
    case 'services':
      return {
        cols: [name, ['TYPE', (o) => o.spec?.type ?? 'ClusterIP'], ['CLUSTER-IP', (o) => o.spec?.clusterIP ?? '<none>'], ['EXTERNAL-IP', () => '<none>'], ['PORT(S)', (o) => ((o.spec?.ports ?? []) as any[]).map((p) => `${p.port}${p.nodePort ? ':' + p.nodePort : ''}/${p.protocol ?? 'TCP'}`).join(',') || '<none>'], age],
        wide: [['SELECTOR', (o) => Object.entries(o.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>']],
      };
    case 'namespaces':
      return { cols: [name, ['STATUS', (o) => o.status?.phase ?? 'Active'], age], wide: [] };
    // The CRD's additionalPrinterColumns in apiextensions-apiserver (pkg/registry/customresourcedefinition): NAME, CREATED AT.
    case 'customresourcedefinitions':
      return { cols: [name, ['CREATED AT', (o) => o.metadata.creationTimestamp ?? '']], wide: [] };
    case 'configmaps':
      return { cols: [name, ['DATA', (o) => n(Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length)], age], wide: [] };
    case 'secrets':
      return { cols: [name, ['TYPE', (o) => o.type ?? 'Opaque'], ['DATA', (o) => n(Object.keys(o.data ?? {}).length)], age], wide: [] };
    case 'poddisruptionbudgets':
      return { cols: [name, ['MIN AVAILABLE', (o) => (o.spec?.minAvailable !== undefined ? String(o.spec.minAvailable) : 'N/A')], ['MAX UNAVAILABLE', (o) => (o.spec?.maxUnavailable !== undefined ? String(o.spec.maxUnavailable) : 'N/A')], ['ALLOWED DISRUPTIONS', (o) => n(o.status?.disruptionsAllowed)], age], wide: [] };
    case 'serviceaccounts':
      return { cols: [name, ['SECRETS', (o) => n((o.secrets ?? []).length)], age], wide: [] };
    default:
      return { cols: [name, age], wide: [] };
  }
}

/** The table kubectl prints (tabwriter, padding 3), with `-o wide` columns when asked. */
export function printTable(resource: string, items: KubeObject[], wide: boolean, nowMs: number, parse: (ts: string) => number): string[] {
  const { cols, wide: extra } = columns(resource, nowMs, parse);
  const all = wide ? [...cols, ...extra] : cols;
  const rows = [all.map((c) => c[0]), ...items.map((o) => all.map((c) => c[1](o)))];
  const widths = all.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]! + 3) : c)).join('').trimEnd());
}

/** -o name: `deployment.apps/web` (the name printer). */
export function printNames(items: KubeObject[]): string[] {
  return items.map((o) => {
    // The object's own apiVersion names the group (custom resources too).
    const group = o.apiVersion?.includes('/') ? o.apiVersion.split('/')[0] : byKind(o.kind)?.group;
    return `${o.kind.toLowerCase()}${group ? '.' + group : ''}/${o.metadata.name}`;
  });
}

// ---- jsonpath -------------------------------------------------------------------------------

type Seg = { field: string } | { index: number } | { all: true } | { filter: { path: string[]; op: string; value: string } };

function parsePath(expr: string): Seg[] {
  const segs: Seg[] = [];
  let i = 0;
  const s = expr.trim();
  while (i < s.length) {
    if (s[i] === '.') {
      i++;
      let j = i;
      while (j < s.length && s[j] !== '.' && s[j] !== '[') {
        if (s[j] === '\\') j++;
        j++;
      }
      if (j > i) segs.push({ field: s.slice(i, j).replace(/\\(.)/g, '$1') });
      i = j;
    } else if (s[i] === '[') {
      const j = s.indexOf(']', i);
      const inner = s.slice(i + 1, j < 0 ? s.length : j).trim();
      i = j < 0 ? s.length : j + 1;
      if (inner === '*') segs.push({ all: true });
      else if (/^-?\d+$/.test(inner)) segs.push({ index: Number(inner) });
      else {
        const m = /^\?\(@((?:\.[\w-]+)+)\s*(==|!=)\s*["']?([^"')]*)["']?\)$/.exec(inner);
        if (m) segs.push({ filter: { path: m[1]!.split('.').slice(1), op: m[2]!, value: m[3]! } });
        else if (/^['"].*['"]$/.test(inner)) segs.push({ field: inner.slice(1, -1) });
        else throw new Error(`unrecognized identifier ${inner}`);
      }
    } else if (s[i] === '@' || s[i] === '$') i++;
    else throw new Error(`unrecognized character in action: ${s[i]}`);
  }
  return segs;
}

function evalPath(roots: unknown[], segs: Seg[]): unknown[] {
  let cur = roots;
  for (const seg of segs) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (v === null || v === undefined) continue;
      if ('field' in seg) {
        if (typeof v === 'object' && !Array.isArray(v) && seg.field in (v as object)) next.push((v as any)[seg.field]);
      } else if ('index' in seg) {
        if (Array.isArray(v)) {
          const x = v[seg.index < 0 ? v.length + seg.index : seg.index];
          if (x !== undefined) next.push(x);
        }
      } else if ('all' in seg) {
        if (Array.isArray(v)) next.push(...v);
        else if (typeof v === 'object') next.push(...Object.values(v as object));
      } else if (Array.isArray(v)) {
        for (const x of v) {
          const got = evalPath([x], seg.filter.path.map((field) => ({ field })))[0];
          const eq = got !== undefined && String(got) === seg.filter.value;
          if (seg.filter.op === '==' ? eq : !eq) next.push(x);
        }
      }
    }
    cur = next;
  }
  return cur;
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Evaluate a kubectl jsonpath template against `data` (an object, or the List of a list). */
export function jsonPath(template: string, data: unknown): string {
  // Tokens: literal text and {…} actions.
  const tokens: { kind: 'text' | 'action'; v: string }[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      tokens.push({ kind: 'text', v: template.slice(i) });
      break;
    }
    if (open > i) tokens.push({ kind: 'text', v: template.slice(i, open) });
    const close = template.indexOf('}', open);
    if (close < 0) throw new Error('unclosed action');
    tokens.push({ kind: 'action', v: template.slice(open + 1, close).trim() });
    i = close + 1;
  }
  const run = (toks: typeof tokens, scope: unknown): string => {
    let out = '';
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k]!;
      if (t.kind === 'text') {
        out += t.v;
        continue;
      }
      if (t.v.startsWith('range ')) {
        let depth = 1;
        let j = k + 1;
        for (; j < toks.length; j++) {
          if (toks[j]!.kind === 'action' && toks[j]!.v.startsWith('range ')) depth++;
          if (toks[j]!.kind === 'action' && toks[j]!.v === 'end' && --depth === 0) break;
        }
        for (const item of evalPath([scope], parsePath(t.v.slice(6)))) out += run(toks.slice(k + 1, j), item);
        k = j;
        continue;
      }
      if (/^".*"$/.test(t.v) || /^'.*'$/.test(t.v)) {
        out += t.v.slice(1, -1).replace(/\\n/g, '\n').replace(/\\t/g, '\t');
        continue;
      }
      out += evalPath([scope], parsePath(t.v)).map(text).join(' ');
    }
    return out;
  };
  return run(tokens, data);
}

/** The lines `kubectl get -o FORMAT` prints, or an error text. */
export function printObjects(resource: string, items: KubeObject[], single: boolean, output: string | undefined, nowMs: number, parse: (ts: string) => number): { lines: string[]; error?: string } {
  if (output === undefined || output === 'wide') return { lines: printTable(resource, items, output === 'wide', nowMs, parse) };
  if (output === 'name') return { lines: printNames(items) };
  if (output === 'json') return { lines: printJson(items, single) };
  if (output === 'yaml') return { lines: printYaml(items, single) };
  const m = /^jsonpath=(.*)$/s.exec(output);
  if (m) {
    try {
      const data = single ? items[0] : { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
      return { lines: jsonPath(m[1]!.replace(/^'(.*)'$/s, '$1'), data).split('\n') };
    } catch (e) {
      return { lines: [], error: `error parsing jsonpath ${m[1]}, ${(e as Error).message}` };
    }
  }
  return { lines: [], error: `unable to match a printer suitable for the output format "${output}", allowed formats are: json,jsonpath,name,wide,yaml` };
}
