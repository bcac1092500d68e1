/**
 * The typed AST of a `.kscn` file (LANGUAGE.md §3–§9).
 *
 * Produced by `parseScenario(text, file)` (src/lang/parse.ts) from the CST; every node carries the
 * source span of the text it came from, so checks, runtime failures and expectation failures can
 * point at the `.kscn` line that asked for them. The AST is plain data (JSON-serialisable).
 *
 * Conventions:
 * - Durations are in milliseconds (`durationMs`); quantities stay the user's text (`"8Gi"`), parsed
 *   by `src/lang/quantity.ts` where arithmetic is needed.
 * - Name patterns (`web-*`, `a|b`, `!apiserver`) stay text and are compiled by `src/lang/pattern.ts`.
 * - Ranges in names (`worker-[1..3]`) are expanded by the parser into `names`.
 */

/** A 1-based position in a source file. `offset` is the 0-based character offset. */
export interface Pos {
  line: number;
  col: number;
  offset: number;
}

/** Where a node came from: file path (as given to the parser) and start/end (end exclusive). */
export interface Span {
  file: string;
  start: Pos;
  end: Pos;
}

export interface Node {
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Top level (§3)

export interface KscnFile extends Node {
  type: 'File';
  path: string;
  imports: ImportDecl[];
  clusters: ClusterDecl[];
  manifests: ManifestDecl[];
  scenarios: ScenarioDecl[];
}

export interface ImportDecl extends Node {
  type: 'Import';
  /** As written, relative to the importing file. */
  path: string;
}

export interface ManifestDecl extends Node {
  type: 'Manifest';
  name: string;
  /** Added: where the name is written. */
  nameSpan?: Span;
  source: ManifestSource;
}

/** YAML given inline (`"""…"""`, common indentation removed) or by a path relative to the file. */
export type ManifestSource =
  | {
      kind: 'inline';
      text: string;
      span: Span;
      /**
       * Added: where line 1 of `text` is in the file, and how many columns the common indentation
       * removed from each line — so a YAML error at (l, c) of `text` is at (textLine + l - 1,
       * textIndent + c) of the .kscn file.
       */
      textLine?: number;
      textIndent?: number;
    }
  | { kind: 'file'; path: string; span: Span };

// ---------------------------------------------------------------------------------------------
// Clusters (§4)

export interface ClusterDecl extends Node {
  type: 'Cluster';
  name: string;
  /** Added: where the name is written. */
  nameSpan?: Span;
  body: ClusterBody;
}

export interface ClusterBody extends Node {
  nodes: NodeDecl[];
  namespaces: NamespaceDecl[];
  priorityClasses: PriorityClassDecl[];
  users: UserDecl[];
  /** `apply NAME | "file" | """yaml"""` inside a cluster: created before the scenario starts. */
  applies: ApplyAction[];
  scheduler?: SchedulerDecl;
  latency?: LatencyDecl;
}

export interface NodeDecl extends Node {
  type: 'Node';
  /** As written, e.g. `worker-[1..3]`. */
  pattern: string;
  /** Expanded names, e.g. `worker-1`, `worker-2`, `worker-3`. */
  names: string[];
  /** Added: where the name (pattern) is written. */
  nameSpan?: Span;
  fields: NodeField[];
}

/**
 * One field of a node block. `name` is the field as written (checked against the known fields
 * by the checker: cpu, memory, pods, ephemeral-storage, resource, zone, region, labels, taint,
 * images, unschedulable, not-ready), `args` its words.
 */
export interface NodeField extends Node {
  name: string;
  args: Word[];
}

/** A word with its span (a name, number, quantity, label, pattern … as written). */
export interface Word extends Node {
  text: string;
}

export interface NamespaceDecl extends Node {
  type: 'Namespace';
  name: string;
}

export interface PriorityClassDecl extends Node {
  type: 'PriorityClass';
  name: string;
  value: number;
}

/** `user alice { allow get,list,create on pods,deployments in team-a }` */
export interface UserDecl extends Node {
  type: 'User';
  name: string;
  /** Added: where the name is written. */
  nameSpan?: Span;
  rules: RbacRule[];
}

export interface RbacRule extends Node {
  verbs: string[];
  /** Plural resource names as written (`pods`, `deployments`, `*`). */
  resources: string[];
  /** Namespaces the rule applies to; absent = every namespace (a ClusterRole). */
  namespaces?: string[];
}

export interface SchedulerDecl extends Node {
  type: 'Scheduler';
  /** Short-form statements. */
  settings: SchedulerSetting[];
  /** A KubeSchedulerConfiguration given inline or by file. */
  config?: ManifestSource;
}

export type SchedulerSetting =
  | ({ kind: 'score'; plugin: string; strategy: string } & Node)
  | ({ kind: 'weight'; plugin: string; weight: number } & Node)
  | ({ kind: 'disable'; plugin: string } & Node)
  | ({ kind: 'enable'; plugin: string } & Node)
  | ({ kind: 'percentage'; value: number } & Node);

/** `latency { apiserver 2ms; image-pull nginx:1.27 5s }` */
export interface LatencyDecl extends Node {
  type: 'Latency';
  entries: LatencyEntry[];
}

export interface LatencyEntry extends Node {
  /** apiserver | etcd | watch | image-pull | container-start | … (checked). */
  component: string;
  /** Optional qualifier, e.g. the image of `image-pull nginx:1.27 5s`. */
  target?: string;
  ms: number;
}

// ---------------------------------------------------------------------------------------------
// Scenarios (§5)

export interface ScenarioDecl extends Node {
  type: 'Scenario';
  title: string;
  /** Added: where the title is written. */
  titleSpan?: Span;
  tags: string[];
  seed?: number;
  timeoutMs?: number;
  cluster: ClusterRef;
  /** `given { … }`: actions run and settled before recording starts. */
  given?: Action[];
  steps: Step[];
  diagram?: DiagramDecl;
}

export type ClusterRef = ({ kind: 'ref'; name: string } & Node) | ({ kind: 'inline'; body: ClusterBody } & Node);

/** One `when { … }` and the `then { … }` that follows it (either may be empty). */
export interface Step extends Node {
  when: Action[];
  whenSpan?: Span;
  then: Expectation[];
  thenSpan?: Span;
}

// ---------------------------------------------------------------------------------------------
// Actions (§6)

export type Action =
  | KubectlAction
  | ApplyAction
  | WaitAction
  | WaitUntilAction
  | AtAction
  | AsAction
  | ExpectFailureAction
  | FaultAction;

export interface KubectlAction extends Node {
  type: 'kubectl';
  /** The command line after `kubectl`, as written. */
  raw: string;
  /** Span of the raw text (for pointing at a word of it). */
  rawSpan: Span;
}

export interface ApplyAction extends Node {
  type: 'apply';
  source: ({ kind: 'manifest'; name: string; span: Span }) | ManifestSource;
}

export interface WaitAction extends Node {
  type: 'wait';
  ms: number;
}

export interface WaitUntilAction extends Node {
  type: 'waitUntil';
  state: StateAssertion;
  timeoutMs?: number;
}

export interface AtAction extends Node {
  type: 'at';
  ms: number;
  actions: Action[];
}

export interface AsAction extends Node {
  type: 'as';
  user: string;
  actions: Action[];
}

/** `expect failure ["PATTERN"] { actions }` (§12.1): every action in it must fail. */
export interface ExpectFailureAction extends Node {
  type: 'expectFailure';
  /** The pattern the error text must match somewhere (a `*` pattern, as event messages). */
  pattern?: string;
  patternSpan?: Span;
  actions: Action[];
}

export type FaultAction =
  | ({ type: 'failNode'; node: string } & Node)
  | ({ type: 'restoreNode'; node: string } & Node)
  | ({ type: 'imageFails'; image: string } & Node)
  | ({ type: 'imagePullTime'; image: string; ms: number } & Node)
  | ({ type: 'crash'; selector: Selector; afterMs: number; exitCode?: number; times?: number } & Node)
  | ({ type: 'etcdUnavailable'; ms: number } & Node)
  /** `pods SELECTOR exit N after D [times N]` (§12.2): the container ends with code N, D after it starts. */
  | ({ type: 'exit'; selector: Selector; afterMs: number; exitCode: number; times?: number } & Node)
  /** `pods SELECTOR ignore SIGTERM`: termination takes the whole grace period, then SIGKILL (§12.2). */
  | ({ type: 'ignoreSigterm'; selector: Selector } & Node)
  /** `probe TYPE of pods SELECTOR fails [for D]` (§12.2): the kubelet's probes of those pods fail (for D). */
  | ({ type: 'probeFails'; probe: 'liveness' | 'readiness' | 'startup'; selector: Selector; forMs?: number } & Node)
  /** `pods SELECTOR use memory Q` (§12.2): each container of those pods uses Q bytes. */
  | ({ type: 'useMemory'; selector: Selector; bytes: number } & Node);

// ---------------------------------------------------------------------------------------------
// Expectations (§7)

export type Expectation =
  | SequenceExpectation
  | NeverMessageExpectation
  | EventsExpectation
  | EventExpectation
  | OutputExpectation
  | StateExpectation
  | AlwaysExpectation
  | NeverStateExpectation;

/** The source text of an expectation (one line, trimmed) is kept for reports. */
interface ExpectationBase extends Node {
  text: string;
}

export interface SequenceExpectation extends ExpectationBase {
  type: 'sequence';
  lines: MessagePattern[];
}

export interface NeverMessageExpectation extends ExpectationBase {
  type: 'neverMessage';
  pattern: MessagePattern;
}

/** `events pod/web-*: Scheduled, Pulling` — these reasons in this order for every matching object. */
export interface EventsExpectation extends ExpectationBase {
  type: 'events';
  /** `kind/name-pattern`, e.g. `pod/web-*`. */
  object: string;
  /** `-n NAMESPACE`: Events of objects in that namespace only (§12.1). */
  namespace?: string;
  reasons: string[];
}

/** `event pod/big FailedScheduling "0/3 …*"` and `no event pod/web-* BackOff`. */
export interface EventExpectation extends ExpectationBase {
  type: 'event';
  negated: boolean;
  object: string;
  /** `-n NAMESPACE`: Events of objects in that namespace only (§12.1). */
  namespace?: string;
  reason: string;
  /** A pattern over the whole message text. */
  message?: string;
}

/** `output "deployment.apps/web created"`: a line kubectl printed, on stdout or stderr (§12.2). */
export interface OutputExpectation extends ExpectationBase {
  type: 'output';
  /** A pattern over the whole line. */
  pattern: string;
}

export interface StateExpectation extends ExpectationBase {
  type: 'state';
  state: StateAssertion;
  withinMs?: number;
}

export interface AlwaysExpectation extends ExpectationBase {
  type: 'always';
  state: StateAssertion;
}

export interface NeverStateExpectation extends ExpectationBase {
  type: 'never';
  state: StateAssertion;
}

/**
 * `FROM -> TO: VERB [TARGET] [key=value …] [within D]` (§7.1). FROM/TO are participant patterns
 * (`kubelet`, `kubelet@worker-1`, `*`, `!apiserver`); verb and target are patterns.
 */
export interface MessagePattern extends Node {
  text: string;
  from: string;
  to: string;
  verb: string;
  target?: string;
  attrs: { key: string; value: string }[];
  withinMs?: number;
  /** Added: where FROM and TO are written (for diagnostics that point at one participant). */
  fromSpan?: Span;
  toSpan?: Span;
}

/** `object`: any other served kind (§12.2), named by `resource`; it has the generic conditions only. */
export type StateKind = 'pod' | 'deployment' | 'replicaset' | 'statefulset' | 'daemonset' | 'node' | 'service' | 'endpoints' | 'job' | 'cronjob' | 'pdb' | 'object';

/** `KIND SELECTOR: CONDITION [and CONDITION …]` (§7.3). */
export interface StateAssertion extends Node {
  text: string;
  kind: StateKind;
  /** Added (§12.2): the plural resource of the kind named (`jobs`, `namespaces`). */
  resource?: string;
  /**
   * Added (§12.1): a word that is no built-in kind, for a custom resource — `resource` is that
   * word, resolved at run time against the CustomResourceDefinitions stored; `kscn check` refuses
   * it unless a CRD of the file declares it.
   */
  custom?: { word: string; span: Span };
  selector: Selector;
  /** Objects are looked up in every namespace, or in the selector's `-n NAMESPACE` (§12.1). */
  count?: Count;
  conditions: Condition[];
}

export interface Count {
  op: '=' | '>=' | '<=';
  n: number;
}

/** A name pattern (`web-*`) or a label selector (`app=web,tier in (a,b)`). */
export type Selector =
  | ({ kind: 'name'; pattern: string } & SelectorNs & Node)
  | ({ kind: 'labels'; requirements: LabelRequirement[] } & SelectorNs & Node);

/** `-n NAMESPACE` after a selector (LANGUAGE.md §12.1); without it, every namespace. */
export interface SelectorNs {
  namespace?: string;
}

export type LabelRequirement =
  | { op: '='; key: string; value: string }
  | { op: '!='; key: string; value: string }
  | { op: 'in'; key: string; values: string[] }
  | { op: 'notin'; key: string; values: string[] }
  | { op: 'exists'; key: string }
  | { op: '!exists'; key: string };

export type Condition =
  /** pods: a phase, `Terminating`, `Ready` or `gone`. */
  | ({ type: 'podState'; state: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Terminating' | 'Ready' | 'gone'; /** Added: `Running|Pending` — any of these (never `gone`). */ anyOf?: ('Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Terminating' | 'Ready')[] } & Node)
  | ({ type: 'on'; node: string } & Node)
  | ({ type: 'reason'; reason: string } & Node)
  | ({ type: 'restarts'; op: Count['op']; n: number } & Node)
  /**
   * deployment / replicaset: `N ready`, `N replicas`, `N updated`, `available`; statefulset:
   * `N ready`, `N replicas`, `N updated`; daemonset: `N desired`, `N scheduled`, `N ready`, `N updated`.
   */
  | ({ type: 'workloadCount'; what: 'ready' | 'replicas' | 'updated' | 'desired' | 'scheduled'; n: number } & Node)
  | ({ type: 'available' } & Node)
  /** node. */
  | ({ type: 'nodeReady'; ready: boolean } & Node)
  | ({ type: 'taint'; key: string; value?: string; effect: string } & Node)
  | ({ type: 'unschedulable' } & Node)
  /** service / endpoints. */
  | ({ type: 'endpoints'; n: number } & Node)
  | ({ type: 'rules'; n: number } & Node)
  /** Any kind (§12.2): `exists`, `gone`, `.PATH OP VALUE`. */
  | ({ type: 'exists' } & Node)
  | ({ type: 'gone' } & Node)
  | ({ type: 'field'; path: string; segments: PathSegment[]; op: FieldOp; value: string } & Node)
  /** job: `complete`, `failed`, `N succeeded`, `N failed`, `N active`. */
  | ({ type: 'jobState'; state: 'complete' | 'failed' } & Node)
  | ({ type: 'jobCount'; what: 'succeeded' | 'failed' | 'active'; n: number } & Node)
  /** cronjob: `N active`, `N jobs`. */
  | ({ type: 'cronjobCount'; what: 'active' | 'jobs'; n: number } & Node)
  /** `pdb NAME: N allowed` (§12.2): the budget's status.disruptionsAllowed. */
  | ({ type: 'pdbAllowed'; n: number } & Node);

export type FieldOp = '==' | '!=' | '>=' | '<=' | '>' | '<' | '=~';

/** One step of a field path: a key, a list index, or a list element chosen by a field's value (`[type=Ready]`). */
export type PathSegment = { key: string } | { index: number } | { where: string; equals: string };

// ---------------------------------------------------------------------------------------------
// Diagrams (§9)

export interface DiagramDecl extends Node {
  type: 'Diagram';
  title?: string;
  /** Participant patterns in the order to draw them; absent = those that took part, §8 order. */
  show?: string[];
  /** Kinds of message to leave out: responses | watch | etcd | events | notes | status | heartbeats | leases (checked). */
  hide: string[];
  /** Where each `hide` word is written (same order as `hide`), for diagnostics. */
  hideSpans?: Span[];
  /** Where each `focus` pattern is written (same order as `focus`). */
  focusSpans?: Span[];
  /** Where each `show` pattern is written (same order as `show`). */
  showSpans?: Span[];
  /** `detail summary` (the default, LANGUAGE.md §12.3) or `detail full` (every message, §9). */
  detail?: string;
  detailSpan?: Span;
  /** `times`: each arrow starts with its simulated time. */
  times?: boolean;
  /** Only messages about these objects (`kind/name` patterns). */
  focus: string[];
  groups: { title: string; members: string[]; span: Span; memberSpans?: Span[] }[];
  until?: StateAssertion;
}
