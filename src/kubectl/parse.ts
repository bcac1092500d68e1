/**
 * kubectl command lines → typed commands (the subset of LANGUAGE.md §6), with kubectl's flag
 * syntax: `--replicas=3` and `--replicas 3`, short flags `-n`, `-l`, `-f`. Every error points at
 * the offending word or flag of the line.
 */
import type { DeleteTarget, KubectlCommand, KubectlError } from './types.js';
import { closest } from '../lang/did-you-mean.js';
import { commandEntry, KINDS } from '../simulated.js';

/** A command the tables of src/simulated.ts refuse: the error says what it is and what to write instead. */
function refused(arg: Arg, raw: string, command: string): void {
  const e = commandEntry(command);
  if (!e || e.support !== 'refused') return;
  let instead = e.instead;
  // `rollout status deployment/api` → the same deployment in the hint.
  const target = /\bdeployments?(?:\.apps)?(?:\/|\s+)([a-z0-9][a-z0-9.-]*)/.exec(raw.slice(arg.offset));
  if (instead && target) instead = instead.replace(/deployment web\b/, `deployment ${target[1]}`);
  fail(arg, raw, `kubectl ${command} is not simulated${e.what ? `: ${e.what}` : ''}`, instead ? `write instead: ${instead}` : undefined);
}

export interface Arg {
  text: string;
  offset: number;
  /** How many characters of the line it spans, quotes included. */
  length?: number;
}

/** Split a command line into words (single and double quotes group; no escapes beyond `\"`). */
export function splitArgs(raw: string): Arg[] {
  const out: Arg[] = [];
  let i = 0;
  while (i < raw.length) {
    while (i < raw.length && /\s/.test(raw[i]!)) i++;
    if (i >= raw.length) break;
    const start = i;
    let text = '';
    while (i < raw.length && !/\s/.test(raw[i]!)) {
      const ch = raw[i]!;
      if (ch === '"' || ch === "'") {
        const close = raw.indexOf(ch, i + 1);
        const end = close < 0 ? raw.length : close;
        text += raw.slice(i + 1, end);
        i = close < 0 ? raw.length : close + 1;
      } else {
        text += ch;
        i++;
      }
    }
    out.push({ text, offset: start, length: i - start });
  }
  return out;
}

/** The kubectl subcommands the simulation runs (LANGUAGE.md §6, §12.2). */
export const SUBCOMMANDS = ['run', 'create', 'apply', 'delete', 'scale', 'set', 'rollout', 'cordon', 'uncordon', 'drain', 'taint', 'label', 'annotate', 'patch', 'expose', 'get', 'wait'];

/** Flags each subcommand takes (long names without dashes; short ones are mapped). Boolean flags take no value. */
export const FLAGS: Record<string, { values: string[]; booleans: string[] }> = {
  run: { values: ['image', 'restart', 'labels', 'namespace', 'port'], booleans: [] },
  'create deployment': { values: ['image', 'replicas', 'port', 'namespace'], booleans: [] },
  'create namespace': { values: [], booleans: [] },
  'create job': { values: ['image', 'from', 'namespace'], booleans: [] },
  'create cronjob': { values: ['image', 'schedule', 'restart', 'namespace'], booleans: [] },
  'create configmap': { values: ['from-literal', 'namespace'], booleans: [] },
  'create secret generic': { values: ['from-literal', 'type', 'namespace'], booleans: [] },
  'create serviceaccount': { values: ['namespace'], booleans: [] },
  create: { values: ['filename', 'namespace'], booleans: [] },
  apply: { values: ['filename', 'namespace'], booleans: [] },
  delete: { values: ['filename', 'selector', 'namespace', 'grace-period'], booleans: ['force', 'now', 'wait'] },
  scale: { values: ['replicas', 'namespace'], booleans: [] },
  'set image': { values: ['namespace'], booleans: [] },
  'rollout restart': { values: ['namespace'], booleans: [] },
  'rollout status': { values: ['namespace', 'timeout', 'revision'], booleans: ['watch'] },
  'rollout history': { values: ['namespace'], booleans: [] },
  'rollout undo': { values: ['namespace', 'to-revision'], booleans: [] },
  'rollout pause': { values: ['namespace'], booleans: [] },
  'rollout resume': { values: ['namespace'], booleans: [] },
  wait: { values: ['namespace', 'for', 'timeout', 'selector'], booleans: ['all'] },
  cordon: { values: [], booleans: [] },
  uncordon: { values: [], booleans: [] },
  drain: { values: ['timeout'], booleans: ['ignore-daemonsets', 'delete-emptydir-data', 'force'] },
  taint: { values: [], booleans: ['overwrite'] },
  label: { values: ['namespace'], booleans: ['overwrite'] },
  annotate: { values: ['namespace'], booleans: ['overwrite'] },
  patch: { values: ['patch', 'type', 'namespace'], booleans: [] },
  expose: { values: ['port', 'target-port', 'namespace', 'type'], booleans: [] },
  get: { values: ['namespace', 'selector', 'output'], booleans: [] },
};

const SHORT: Record<string, string> = { n: 'namespace', l: 'selector', f: 'filename', o: 'output', p: 'patch' };

class KubectlParseError extends Error {
  constructor(readonly detail: KubectlError) {
    super(detail.message);
  }
}

function fail(arg: Arg | undefined, raw: string, message: string, hint?: string): never {
  const offset = arg ? arg.offset : raw.length;
  const length = arg ? Math.max(1, arg.length ?? arg.text.length) : 1;
  throw new KubectlParseError({ message, hint, offset, length });
}

interface Parsed {
  positionals: Arg[];
  flags: Map<string, { value: string; arg: Arg }>;
  /** The words after `--` (create job / create cronjob: the container's command). */
  command?: Arg[];
  /** Every occurrence of a flag given more than once (`--from-literal`), in order. */
  all: Map<string, { value: string; arg: Arg }[]>;
}

/** Subcommands that take a container command after `--`. */
const TAKES_COMMAND = new Set(['create job', 'create cronjob']);

function parseFlags(args: Arg[], spec: { values: string[]; booleans: string[] }, raw: string, sub: string): Parsed {
  const positionals: Arg[] = [];
  const flags = new Map<string, { value: string; arg: Arg }>();
  const all = new Map<string, { value: string; arg: Arg }[]>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.text.startsWith('-') || a.text === '-') {
      positionals.push(a);
      continue;
    }
    if (a.text === '--' && TAKES_COMMAND.has(sub)) return { positionals, flags, command: args.slice(i + 1), all };
    if (a.text === '--') fail(a, raw, `kubectl ${sub}: a command after \`--\` is not supported by the simulation`, 'containers run their image\'s own command');
    let name: string;
    let value: string | undefined;
    if (a.text.startsWith('--')) {
      const eq = a.text.indexOf('=');
      name = eq < 0 ? a.text.slice(2) : a.text.slice(2, eq);
      if (eq >= 0) value = a.text.slice(eq + 1);
    } else {
      const short = a.text.slice(1, 2);
      name = SHORT[short] ?? short;
      if (a.text.length > 2) value = a.text.slice(2).replace(/^=/, '');
    }
    const known = [...spec.values, ...spec.booleans];
    if (!known.includes(name)) {
      const near = closest(name, known);
      fail(a, raw, `kubectl ${sub} does not support the flag ${a.text.split('=')[0]} here`, near ? `did you mean --${near}?` : known.length ? `supported flags: ${known.map((f) => '--' + f).join(', ')}` : `kubectl ${sub} takes no flags here`);
    }
    if (spec.booleans.includes(name)) {
      if (value !== undefined && value !== 'true' && value !== 'false') fail(a, raw, `--${name} takes true or false, not "${value}"`);
      flags.set(name, { value: value ?? 'true', arg: a });
      (all.get(name) ?? all.set(name, []).get(name)!).push({ value: value ?? 'true', arg: a });
      continue;
    }
    if (value === undefined) {
      const next = args[i + 1];
      if (!next) fail(a, raw, `flag ${a.text} needs a value`, a.text.startsWith('--') ? `write ${a.text}=VALUE` : `write ${a.text} VALUE`);
      value = next.text;
      i++;
    }
    flags.set(name, { value, arg: a });
    (all.get(name) ?? all.set(name, []).get(name)!).push({ value, arg: a });
  }
  return { positionals, flags, all };
}

function int(flag: { value: string; arg: Arg } | undefined, raw: string, name: string, min = 0): number | undefined {
  if (!flag) return undefined;
  if (!/^-?\d+$/.test(flag.value)) fail(flag.arg, raw, `--${name} must be a whole number, not "${flag.value}"`);
  const n = Number(flag.value);
  if (n < min) fail(flag.arg, raw, `--${name} must be at least ${min}, not ${n}`);
  return n;
}

function one(p: Parsed, raw: string, what: string, usage: string, from = 0): Arg {
  const a = p.positionals[from];
  if (!a) fail(undefined, raw, `missing ${what}`, `usage: kubectl ${usage}`);
  const extra = p.positionals[from + 1];
  if (extra) fail(extra, raw, `unexpected argument "${extra.text}"`, `usage: kubectl ${usage}`);
  return a;
}

function parseLabels(text: string, arg: Arg, raw: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const part of text.split(',')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq <= 0) fail(arg, raw, `"${part}" is not a label (write key=value)`);
    labels[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return labels;
}

const RESOURCE_ALIASES: Record<string, string> = {
  po: 'pods', pod: 'pods', pods: 'pods',
  deploy: 'deployments', deployment: 'deployments', deployments: 'deployments',
  rs: 'replicasets', replicaset: 'replicasets', replicasets: 'replicasets',
  sts: 'statefulsets', statefulset: 'statefulsets', statefulsets: 'statefulsets',
  ds: 'daemonsets', daemonset: 'daemonsets', daemonsets: 'daemonsets',
  controllerrevision: 'controllerrevisions', controllerrevisions: 'controllerrevisions',
  job: 'jobs', jobs: 'jobs',
  cj: 'cronjobs', cronjob: 'cronjobs', cronjobs: 'cronjobs',
  svc: 'services', service: 'services', services: 'services',
  no: 'nodes', node: 'nodes', nodes: 'nodes',
  ns: 'namespaces', namespace: 'namespaces', namespaces: 'namespaces',
  ep: 'endpoints', endpoints: 'endpoints',
  endpointslice: 'endpointslices', endpointslices: 'endpointslices',
  pc: 'priorityclasses', priorityclass: 'priorityclasses', priorityclasses: 'priorityclasses',
  ev: 'events', event: 'events', events: 'events',
  lease: 'leases', leases: 'leases',
  crd: 'customresourcedefinitions', crds: 'customresourcedefinitions', customresourcedefinition: 'customresourcedefinitions', customresourcedefinitions: 'customresourcedefinitions',
  cm: 'configmaps', configmap: 'configmaps', configmaps: 'configmaps',
  secret: 'secrets', secrets: 'secrets',
  sa: 'serviceaccounts', serviceaccount: 'serviceaccounts', serviceaccounts: 'serviceaccounts',
  pdb: 'poddisruptionbudgets', poddisruptionbudget: 'poddisruptionbudgets', poddisruptionbudgets: 'poddisruptionbudgets',
};

/**
 * Resource words beyond the built-in ones: custom resources (plural, singular, kind, short names
 * → plural). At check, those the file's CustomResourceDefinitions declare; at run, what the
 * apiserver serves at that moment (kubectl's discovery), with kubectl's own error otherwise.
 */
export interface ParseOptions {
  resources?: (word: string) => string | undefined;
  /** At run: an unknown word is kubectl's `the server doesn't have a resource type "X"`. */
  discovery?: boolean;
}

/** The options of the parse under way (parseKubectl is synchronous). */
let current: ParseOptions = {};

/** Normalise a kubectl resource name (`po`, `pod`, `deploy` …) to its plural, or fail. */
function resource(arg: Arg, raw: string): string {
  const r = RESOURCE_ALIASES[arg.text.toLowerCase()] ?? current.resources?.(arg.text);
  if (!r) {
    // kubectl get (cmd/get via the RESTMapper): `error: the server doesn't have a resource type "widgets"`.
    if (current.discovery) fail(arg, raw, `the server doesn't have a resource type "${arg.text}"`);
    const t = arg.text.toLowerCase();
    const k = KINDS.find((e) => e.support === 'refused' && [e.kind.toLowerCase(), `${e.kind.toLowerCase()}s`, `${e.kind.toLowerCase()}es`].includes(t));
    if (k) fail(arg, raw, `kscn does not simulate ${k.kind} (${k.apiVersion}): ${k.what}`, k.instead ? `${k.instead} (see docs/simulated.md)` : 'see docs/simulated.md');
    const near = closest(arg.text, Object.keys(RESOURCE_ALIASES));
    fail(arg, raw, `the simulated cluster has no resource type "${arg.text}"`, near ? `did you mean ${near}?` : undefined);
  }
  return r;
}

function ns(p: Parsed): string | undefined {
  return p.flags.get('namespace')?.value;
}

/** Parse a kubectl command line (without the leading `kubectl`). Never throws. */
export function parseKubectl(raw: string, opts: ParseOptions = {}): { command?: KubectlCommand; error?: KubectlError } {
  current = opts;
  try {
    return { command: parseOrThrow(raw) };
  } catch (e) {
    if (e instanceof KubectlParseError) return { error: e.detail };
    return { error: { message: `cannot read this kubectl line: ${(e as Error).message}`, offset: 0, length: raw.length } };
  } finally {
    current = {};
  }
}

/**
 * kubectl takes its global flags before the subcommand too (`kubectl -n team-a get pods`): the
 * namespace flag (with its value) written there moves after the subcommand's words; any other
 * flag stays first and is reported as what it is.
 */
function leadingFlagsLast(args: Arg[]): Arg[] {
  const moved: Arg[] = [];
  let i = 0;
  while (i < args.length && args[i]!.text.startsWith('-')) {
    const t = args[i]!.text;
    if (t === '-n' || t === '--namespace') {
      if (i + 1 >= args.length) break;
      moved.push(args[i]!, args[i + 1]!);
      i += 2;
    } else if (/^(-n.|--namespace=)/.test(t)) {
      moved.push(args[i]!);
      i += 1;
    } else break;
  }
  if (!moved.length) return args;
  // Only flags: there is no subcommand to put them after.
  return i < args.length ? [...args.slice(i), ...moved] : [];
}

function parseOrThrow(raw: string): KubectlCommand {
  const args = leadingFlagsLast(splitArgs(raw));
  const first = args[0];
  if (!first) fail(undefined, raw, 'kubectl needs a subcommand', `supported: ${SUBCOMMANDS.join(', ')}`);
  let sub = first.text;
  let rest = args.slice(1);
  if (!SUBCOMMANDS.includes(sub)) {
    if (rest[0] && !rest[0].text.startsWith('-')) refused(first, raw, `${sub} ${rest[0].text}`);
    refused(first, raw, sub);
    const near = closest(sub, SUBCOMMANDS);
    fail(first, raw, `kubectl ${sub} is not supported by the simulation`, near ? `did you mean kubectl ${near}?` : `supported: ${SUBCOMMANDS.join(', ')}`);
  }
  // Two-word subcommands.
  if ((sub === 'create' || sub === 'set' || sub === 'rollout') && rest[0] && !rest[0].text.startsWith('-')) {
    const second = rest[0];
    const two = `${sub} ${second.text}`;
    const known = sub === 'create' ? ['deployment', 'namespace', 'ns', 'deploy', 'job', 'cronjob', 'cj', 'configmap', 'cm', 'secret', 'serviceaccount', 'sa'] : sub === 'set' ? ['image'] : ['restart', 'status', 'history', 'undo', 'pause', 'resume'];
    if (!known.includes(second.text)) {
      refused(second, raw, two);
      const near = closest(second.text, known);
      fail(second, raw, `kubectl ${two} is not supported by the simulation`, near ? `did you mean kubectl ${sub} ${near}?` : `supported: ${known.map((k) => `kubectl ${sub} ${k}`).join(', ')}`);
    }
    const ALIAS: Record<string, string> = { ns: 'namespace', deploy: 'deployment', cj: 'cronjob', cm: 'configmap', sa: 'serviceaccount' };
    sub = `${sub} ${ALIAS[second.text] ?? second.text}`;
    rest = rest.slice(1);
    if (sub === 'create secret') {
      // kubectl create secret docker-registry|generic|tls: the simulation makes generic ones.
      const third = rest[0];
      if (!third || third.text.startsWith('-')) fail(third ?? second, raw, 'kubectl create secret needs a type', 'usage: kubectl create secret generic NAME --from-literal=KEY=VALUE');
      if (third.text !== 'generic') {
        refused(third, raw, `create secret ${third.text}`);
        fail(third, raw, `kubectl create secret ${third.text} is not supported by the simulation`, 'write: kubectl create secret generic NAME --from-literal=KEY=VALUE');
      }
      sub = 'create secret generic';
      rest = rest.slice(1);
    }
  } else if (sub === 'set' || sub === 'rollout') {
    fail(rest[0], raw, `kubectl ${sub} needs a subcommand`, sub === 'set' ? 'usage: kubectl set image deployment/NAME CONTAINER=IMAGE' : 'usage: kubectl rollout restart|status|history|undo|pause|resume deployment/NAME');
  }
  const spec = FLAGS[sub]!;
  const p = parseFlags(rest, spec, raw, sub);
  switch (sub) {
    case 'run': {
      const name = one(p, raw, 'the pod name', 'run NAME --image=IMAGE');
      const image = p.flags.get('image');
      if (!image) fail(name, raw, 'kubectl run needs --image', `write: kubectl run ${name.text} --image=IMAGE`);
      const restart = p.flags.get('restart');
      if (restart && !['Always', 'Never', 'OnFailure'].includes(restart.value)) fail(restart.arg, raw, `--restart must be Always, Never or OnFailure, not "${restart.value}"`);
      const labels = p.flags.get('labels');
      return {
        cmd: 'run',
        name: name.text,
        image: image.value,
        restart: (restart?.value ?? 'Always') as 'Always',
        labels: labels ? parseLabels(labels.value, labels.arg, raw) : { run: name.text },
        namespace: ns(p),
        port: int(p.flags.get('port'), raw, 'port', 1),
      };
    }
    case 'create deployment': {
      const name = one(p, raw, 'the deployment name', 'create deployment NAME --image=IMAGE');
      const image = p.flags.get('image');
      if (!image) fail(name, raw, 'kubectl create deployment needs --image', `write: kubectl create deployment ${name.text} --image=IMAGE`);
      return { cmd: 'create deployment', name: name.text, image: image.value, replicas: int(p.flags.get('replicas'), raw, 'replicas') ?? 1, port: int(p.flags.get('port'), raw, 'port', 1), namespace: ns(p) };
    }
    case 'create namespace':
      return { cmd: 'create namespace', name: one(p, raw, 'the namespace name', 'create namespace NAME').text };
    case 'create configmap':
    case 'create secret generic': {
      const usage = sub === 'create configmap' ? 'create configmap NAME --from-literal=KEY=VALUE' : 'create secret generic NAME --from-literal=KEY=VALUE [--type=TYPE]';
      const name = one(p, raw, `the ${sub === 'create configmap' ? 'configmap' : 'secret'} name`, usage);
      const data: Record<string, string> = {};
      for (const lit of p.all.get('from-literal') ?? []) {
        // ParseLiteralSource: KEY=VALUE, the key a valid config key (IsConfigMapKey), not repeated.
        const eq = lit.value.indexOf('=');
        if (eq <= 0) fail(lit.arg, raw, `invalid literal source ${lit.value}, expected key=value`);
        const key = lit.value.slice(0, eq);
        if (!/^[-._a-zA-Z0-9]+$/.test(key)) fail(lit.arg, raw, `"${key}" is not a valid key name for a ${sub === 'create configmap' ? 'ConfigMap' : 'Secret'}: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`);
        if (key in data) fail(lit.arg, raw, `cannot add key ${key}, another key by that name already exists in ${sub === 'create configmap' ? 'Data for ConfigMap' : 'data'} "${name.text}"`);
        data[key] = lit.value.slice(eq + 1);
      }
      if (sub === 'create configmap') return { cmd: 'create configmap', name: name.text, data, namespace: ns(p) };
      return { cmd: 'create secret generic', name: name.text, data, type: p.flags.get('type')?.value, namespace: ns(p) };
    }
    case 'create serviceaccount':
      return { cmd: 'create serviceaccount', name: one(p, raw, 'the serviceaccount name', 'create serviceaccount NAME').text, namespace: ns(p) };
    case 'create job': {
      // CreateJobOptions.Validate: exactly one of --image and --from; no command with --from.
      const name = one(p, raw, 'the job name', 'create job NAME --image=IMAGE [-- COMMAND] or create job NAME --from=cronjob/NAME');
      const image = p.flags.get('image');
      const from = p.flags.get('from');
      if (!image === !from) fail(from?.arg ?? image?.arg ?? name, raw, 'either --image or --from must be specified', `write: kubectl create job ${name.text} --image=IMAGE, or --from=cronjob/NAME`);
      if (from && p.command?.length) fail(p.command[0], raw, 'cannot specify --from and command');
      let cronjob: string | undefined;
      if (from) {
        const m = /^(cronjob|cronjobs|cj|cronjob\.batch)\/(.+)$/.exec(from.value);
        if (!m) fail(from.arg, raw, `from must be an existing cronjob: ${from.value}`, 'write --from=cronjob/NAME');
        cronjob = m[2];
      }
      return { cmd: 'create job', name: name.text, image: image?.value, from: cronjob, command: (p.command ?? []).map((a) => a.text), namespace: ns(p) };
    }
    case 'create cronjob': {
      const name = one(p, raw, 'the cronjob name', 'create cronjob NAME --image=IMAGE --schedule="*/1 * * * *" [-- COMMAND]');
      const image = p.flags.get('image');
      const schedule = p.flags.get('schedule');
      if (!image) fail(name, raw, 'required flag(s) "image" not set', `write: kubectl create cronjob ${name.text} --image=IMAGE --schedule="*/1 * * * *"`);
      if (!schedule) fail(name, raw, 'required flag(s) "schedule" not set', `write: kubectl create cronjob ${name.text} --image=${image.value} --schedule="*/1 * * * *"`);
      const restart = p.flags.get('restart');
      if (restart && !['OnFailure', 'Never'].includes(restart.value)) fail(restart.arg, raw, `invalid restart policy: ${restart.value}`, '--restart is OnFailure (the default) or Never');
      return { cmd: 'create cronjob', name: name.text, image: image.value, schedule: schedule.value, restart: restart?.value ?? 'OnFailure', command: (p.command ?? []).map((a) => a.text), namespace: ns(p) };
    }
    case 'create':
    case 'apply': {
      const f = p.flags.get('filename');
      if (!f) fail(first, raw, `kubectl ${sub} needs -f FILE`, `usage: kubectl ${sub} -f FILE`);
      if (p.positionals[0]) fail(p.positionals[0], raw, `unexpected argument "${p.positionals[0].text}"`, `usage: kubectl ${sub} -f FILE`);
      return { cmd: sub === 'create' ? 'create -f' : 'apply -f', file: f.value, namespace: ns(p) };
    }
    case 'delete': {
      let target: DeleteTarget;
      const f = p.flags.get('filename');
      const l = p.flags.get('selector');
      if (f) target = { by: 'file', file: f.value };
      else {
        const kindArg = p.positionals[0];
        if (!kindArg) fail(undefined, raw, 'kubectl delete needs what to delete', 'usage: kubectl delete KIND NAME | -f FILE | KIND -l SELECTOR');
        let res: string;
        let names: string[];
        if (kindArg.text.includes('/')) {
          res = resource({ text: kindArg.text.split('/')[0]!, offset: kindArg.offset }, raw);
          names = p.positionals.map((a) => a.text.split('/').slice(1).join('/'));
        } else {
          res = resource(kindArg, raw);
          names = p.positionals.slice(1).map((a) => a.text);
        }
        if (l) target = { by: 'selector', resource: res, selector: l.value };
        else {
          if (!names.length) fail(undefined, raw, `kubectl delete ${kindArg.text} needs a name or -l SELECTOR`);
          target = { by: 'name', resource: res, names };
        }
      }
      // As kubectl's delete does: --now is a grace period of 1s; --grace-period=0 without --force
      // becomes 1 (kubectl protects against an accidental immediate delete); --force alone is 0.
      const force = p.flags.get('force')?.value === 'true';
      let grace = int(p.flags.get('grace-period'), raw, 'grace-period', -1);
      if (p.flags.get('now')?.value === 'true') {
        if (grace !== undefined && grace !== -1) fail(p.flags.get('now')!.arg, raw, '--now and --grace-period cannot be specified together');
        grace = 1;
      }
      if (grace === 0 && !force) grace = 1;
      if (force && (grace === undefined || grace < 0)) grace = 0;
      const del: KubectlCommand = { cmd: 'delete', target, namespace: ns(p) };
      if (grace !== undefined && grace >= 0) del.gracePeriodSeconds = grace;
      if (force) del.force = true;
      if (p.flags.get('wait')?.value === 'false') del.wait = false;
      return del;
    }
    case 'scale': {
      const { kind, name } = kindName(p, raw, 'scale deployment NAME --replicas=N', ['deployments', 'replicasets', 'statefulsets']);
      const replicas = int(p.flags.get('replicas'), raw, 'replicas');
      if (replicas === undefined) fail(undefined, raw, 'kubectl scale needs --replicas=N');
      return { cmd: 'scale', kind: kind.slice(0, -1) as 'deployment', name, replicas, namespace: ns(p) };
    }
    case 'set image': {
      const target = p.positionals[0];
      if (!target) fail(undefined, raw, 'kubectl set image needs deployment/NAME', 'usage: kubectl set image deployment/NAME CONTAINER=IMAGE');
      const { kind, name, rest: pairs } = slashTarget(p, raw, 'set image deployment/NAME CONTAINER=IMAGE');
      if (!pairs.length) fail(undefined, raw, 'kubectl set image needs CONTAINER=IMAGE', 'usage: kubectl set image deployment/NAME CONTAINER=IMAGE');
      const images = pairs.map((a) => {
        const eq = a.text.indexOf('=');
        if (eq <= 0) fail(a, raw, `"${a.text}" is not CONTAINER=IMAGE`);
        return { container: a.text.slice(0, eq), image: a.text.slice(eq + 1) };
      });
      return { cmd: 'set image', kind, name, images, namespace: ns(p) };
    }
    case 'rollout restart':
    case 'rollout status':
    case 'rollout history':
    case 'rollout undo':
    case 'rollout pause':
    case 'rollout resume': {
      const { kind, name, rest: extra } = slashTarget(p, raw, `${sub} deployment/NAME`);
      if (extra[0]) fail(extra[0], raw, `unexpected argument "${extra[0].text}"`);
      const base = { kind, name, namespace: ns(p) };
      if (sub === 'rollout status') {
        const t = p.flags.get('timeout');
        const watch = p.flags.get('watch')?.value !== 'false';
        return { cmd: sub, ...base, watch, timeoutMs: t ? duration(t, raw) : undefined, revision: int(p.flags.get('revision'), raw, 'revision') };
      }
      if (sub === 'rollout history') return { cmd: sub, ...base };
      if (sub === 'rollout undo') return { cmd: sub, ...base, toRevision: int(p.flags.get('to-revision'), raw, 'to-revision') ?? 0 };
      return { cmd: sub as 'rollout restart', ...base };
    }
    case 'wait': {
      const f = p.flags.get('for');
      if (!f) fail(undefined, raw, 'kubectl wait needs --for=condition=NAME or --for=delete', 'usage: kubectl wait --for=condition=Ready pod/NAME [--timeout=30s]');
      let cond: { condition: string; value: string } | undefined;
      if (f.value !== 'delete') {
        const m = /^condition=([^=]+)(?:=(.*))?$/.exec(f.value);
        if (!m) fail(f.arg, raw, `--for must be condition=NAME[=VALUE] or delete, not "${f.value}"`, 'jsonpath= and create are not simulated');
        cond = { condition: m[1]!, value: m[2] ?? 'true' };
      }
      const targets = p.positionals;
      if (!targets.length) fail(undefined, raw, 'kubectl wait needs what to wait for', 'usage: kubectl wait --for=condition=Ready pod/NAME');
      let res: string;
      let names: string[];
      if (targets[0]!.text.includes('/')) {
        res = resource({ text: targets[0]!.text.split('/')[0]!, offset: targets[0]!.offset }, raw);
        names = targets.map((a) => a.text.split('/').slice(1).join('/'));
      } else {
        res = resource(targets[0]!, raw);
        names = targets.slice(1).map((a) => a.text);
      }
      const sel = p.flags.get('selector')?.value;
      const all = p.flags.get('all')?.value === 'true';
      if (!names.length && sel === undefined && !all) fail(undefined, raw, `kubectl wait ${targets[0]!.text} needs a name, -l SELECTOR or --all`);
      const t = p.flags.get('timeout');
      const w: KubectlCommand = { cmd: 'wait', resource: res, names, condition: cond, timeoutMs: t ? duration(t, raw) : 30_000, namespace: ns(p) };
      if (sel !== undefined || all) w.selector = sel ?? '';
      return w;
    }
    case 'cordon':
    case 'uncordon':
      return { cmd: sub, node: nodeName(p, raw, `${sub} NODE`) };
    case 'drain':
      return {
        cmd: 'drain',
        node: nodeName(p, raw, 'drain NODE [--ignore-daemonsets]'),
        ignoreDaemonsets: p.flags.get('ignore-daemonsets')?.value === 'true',
        deleteEmptyDirData: p.flags.get('delete-emptydir-data')?.value === 'true',
        force: p.flags.get('force')?.value === 'true',
        ...(p.flags.get('timeout') ? { timeoutMs: duration(p.flags.get('timeout')!, raw) } : {}),
      };
    case 'taint': {
      const kindArg = p.positionals[0];
      if (!kindArg || resource(kindArg, raw) !== 'nodes') fail(kindArg, raw, 'kubectl taint works on nodes', 'usage: kubectl taint nodes NODE KEY=VALUE:EFFECT[-]');
      const node = p.positionals[1];
      if (!node) fail(undefined, raw, 'kubectl taint needs a node name', 'usage: kubectl taint nodes NODE KEY=VALUE:EFFECT[-]');
      const specs = p.positionals.slice(2);
      if (!specs.length) fail(undefined, raw, 'kubectl taint needs a taint', 'usage: kubectl taint nodes NODE KEY=VALUE:EFFECT[-]');
      const taints = specs.map((a) => {
        const m = /^([^=:]+?)(?:=([^:]*))?(?::(NoSchedule|PreferNoSchedule|NoExecute))?(-)?$/.exec(a.text);
        if (!m || (!m[3] && !m[4])) fail(a, raw, `"${a.text}" is not a taint`, 'write KEY=VALUE:EFFECT (effects: NoSchedule, PreferNoSchedule, NoExecute), or KEY- to remove');
        return { key: m[1]!, value: m[2], effect: m[3], remove: !!m[4] };
      });
      return { cmd: 'taint', node: node.text, taints };
    }
    case 'label': {
      const kindArg = p.positionals[0];
      if (!kindArg) fail(undefined, raw, 'kubectl label needs pods|nodes NAME KEY=VALUE');
      const res = resource(kindArg, raw);
      if (res !== 'pods' && res !== 'nodes') fail(kindArg, raw, 'kubectl label works on pods and nodes in the simulation');
      const name = p.positionals[1];
      if (!name) fail(undefined, raw, 'kubectl label needs a name', 'usage: kubectl label pods|nodes NAME KEY=VALUE');
      const pairs = p.positionals.slice(2);
      if (!pairs.length) fail(undefined, raw, 'kubectl label needs KEY=VALUE', 'usage: kubectl label pods|nodes NAME KEY=VALUE');
      const labels = pairs.map((a) => {
        if (a.text.endsWith('-')) return { key: a.text.slice(0, -1), remove: true };
        const eq = a.text.indexOf('=');
        if (eq <= 0) fail(a, raw, `"${a.text}" is not a label (write KEY=VALUE, or KEY- to remove)`);
        return { key: a.text.slice(0, eq), value: a.text.slice(eq + 1), remove: false };
      });
      return { cmd: 'label', kind: res, name: name.text, labels, overwrite: p.flags.get('overwrite')?.value === 'true', namespace: ns(p) };
    }
    case 'expose': {
      const { name } = kindName(p, raw, 'expose deployment NAME --port=P [--type=ClusterIP|NodePort]', ['deployments']);
      const port = int(p.flags.get('port'), raw, 'port', 1);
      if (port === undefined) fail(undefined, raw, 'kubectl expose needs --port=P');
      const type = p.flags.get('type');
      if (type && !['ClusterIP', 'NodePort'].includes(type.value)) {
        fail(type.arg, raw, type.value === 'LoadBalancer' ? 'the simulation has no cloud provider: --type=LoadBalancer is not simulated' : `--type must be ClusterIP or NodePort, not "${type.value}"`, 'write --type=ClusterIP or --type=NodePort');
      }
      const cmd: KubectlCommand = { cmd: 'expose', kind: 'deployment', name, port, targetPort: int(p.flags.get('target-port'), raw, 'target-port', 1), namespace: ns(p) };
      if (type) cmd.type = type.value as 'ClusterIP' | 'NodePort';
      return cmd;
    }
    case 'patch': {
      const usage = 'patch KIND NAME -p JSON [--type strategic|merge|json]';
      const { resource: res, name } = resourceAndName(p, raw, usage);
      const patch = p.flags.get('patch');
      if (!patch) fail(undefined, raw, 'kubectl patch needs -p JSON', `usage: kubectl ${usage}`);
      let body: unknown;
      try {
        body = JSON.parse(patch.value);
      } catch {
        // kubectl reads the patch as YAML too (yaml.ToJSON); JSON is what the simulation takes.
        fail(patch.arg, raw, `the patch is not JSON: ${patch.value}`, 'quote it: -p \'{"spec":{"replicas":3}}\'');
      }
      const type = p.flags.get('type');
      if (type && !['strategic', 'merge', 'json'].includes(type.value)) fail(type.arg, raw, `--type must be strategic, merge or json, not "${type.value}"`);
      if (type?.value === 'json' && !Array.isArray(body)) fail(patch.arg, raw, 'a json patch is a list of operations', 'e.g. -p \'[{"op":"replace","path":"/spec/replicas","value":3}]\'');
      return { cmd: 'patch', resource: res, name, patch: body, patchType: (type?.value ?? 'strategic') as 'strategic' | 'merge' | 'json', namespace: ns(p) };
    }
    case 'annotate': {
      const usage = 'annotate KIND NAME KEY=VALUE … [--overwrite]';
      const { resource: res, name, rest } = resourceAndName(p, raw, usage, true);
      if (!rest.length) fail(undefined, raw, 'kubectl annotate needs KEY=VALUE', `usage: kubectl ${usage}`);
      const annotations = rest.map((a) => {
        if (a.text.endsWith('-') && !a.text.includes('=')) return { key: a.text.slice(0, -1), remove: true };
        const eq = a.text.indexOf('=');
        if (eq <= 0) fail(a, raw, `"${a.text}" is not an annotation (write KEY=VALUE, or KEY- to remove)`);
        return { key: a.text.slice(0, eq), value: a.text.slice(eq + 1), remove: false };
      });
      return { cmd: 'annotate', resource: res, name, annotations, overwrite: p.flags.get('overwrite')?.value === 'true', namespace: ns(p) };
    }
    case 'get': {
      const kindArg = p.positionals[0];
      if (!kindArg) fail(undefined, raw, 'kubectl get needs a resource type', 'usage: kubectl get KIND [NAME]');
      const o = p.flags.get('output');
      // kubectl's printer flags: the formats the simulation prints.
      if (o && !/^(wide|yaml|json|name|jsonpath=.+)$/s.test(o.value)) fail(o.arg, raw, `unable to match a printer suitable for the output format "${o.value}", allowed formats are: json,jsonpath,name,wide,yaml`, 'custom-columns, go-template and jsonpath-file are not simulated');
      const extra: { output?: string; selector?: string } = {};
      if (o) extra.output = o.value;
      const sel = p.flags.get('selector');
      if (sel) extra.selector = sel.value;
      if (kindArg.text.includes('/')) {
        const [k, n] = kindArg.text.split('/');
        return { cmd: 'get', resource: resource({ text: k!, offset: kindArg.offset }, raw), name: n, namespace: ns(p), ...extra };
      }
      const name = p.positionals[1];
      if (p.positionals[2]) fail(p.positionals[2], raw, `unexpected argument "${p.positionals[2].text}"`);
      return { cmd: 'get', resource: resource(kindArg, raw), name: name?.text, namespace: ns(p), ...extra };
    }
  }
  fail(first, raw, `kubectl ${sub} is not supported by the simulation`);
}

/** `KIND NAME` or `KIND/NAME`, then (with `more`) the remaining arguments. */
function resourceAndName(p: Parsed, raw: string, usage: string, more = false): { resource: string; name: string; rest: Arg[] } {
  const a = p.positionals[0];
  if (!a) fail(undefined, raw, 'missing the object to act on', `usage: kubectl ${usage}`);
  let res: string;
  let name: string;
  let restFrom: number;
  if (a.text.includes('/')) {
    res = resource({ text: a.text.split('/')[0]!, offset: a.offset }, raw);
    name = a.text.split('/').slice(1).join('/');
    restFrom = 1;
  } else {
    res = resource(a, raw);
    const n = p.positionals[1];
    if (!n) fail(undefined, raw, 'missing the name', `usage: kubectl ${usage}`);
    name = n.text;
    restFrom = 2;
  }
  const rest = p.positionals.slice(restFrom);
  if (!more && rest[0]) fail(rest[0], raw, `unexpected argument "${rest[0].text}"`, `usage: kubectl ${usage}`);
  return { resource: res, name, rest };
}

function kindName(p: Parsed, raw: string, usage: string, allowed: string[]): { kind: string; name: string } {
  const a = p.positionals[0];
  if (!a) fail(undefined, raw, 'missing the object to act on', `usage: kubectl ${usage}`);
  if (a.text.includes('/')) {
    const kind = resource({ text: a.text.split('/')[0]!, offset: a.offset }, raw);
    if (!allowed.includes(kind)) fail(a, raw, `this command works on ${allowed.join(' and ')}, not ${kind}`, `usage: kubectl ${usage}`);
    if (p.positionals[1]) fail(p.positionals[1], raw, `unexpected argument "${p.positionals[1].text}"`, `usage: kubectl ${usage}`);
    return { kind, name: a.text.split('/').slice(1).join('/') };
  }
  const kind = resource(a, raw);
  if (!allowed.includes(kind)) fail(a, raw, `this command works on ${allowed.join(' and ')}, not ${kind}`, `usage: kubectl ${usage}`);
  const name = one(p, raw, 'the name', usage, 1);
  return { kind, name: name.text };
}

/** The workload kinds `set image`, `rollout …` act on. */
const WORKLOADS = ['deployments', 'statefulsets', 'daemonsets'];

/** `KIND/NAME` or `KIND NAME` of one of `allowed` (default: deployments, statefulsets, daemonsets), then the rest. */
function slashTarget(p: Parsed, raw: string, usage: string, allowed = WORKLOADS): { kind: 'deployment' | 'statefulset' | 'daemonset'; name: string; rest: Arg[] } {
  const a = p.positionals[0];
  if (!a) fail(undefined, raw, 'missing KIND/NAME', `usage: kubectl ${usage}`);
  const works = `this command works on ${allowed.join(', ').replace(/, ([^,]*)$/, ' and $1')}`;
  if (a.text.includes('/')) {
    const kind = resource({ text: a.text.split('/')[0]!, offset: a.offset }, raw);
    if (!allowed.includes(kind)) fail(a, raw, `${works}, not ${kind}`, `usage: kubectl ${usage}`);
    return { kind: kind.slice(0, -1) as 'deployment', name: a.text.split('/').slice(1).join('/'), rest: p.positionals.slice(1) };
  }
  const kind = resource(a, raw);
  if (!allowed.includes(kind)) fail(a, raw, `${works}, not ${kind}`, `usage: kubectl ${usage}`);
  const name = p.positionals[1];
  if (!name) fail(undefined, raw, `missing the ${kind.slice(0, -1)} name`, `usage: kubectl ${usage}`);
  return { kind: kind.slice(0, -1) as 'deployment', name: name.text, rest: p.positionals.slice(2) };
}

/** A Go duration as kubectl's flags take it (`30s`, `5m`, `1m30s`, `500ms`; a bare number is seconds for --timeout=0). */
function duration(flag: { value: string; arg: Arg }, raw: string): number {
  if (/^\d+$/.test(flag.value)) return Number(flag.value) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;
  let ms = 0;
  let i = 0;
  while (i < flag.value.length) {
    re.lastIndex = i;
    const m = re.exec(flag.value);
    if (!m) fail(flag.arg, raw, `invalid duration "${flag.value}"`, 'write e.g. 30s, 5m or 1m30s');
    ms += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms'];
    i = re.lastIndex;
  }
  if (!flag.value) fail(flag.arg, raw, 'invalid duration ""');
  return ms;
}

function nodeName(p: Parsed, raw: string, usage: string): string {
  const a = p.positionals[0];
  if (a && a.text.includes('/')) {
    if (resource({ text: a.text.split('/')[0]!, offset: a.offset }, raw) !== 'nodes') fail(a, raw, 'this command works on nodes', `usage: kubectl ${usage}`);
    return a.text.split('/')[1]!;
  }
  return one(p, raw, 'the node name', usage).text;
}
