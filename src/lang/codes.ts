/**
 * Diagnostic codes: stable identifiers for every problem the language layer reports. Tests and
 * tools key on these; the wording lives next to where each is raised.
 */
export const Code = {
  /** A character or literal the lexer cannot read (binary data, an unterminated string …). */
  Lex: 'E-LEX',
  /** The grammar did not match. */
  Parse: 'E-PARSE',
  /** A statement the block does not know, or one that belongs in another block. */
  UnknownStatement: 'E-UNKNOWN-STATEMENT',
  Misplaced: 'E-MISPLACED',
  Duration: 'E-DURATION',
  Quantity: 'E-QUANTITY',
  Number: 'E-NUMBER',
  Range: 'E-RANGE',
  Selector: 'E-SELECTOR',
  Condition: 'E-CONDITION',
  StateKind: 'E-STATE-KIND',
  MessagePattern: 'E-MESSAGE-PATTERN',
  Participant: 'E-UNKNOWN-PARTICIPANT',
  NodeField: 'E-NODE-FIELD',
  SchedulerSetting: 'E-SCHEDULER',
  Latency: 'E-LATENCY',
  Diagram: 'E-DIAGRAM',
  Rbac: 'E-RBAC',
  Kubectl: 'E-KUBECTL',
  /** An `expect failure` block holding an action that cannot fail, or nothing. */
  ExpectFailure: 'E-EXPECT-FAILURE',
  /** A manifest kind, field, or kubectl command kscn does not simulate (docs/simulated.md). */
  NotSimulated: 'E-NOT-SIMULATED',
  Duplicate: 'E-DUPLICATE',
  UnknownCluster: 'E-UNKNOWN-CLUSTER',
  UnknownManifest: 'E-UNKNOWN-MANIFEST',
  UnknownUser: 'E-UNKNOWN-USER',
  UnknownNode: 'E-UNKNOWN-NODE',
  UnknownNamespace: 'E-UNKNOWN-NAMESPACE',
  Scenario: 'E-SCENARIO',
  Import: 'E-IMPORT',
  ImportCycle: 'E-IMPORT-CYCLE',
  ImportOutside: 'E-IMPORT-OUTSIDE',
  File: 'E-FILE',
  Yaml: 'E-YAML',
  Manifest: 'E-MANIFEST',
  String: 'E-STRING',
  TooManyErrors: 'E-TOO-MANY',
  /** A bug in kscn itself, reported as a diagnostic rather than a crash. */
  Internal: 'E-INTERNAL',
} as const;

export type CodeName = (typeof Code)[keyof typeof Code];
