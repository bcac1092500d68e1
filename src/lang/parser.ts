/**
 * The grammar of `.kscn` as a Chevrotain `CstParser` (LANGUAGE.md §3–§9): pure grammar, no
 * actions; `to-ast/` turns the CST into the typed AST.
 *
 * Shape of every block: `{ (Sep | statement)* }`, where a statement is chosen by its first word
 * (LL(1), `MAX_LOOKAHEAD: 1`). Each block ends with a catch-all `looseStatement` that takes any
 * line (and a nested block), so a misspelt or misplaced statement becomes one precise diagnostic
 * ("unknown action `wiat`, did you mean `wait`?") instead of a cascade of token errors. Words
 * whose meaning depends on their place (node fields, scheduler settings, latencies, conditions)
 * are taken as words and read by the AST builder, which knows what each may be.
 */
import * as T from './tokens.js';
import { ActionRules } from './parser-actions.js';

/** Grammar, part 3 of 3: the top level (§3), clusters (§4) and scenarios (§5). */
export class KscnParser extends ActionRules {
  constructor() {
    super();
    this.performSelfAnalysis();
  }

  // ---- top level (§3)
  public file = this.RULE('file', () => {
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME(T.Sep) }, { ALT: () => this.SUBRULE(this.topStatement) }]));
  });

  public topStatement = this.RULE('topStatement', () => {
    this.OR({
      MAX_LOOKAHEAD: 1,
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.importDecl) },
        { ALT: () => this.SUBRULE(this.clusterDecl) },
        { ALT: () => this.SUBRULE(this.manifestDecl) },
        { ALT: () => this.SUBRULE(this.scenarioDecl) },
        { ALT: () => this.SUBRULE(this.looseStatement) },
      ],
    });
  });

  public importDecl = this.RULE('importDecl', () => {
    this.CONSUME(T.Import);
    this.CONSUME(T.StringLit);
  });

  public clusterDecl = this.RULE('clusterDecl', () => {
    this.CONSUME(T.Cluster);
    this.CONSUME(T.Word);
    this.SUBRULE(this.clusterBlock);
  });

  public manifestDecl = this.RULE('manifestDecl', () => {
    this.CONSUME(T.Manifest);
    this.CONSUME(T.Word);
    this.SUBRULE(this.yamlSource);
  });

  /** `from "file.yaml"` or `"""yaml"""`. */
  public yamlSource = this.RULE('yamlSource', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.From);
          this.CONSUME(T.StringLit);
        },
      },
      { ALT: () => this.CONSUME(T.BlockString) },
    ]);
  });

  // ---- clusters (§4)
  public clusterBlock = this.RULE('clusterBlock', () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME(T.Sep) }, { ALT: () => this.SUBRULE(this.clusterStatement) }]));
    this.CONSUME(T.RCurly);
  });

  public clusterStatement = this.RULE('clusterStatement', () => {
    this.OR({
      MAX_LOOKAHEAD: 1,
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.nodeDecl) },
        { ALT: () => this.SUBRULE(this.namespaceDecl) },
        { ALT: () => this.SUBRULE(this.priorityClassDecl) },
        { ALT: () => this.SUBRULE(this.userDecl) },
        { ALT: () => this.SUBRULE(this.applyAction) },
        { ALT: () => this.SUBRULE(this.schedulerDecl) },
        { ALT: () => this.SUBRULE(this.latencyDecl) },
        { ALT: () => this.SUBRULE(this.looseStatement) },
      ],
    });
  });

  public nodeDecl = this.RULE('nodeDecl', () => {
    this.CONSUME(T.NodeKw);
    this.CONSUME(T.Word);
    this.OPTION(() => {
      this.CONSUME(T.LCurly);
      this.MANY(() => this.OR([{ ALT: () => this.CONSUME(T.Sep) }, { ALT: () => this.SUBRULE(this.wordsStatement) }]));
      this.CONSUME(T.RCurly);
    });
  });

  /** A word and its arguments (node fields, scheduler settings, latency entries). */
  public wordsStatement = this.RULE('wordsStatement', () => {
    this.CONSUME(T.Word);
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME2(T.Word) }, { ALT: () => this.CONSUME(T.Comma) }]));
  });

  public namespaceDecl = this.RULE('namespaceDecl', () => {
    this.CONSUME(T.Namespace);
    this.SUBRULE(this.wordList);
  });

  public priorityClassDecl = this.RULE('priorityClassDecl', () => {
    this.CONSUME(T.PriorityClass);
    this.CONSUME(T.Word);
    this.CONSUME2(T.Word);
  });

  public userDecl = this.RULE('userDecl', () => {
    this.CONSUME(T.User);
    this.CONSUME(T.Word);
    this.CONSUME(T.LCurly);
    this.MANY(() =>
      this.OR({
        MAX_LOOKAHEAD: 1,
        IGNORE_AMBIGUITIES: true,
        DEF: [{ ALT: () => this.CONSUME(T.Sep) }, { ALT: () => this.SUBRULE(this.rbacRule) }, { ALT: () => this.SUBRULE(this.looseStatement) }],
      }),
    );
    this.CONSUME(T.RCurly);
  });

  /** `allow VERBS on RESOURCES [in NAMESPACES]` */
  public rbacRule = this.RULE('rbacRule', () => {
    this.CONSUME(T.Allow);
    this.SUBRULE(this.wordList);
    this.CONSUME(T.On);
    this.SUBRULE2(this.wordList);
    this.OPTION(() => {
      this.CONSUME(T.In);
      this.SUBRULE3(this.wordList);
    });
  });

  public schedulerDecl = this.RULE('schedulerDecl', () => {
    this.CONSUME(T.Scheduler);
    this.OR([
      { ALT: () => this.SUBRULE(this.yamlSource) },
      {
        ALT: () => {
          this.CONSUME(T.LCurly);
          this.MANY(() => this.OR2([{ ALT: () => this.CONSUME(T.Sep) }, { ALT: () => this.SUBRULE(this.wordsStatement) }]));
          this.CONSUME(T.RCurly);
        },
      },
    ]);
  });

  public latencyDecl = this.RULE('latencyDecl', () => {
    this.CONSUME(T.Latency);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME(T.Sep) }, { ALT: () => this.SUBRULE(this.wordsStatement) }]));
    this.CONSUME(T.RCurly);
  });

  // ---- scenarios (§5)
  public scenarioDecl = this.RULE('scenarioDecl', () => {
    this.CONSUME(T.Scenario);
    this.CONSUME(T.StringLit);
    this.MANY(() => this.CONSUME(T.Tag));
    this.CONSUME(T.LCurly);
    this.MANY2(() => this.OR([{ ALT: () => this.CONSUME(T.Sep) }, { ALT: () => this.SUBRULE(this.scenarioItem) }]));
    this.CONSUME(T.RCurly);
  });

  public scenarioItem = this.RULE('scenarioItem', () => {
    this.OR({
      MAX_LOOKAHEAD: 1,
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.seedStmt) },
        { ALT: () => this.SUBRULE(this.timeoutStmt) },
        { ALT: () => this.SUBRULE(this.givenStmt) },
        { ALT: () => this.SUBRULE(this.whenStmt) },
        { ALT: () => this.SUBRULE(this.thenStmt) },
        { ALT: () => this.SUBRULE(this.diagramDecl) },
        { ALT: () => this.SUBRULE(this.looseStatement) },
      ],
    });
  });

  public seedStmt = this.RULE('seedStmt', () => {
    this.CONSUME(T.Seed);
    this.CONSUME(T.Word);
  });

  public timeoutStmt = this.RULE('timeoutStmt', () => {
    this.CONSUME(T.Timeout);
    this.CONSUME(T.Word);
  });

  /** `given cluster NAME`, `given cluster { … }`, `given { actions }` */
  public givenStmt = this.RULE('givenStmt', () => {
    this.CONSUME(T.Given);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Cluster);
          this.OR2([{ ALT: () => this.CONSUME(T.Word) }, { ALT: () => this.SUBRULE(this.clusterBlock) }]);
        },
      },
      { ALT: () => this.SUBRULE(this.actionBlock) },
    ]);
  });

  public whenStmt = this.RULE('whenStmt', () => {
    this.CONSUME(T.When);
    this.SUBRULE(this.actionBlock);
  });

  public thenStmt = this.RULE('thenStmt', () => {
    this.CONSUME(T.Then);
    this.SUBRULE(this.expectBlock);
  });
}

/** The one parser instance: reset per parse with `parser.input = tokens`. */
export const parser = new KscnParser();
