// Generated from the grammar by src/lang/grammar-doc.ts — do not edit.
import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface LooseStatementCstNode extends CstNode {
  name: "looseStatement";
  children: LooseStatementCstChildren;
}

export type LooseStatementCstChildren = {
  looseToken: LooseTokenCstNode[];
  looseBlock?: LooseBlockCstNode[];
};

export interface LooseTokenCstNode extends CstNode {
  name: "looseToken";
  children: LooseTokenCstChildren;
}

export type LooseTokenCstChildren = {
  Word?: IToken[];
  KubectlLine?: IToken[];
  StringLit?: IToken[];
  BlockString?: IToken[];
  Tag?: IToken[];
  Colon?: IToken[];
  Arrow?: IToken[];
  Comma?: IToken[];
  LParen?: IToken[];
  RParen?: IToken[];
  GreaterEq?: IToken[];
  LessEq?: IToken[];
  Greater?: IToken[];
  Less?: IToken[];
};

export interface LooseBlockCstNode extends CstNode {
  name: "looseBlock";
  children: LooseBlockCstChildren;
}

export type LooseBlockCstChildren = {
  LCurly: IToken[];
  Sep?: IToken[];
  looseToken?: LooseTokenCstNode[];
  looseBlock?: LooseBlockCstNode[];
  RCurly: IToken[];
};

export interface SelectorCstNode extends CstNode {
  name: "selector";
  children: SelectorCstChildren;
}

export type SelectorCstChildren = {
  selectorTerm: (SelectorTermCstNode)[];
  Comma?: IToken[];
};

export interface SelectorTermCstNode extends CstNode {
  name: "selectorTerm";
  children: SelectorTermCstChildren;
}

export type SelectorTermCstChildren = {
  Word: IToken[];
  Kw_in?: IToken[];
  Kw_notin?: IToken[];
  LParen?: IToken[];
  wordList?: WordListCstNode[];
  RParen?: IToken[];
};

export interface StateAssertionCstNode extends CstNode {
  name: "stateAssertion";
  children: StateAssertionCstChildren;
}

export type StateAssertionCstChildren = {
  Word: IToken[];
  selector: SelectorCstNode[];
  Colon: IToken[];
  condition: (ConditionCstNode)[];
  Kw_and?: IToken[];
};

export interface ConditionCstNode extends CstNode {
  name: "condition";
  children: ConditionCstChildren;
}

export type ConditionCstChildren = {
  Word?: IToken[];
  GreaterEq?: IToken[];
  LessEq?: IToken[];
  Greater?: IToken[];
  Less?: IToken[];
  StringLit?: IToken[];
};

export interface WordListCstNode extends CstNode {
  name: "wordList";
  children: WordListCstChildren;
}

export type WordListCstChildren = {
  Word: (IToken)[];
  Comma?: IToken[];
};

export interface MessagePatternCstNode extends CstNode {
  name: "messagePattern";
  children: MessagePatternCstChildren;
}

export type MessagePatternCstChildren = {
  Word: (IToken)[];
  Arrow: IToken[];
  Colon?: IToken[];
  Kw_within?: IToken[];
};

export interface ExpectBlockCstNode extends CstNode {
  name: "expectBlock";
  children: ExpectBlockCstChildren;
}

export type ExpectBlockCstChildren = {
  LCurly: IToken[];
  Sep?: IToken[];
  expectation?: ExpectationCstNode[];
  RCurly: IToken[];
};

export interface ExpectationCstNode extends CstNode {
  name: "expectation";
  children: ExpectationCstChildren;
}

export type ExpectationCstChildren = {
  sequenceExpect?: SequenceExpectCstNode[];
  neverExpect?: NeverExpectCstNode[];
  alwaysExpect?: AlwaysExpectCstNode[];
  eventsExpect?: EventsExpectCstNode[];
  eventExpect?: EventExpectCstNode[];
  noEventExpect?: NoEventExpectCstNode[];
  outputExpect?: OutputExpectCstNode[];
  stateExpect?: StateExpectCstNode[];
  looseStatement?: LooseStatementCstNode[];
};

export interface SequenceExpectCstNode extends CstNode {
  name: "sequenceExpect";
  children: SequenceExpectCstChildren;
}

export type SequenceExpectCstChildren = {
  Kw_sequence: IToken[];
  LCurly: IToken[];
  Sep?: IToken[];
  messagePattern?: MessagePatternCstNode[];
  looseStatement?: LooseStatementCstNode[];
  RCurly: IToken[];
};

export interface NeverExpectCstNode extends CstNode {
  name: "neverExpect";
  children: NeverExpectCstChildren;
}

export type NeverExpectCstChildren = {
  Kw_never: IToken[];
  messagePattern?: MessagePatternCstNode[];
  stateAssertion?: StateAssertionCstNode[];
  overStepWithin?: OverStepWithinCstNode[];
};

export interface AlwaysExpectCstNode extends CstNode {
  name: "alwaysExpect";
  children: AlwaysExpectCstChildren;
}

export type AlwaysExpectCstChildren = {
  Kw_always: IToken[];
  stateAssertion: StateAssertionCstNode[];
  overStepWithin?: OverStepWithinCstNode[];
};

export interface OverStepWithinCstNode extends CstNode {
  name: "overStepWithin";
  children: OverStepWithinCstChildren;
}

export type OverStepWithinCstChildren = {
  Kw_within: IToken[];
  Word?: IToken[];
};

export interface NamespaceFlagCstNode extends CstNode {
  name: "namespaceFlag";
  children: NamespaceFlagCstChildren;
}

export type NamespaceFlagCstChildren = {
  Word?: (IToken)[];
};

export interface EventsExpectCstNode extends CstNode {
  name: "eventsExpect";
  children: EventsExpectCstChildren;
}

export type EventsExpectCstChildren = {
  Kw_events: IToken[];
  Word: IToken[];
  namespaceFlag?: NamespaceFlagCstNode[];
  Colon: IToken[];
  wordList: WordListCstNode[];
};

export interface EventExpectCstNode extends CstNode {
  name: "eventExpect";
  children: EventExpectCstChildren;
}

export type EventExpectCstChildren = {
  Kw_event: IToken[];
  Word: (IToken)[];
  namespaceFlag?: NamespaceFlagCstNode[];
  StringLit?: IToken[];
};

export interface NoEventExpectCstNode extends CstNode {
  name: "noEventExpect";
  children: NoEventExpectCstChildren;
}

export type NoEventExpectCstChildren = {
  Kw_no: IToken[];
  Kw_event: IToken[];
  Word: (IToken)[];
  namespaceFlag?: NamespaceFlagCstNode[];
  StringLit?: IToken[];
};

export interface OutputExpectCstNode extends CstNode {
  name: "outputExpect";
  children: OutputExpectCstChildren;
}

export type OutputExpectCstChildren = {
  Kw_output: IToken[];
  StringLit: IToken[];
};

export interface StateExpectCstNode extends CstNode {
  name: "stateExpect";
  children: StateExpectCstChildren;
}

export type StateExpectCstChildren = {
  stateAssertion: StateAssertionCstNode[];
  Kw_within?: IToken[];
  Word?: IToken[];
};

export interface DiagramDeclCstNode extends CstNode {
  name: "diagramDecl";
  children: DiagramDeclCstChildren;
}

export type DiagramDeclCstChildren = {
  Kw_diagram: IToken[];
  StringLit?: IToken[];
  LCurly: IToken[];
  Sep?: IToken[];
  directive?: DirectiveCstNode[];
  RCurly: IToken[];
};

export interface DirectiveCstNode extends CstNode {
  name: "directive";
  children: DirectiveCstChildren;
}

export type DirectiveCstChildren = {
  Kw_show?: IToken[];
  wordList?: (WordListCstNode)[];
  Kw_hide?: IToken[];
  Word?: (IToken)[];
  Comma?: IToken[];
  Kw_focus?: IToken[];
  Kw_group?: IToken[];
  StringLit?: IToken[];
  Kw_until?: IToken[];
  stateAssertion?: StateAssertionCstNode[];
  Kw_detail?: IToken[];
  Kw_times?: IToken[];
  looseStatement?: LooseStatementCstNode[];
};

export interface ActionBlockCstNode extends CstNode {
  name: "actionBlock";
  children: ActionBlockCstChildren;
}

export type ActionBlockCstChildren = {
  LCurly: IToken[];
  Sep?: IToken[];
  action?: ActionCstNode[];
  RCurly: IToken[];
};

export interface ActionCstNode extends CstNode {
  name: "action";
  children: ActionCstChildren;
}

export type ActionCstChildren = {
  KubectlLine?: IToken[];
  applyAction?: ApplyActionCstNode[];
  waitAction?: WaitActionCstNode[];
  atAction?: AtActionCstNode[];
  asAction?: AsActionCstNode[];
  expectFailure?: ExpectFailureCstNode[];
  nodeFault?: NodeFaultCstNode[];
  imageFault?: ImageFaultCstNode[];
  crashFault?: CrashFaultCstNode[];
  probeFault?: ProbeFaultCstNode[];
  etcdFault?: EtcdFaultCstNode[];
  looseStatement?: LooseStatementCstNode[];
};

export interface ApplyActionCstNode extends CstNode {
  name: "applyAction";
  children: ApplyActionCstChildren;
}

export type ApplyActionCstChildren = {
  Kw_apply: IToken[];
  Word?: IToken[];
  StringLit?: IToken[];
  BlockString?: IToken[];
};

export interface WaitActionCstNode extends CstNode {
  name: "waitAction";
  children: WaitActionCstChildren;
}

export type WaitActionCstChildren = {
  Kw_wait: IToken[];
  Kw_until?: IToken[];
  stateAssertion?: StateAssertionCstNode[];
  Kw_timeout?: IToken[];
  Kw_within?: IToken[];
  Word?: (IToken)[];
};

export interface AtActionCstNode extends CstNode {
  name: "atAction";
  children: AtActionCstChildren;
}

export type AtActionCstChildren = {
  Kw_at: IToken[];
  Word: IToken[];
  actionBlock?: ActionBlockCstNode[];
  looseStatement?: LooseStatementCstNode[];
};

export interface AsActionCstNode extends CstNode {
  name: "asAction";
  children: AsActionCstChildren;
}

export type AsActionCstChildren = {
  Kw_as: IToken[];
  Word: IToken[];
  actionBlock?: ActionBlockCstNode[];
  looseStatement?: LooseStatementCstNode[];
};

export interface ExpectFailureCstNode extends CstNode {
  name: "expectFailure";
  children: ExpectFailureCstChildren;
}

export type ExpectFailureCstChildren = {
  Kw_expect: IToken[];
  Kw_failure: IToken[];
  StringLit?: IToken[];
  actionBlock?: ActionBlockCstNode[];
  looseStatement?: LooseStatementCstNode[];
};

export interface NodeFaultCstNode extends CstNode {
  name: "nodeFault";
  children: NodeFaultCstChildren;
}

export type NodeFaultCstChildren = {
  Kw_fail?: IToken[];
  Kw_restore?: IToken[];
  Kw_node: IToken[];
  Word: IToken[];
};

export interface ImageFaultCstNode extends CstNode {
  name: "imageFault";
  children: ImageFaultCstChildren;
}

export type ImageFaultCstChildren = {
  Kw_image: IToken[];
  Word: (IToken)[];
  Kw_fails?: IToken[];
  Kw_to?: IToken[];
  Kw_pull?: IToken[];
  Kw_pulls?: IToken[];
  Kw_in?: IToken[];
};

export interface CrashFaultCstNode extends CstNode {
  name: "crashFault";
  children: CrashFaultCstChildren;
}

export type CrashFaultCstChildren = {
  Kw_pods: IToken[];
  selector: SelectorCstNode[];
  Kw_crash?: IToken[];
  Kw_after?: (IToken)[];
  Word?: (IToken)[];
  Kw_exit?: (IToken)[];
  Kw_times?: (IToken)[];
  Kw_use?: IToken[];
  Kw_ignore?: IToken[];
};

export interface ProbeFaultCstNode extends CstNode {
  name: "probeFault";
  children: ProbeFaultCstChildren;
}

export type ProbeFaultCstChildren = {
  Kw_probe: IToken[];
  Word: (IToken)[];
  Kw_pods: IToken[];
  selector: SelectorCstNode[];
  Kw_fails: IToken[];
  Kw_for?: IToken[];
};

export interface EtcdFaultCstNode extends CstNode {
  name: "etcdFault";
  children: EtcdFaultCstChildren;
}

export type EtcdFaultCstChildren = {
  Kw_etcd: IToken[];
  Kw_unavailable: IToken[];
  Kw_for: IToken[];
  Word: IToken[];
};

export interface FileCstNode extends CstNode {
  name: "file";
  children: FileCstChildren;
}

export type FileCstChildren = {
  Sep?: IToken[];
  topStatement?: TopStatementCstNode[];
};

export interface TopStatementCstNode extends CstNode {
  name: "topStatement";
  children: TopStatementCstChildren;
}

export type TopStatementCstChildren = {
  importDecl?: ImportDeclCstNode[];
  clusterDecl?: ClusterDeclCstNode[];
  manifestDecl?: ManifestDeclCstNode[];
  scenarioDecl?: ScenarioDeclCstNode[];
  looseStatement?: LooseStatementCstNode[];
};

export interface ImportDeclCstNode extends CstNode {
  name: "importDecl";
  children: ImportDeclCstChildren;
}

export type ImportDeclCstChildren = {
  Kw_import: IToken[];
  StringLit: IToken[];
};

export interface ClusterDeclCstNode extends CstNode {
  name: "clusterDecl";
  children: ClusterDeclCstChildren;
}

export type ClusterDeclCstChildren = {
  Kw_cluster: IToken[];
  Word: IToken[];
  clusterBlock: ClusterBlockCstNode[];
};

export interface ManifestDeclCstNode extends CstNode {
  name: "manifestDecl";
  children: ManifestDeclCstChildren;
}

export type ManifestDeclCstChildren = {
  Kw_manifest: IToken[];
  Word: IToken[];
  yamlSource: YamlSourceCstNode[];
};

export interface YamlSourceCstNode extends CstNode {
  name: "yamlSource";
  children: YamlSourceCstChildren;
}

export type YamlSourceCstChildren = {
  Kw_from?: IToken[];
  StringLit?: IToken[];
  BlockString?: IToken[];
};

export interface ClusterBlockCstNode extends CstNode {
  name: "clusterBlock";
  children: ClusterBlockCstChildren;
}

export type ClusterBlockCstChildren = {
  LCurly: IToken[];
  Sep?: IToken[];
  clusterStatement?: ClusterStatementCstNode[];
  RCurly: IToken[];
};

export interface ClusterStatementCstNode extends CstNode {
  name: "clusterStatement";
  children: ClusterStatementCstChildren;
}

export type ClusterStatementCstChildren = {
  nodeDecl?: NodeDeclCstNode[];
  namespaceDecl?: NamespaceDeclCstNode[];
  priorityClassDecl?: PriorityClassDeclCstNode[];
  userDecl?: UserDeclCstNode[];
  applyAction?: ApplyActionCstNode[];
  schedulerDecl?: SchedulerDeclCstNode[];
  latencyDecl?: LatencyDeclCstNode[];
  looseStatement?: LooseStatementCstNode[];
};

export interface NodeDeclCstNode extends CstNode {
  name: "nodeDecl";
  children: NodeDeclCstChildren;
}

export type NodeDeclCstChildren = {
  Kw_node: IToken[];
  Word: IToken[];
  LCurly?: IToken[];
  Sep?: IToken[];
  wordsStatement?: WordsStatementCstNode[];
  RCurly?: IToken[];
};

export interface WordsStatementCstNode extends CstNode {
  name: "wordsStatement";
  children: WordsStatementCstChildren;
}

export type WordsStatementCstChildren = {
  Word: (IToken)[];
  Comma?: IToken[];
};

export interface NamespaceDeclCstNode extends CstNode {
  name: "namespaceDecl";
  children: NamespaceDeclCstChildren;
}

export type NamespaceDeclCstChildren = {
  Kw_namespace: IToken[];
  wordList: WordListCstNode[];
};

export interface PriorityClassDeclCstNode extends CstNode {
  name: "priorityClassDecl";
  children: PriorityClassDeclCstChildren;
}

export type PriorityClassDeclCstChildren = {
  Kw_priorityclass: IToken[];
  Word: (IToken)[];
};

export interface UserDeclCstNode extends CstNode {
  name: "userDecl";
  children: UserDeclCstChildren;
}

export type UserDeclCstChildren = {
  Kw_user: IToken[];
  Word: IToken[];
  LCurly: IToken[];
  Sep?: IToken[];
  rbacRule?: RbacRuleCstNode[];
  looseStatement?: LooseStatementCstNode[];
  RCurly: IToken[];
};

export interface RbacRuleCstNode extends CstNode {
  name: "rbacRule";
  children: RbacRuleCstChildren;
}

export type RbacRuleCstChildren = {
  Kw_allow: IToken[];
  wordList: (WordListCstNode)[];
  Kw_on: IToken[];
  Kw_in?: IToken[];
};

export interface SchedulerDeclCstNode extends CstNode {
  name: "schedulerDecl";
  children: SchedulerDeclCstChildren;
}

export type SchedulerDeclCstChildren = {
  Kw_scheduler: IToken[];
  yamlSource?: YamlSourceCstNode[];
  LCurly?: IToken[];
  Sep?: IToken[];
  wordsStatement?: WordsStatementCstNode[];
  RCurly?: IToken[];
};

export interface LatencyDeclCstNode extends CstNode {
  name: "latencyDecl";
  children: LatencyDeclCstChildren;
}

export type LatencyDeclCstChildren = {
  Kw_latency: IToken[];
  LCurly: IToken[];
  Sep?: IToken[];
  wordsStatement?: WordsStatementCstNode[];
  RCurly: IToken[];
};

export interface ScenarioDeclCstNode extends CstNode {
  name: "scenarioDecl";
  children: ScenarioDeclCstChildren;
}

export type ScenarioDeclCstChildren = {
  Kw_scenario: IToken[];
  StringLit: IToken[];
  Tag?: IToken[];
  LCurly: IToken[];
  Sep?: IToken[];
  scenarioItem?: ScenarioItemCstNode[];
  RCurly: IToken[];
};

export interface ScenarioItemCstNode extends CstNode {
  name: "scenarioItem";
  children: ScenarioItemCstChildren;
}

export type ScenarioItemCstChildren = {
  seedStmt?: SeedStmtCstNode[];
  timeoutStmt?: TimeoutStmtCstNode[];
  givenStmt?: GivenStmtCstNode[];
  whenStmt?: WhenStmtCstNode[];
  thenStmt?: ThenStmtCstNode[];
  diagramDecl?: DiagramDeclCstNode[];
  looseStatement?: LooseStatementCstNode[];
};

export interface SeedStmtCstNode extends CstNode {
  name: "seedStmt";
  children: SeedStmtCstChildren;
}

export type SeedStmtCstChildren = {
  Kw_seed: IToken[];
  Word: IToken[];
};

export interface TimeoutStmtCstNode extends CstNode {
  name: "timeoutStmt";
  children: TimeoutStmtCstChildren;
}

export type TimeoutStmtCstChildren = {
  Kw_timeout: IToken[];
  Word: IToken[];
};

export interface GivenStmtCstNode extends CstNode {
  name: "givenStmt";
  children: GivenStmtCstChildren;
}

export type GivenStmtCstChildren = {
  Kw_given: IToken[];
  Kw_cluster?: IToken[];
  Word?: IToken[];
  clusterBlock?: ClusterBlockCstNode[];
  actionBlock?: ActionBlockCstNode[];
};

export interface WhenStmtCstNode extends CstNode {
  name: "whenStmt";
  children: WhenStmtCstChildren;
}

export type WhenStmtCstChildren = {
  Kw_when: IToken[];
  actionBlock: ActionBlockCstNode[];
};

export interface ThenStmtCstNode extends CstNode {
  name: "thenStmt";
  children: ThenStmtCstChildren;
}

export type ThenStmtCstChildren = {
  Kw_then: IToken[];
  expectBlock: ExpectBlockCstNode[];
};
