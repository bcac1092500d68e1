/**
 * Grammar, part 1 of 3: the base of the parser — shared pieces (selectors, state assertions,
 * message patterns, the catch-all `looseStatement`), expectations (§7) and diagrams (§9).
 * `parser-actions.ts` and `parser.ts` extend it; the last one runs `performSelfAnalysis`.
 */
import type { ILookaheadStrategy as LLk, TokenType } from 'chevrotain';
import { CstParser, EOF, LLkLookaheadStrategy, tokenMatcher } from './chevrotain.js';
import * as T from './tokens.js';
import { errorMessages } from './parse-messages.js';
import { stateKindWords } from './state-kinds.js';

/** Words that may begin a state assertion in a `then` block (§7.3, §12.2): every kind the apiserver serves, singular, plural or short. */
export const STATE_KINDS = new Set(['pod', 'pods', 'deployment', 'deployments', 'replicaset', 'replicasets', 'node', 'nodes', 'service', 'services', 'endpoints', ...stateKindWords()]);

/** Tokens a line of an unknown statement may hold. */
const LOOSE: TokenType[] = [T.Word, T.KubectlLine, T.StringLit, T.BlockString, T.Tag, T.Colon, T.Arrow, T.Comma, T.LParen, T.RParen, T.GreaterEq, T.LessEq, T.Greater, T.Less];

/**
 * Chevrotain's LL(k) lookahead, each function built the first time it is needed instead of all of
 * them in `performSelfAnalysis` (most of a `kscn` command's start-up): a file uses a few of the
 * grammar's rules. Each is the very function the eager strategy would build, from the same rule.
 */
class LazyLookahead extends LLkLookaheadStrategy {
  override buildLookaheadForAlternation(options: Parameters<LLk['buildLookaheadForAlternation']>[0]): ReturnType<LLk['buildLookaheadForAlternation']> {
    let f: ReturnType<LLk['buildLookaheadForAlternation']> | undefined;
    const build = () => (f = super.buildLookaheadForAlternation(options));
    return function (this: unknown, orAlts: Parameters<ReturnType<LLk['buildLookaheadForAlternation']>>[0]) {
      return (f ?? build()).call(this, orAlts);
    };
  }

  override buildLookaheadForOptional(options: Parameters<LLk['buildLookaheadForOptional']>[0]): ReturnType<LLk['buildLookaheadForOptional']> {
    let f: ReturnType<LLk['buildLookaheadForOptional']> | undefined;
    const build = () => (f = super.buildLookaheadForOptional(options));
    return function (this: unknown) {
      return (f ?? build()).call(this);
    };
  }
}

export abstract class ExpectRules extends CstParser {
  constructor() {
    // Grammar validations cost start-up time on every `kscn` run; the test suite runs them
    // (VITEST is set) and so does KSCN_VALIDATE_GRAMMAR=1, with every lookahead built at once.
    const validate = !!(process.env.VITEST || process.env.KSCN_VALIDATE_GRAMMAR);
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 2,
      nodeLocationTracking: 'onlyOffset',
      errorMessageProvider: errorMessages,
      skipValidations: !validate,
      ...(validate ? {} : { lookaheadStrategy: new LazyLookahead({ maxLookahead: 2 }) }),
    });
  }

  /** Is the next token one of these (by exact type, not category)? */
  protected next(...types: TokenType[]): boolean {
    return types.includes(this.LA(1).tokenType);
  }

  // ---- catch-all
  /** Any line of tokens and an optional nested block: an unknown or misplaced statement. */
  public looseStatement = this.RULE('looseStatement', () => {
    this.AT_LEAST_ONE(() => this.SUBRULE(this.looseToken));
    this.OPTION(() => this.SUBRULE(this.looseBlock));
  });

  public looseToken = this.RULE('looseToken', () => {
    this.OR(LOOSE.map((t) => ({ ALT: () => this.CONSUME(t) })));
  });

  public looseBlock = this.RULE('looseBlock', () => {
    this.CONSUME(T.LCurly);
    this.MANY(() =>
      this.OR([{ ALT: () => this.CONSUME(T.Sep) }, { ALT: () => this.SUBRULE(this.looseToken) }, { ALT: () => this.SUBRULE(this.looseBlock) }]),
    );
    this.CONSUME(T.RCurly);
  });

  // ---- selectors and states (§2, §7.3)
  /** A name pattern, or label requirements: `app=web, tier in (a,b)`, `-l app=web`, `!app`. */
  public selector = this.RULE('selector', () => {
    this.SUBRULE(this.selectorTerm);
    this.MANY({
      GATE: () => !this.next(T.Crash, T.Ignore, T.Exit, T.Fails, T.Use),
      DEF: () => {
        this.OPTION(() => this.CONSUME(T.Comma));
        this.SUBRULE2(this.selectorTerm);
      },
    });
  });

  public selectorTerm = this.RULE('selectorTerm', () => {
    this.CONSUME(T.Word);
    this.OPTION(() => {
      this.OR([{ ALT: () => this.CONSUME(T.In) }, { ALT: () => this.CONSUME(T.NotIn) }]);
      this.CONSUME(T.LParen);
      this.SUBRULE(this.wordList);
      this.CONSUME(T.RParen);
    });
  });

  /** `KIND SELECTOR: CONDITION [and CONDITION …]` */
  public stateAssertion = this.RULE('stateAssertion', () => {
    this.CONSUME(T.Word);
    this.SUBRULE(this.selector);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.condition);
    this.MANY(() => {
      this.CONSUME(T.And);
      this.SUBRULE2(this.condition);
    });
  });

  /** Words of one condition (`3 Running`, `>=2 Ready`, `on gpu-*`, `restarts >= 2`, `.status.phase == "Running"`), up to `and`, `within`, `timeout`. */
  public condition = this.RULE('condition', () => {
    this.AT_LEAST_ONE({
      GATE: () => !this.next(T.And, T.Within, T.Timeout),
      DEF: () =>
        this.OR([
          { ALT: () => this.CONSUME(T.Word) },
          { ALT: () => this.CONSUME(T.GreaterEq) },
          { ALT: () => this.CONSUME(T.LessEq) },
          { ALT: () => this.CONSUME(T.Greater) },
          { ALT: () => this.CONSUME(T.Less) },
          { ALT: () => this.CONSUME(T.StringLit) },
        ]),
    });
  });

  /** `a, b, c` */
  public wordList = this.RULE('wordList', () => {
    this.CONSUME(T.Word);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.CONSUME2(T.Word);
    });
  });

  /** `FROM -> TO[: VERB [TARGET] [key=value …]] [within D]` (without a verb: any message, as in `never !apiserver -> etcd`). */
  public messagePattern = this.RULE('messagePattern', () => {
    this.CONSUME(T.Word);
    this.CONSUME(T.Arrow);
    this.CONSUME2(T.Word);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.AT_LEAST_ONE({ GATE: () => !this.next(T.Within), DEF: () => this.CONSUME3(T.Word) });
    });
    this.OPTION2(() => {
      this.CONSUME(T.Within);
      this.CONSUME4(T.Word);
    });
  });

  // ---- expectations (§7)
  public expectBlock = this.RULE('expectBlock', () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME(T.Sep) }, { ALT: () => this.SUBRULE(this.expectation) }]));
    this.CONSUME(T.RCurly);
  });

  public expectation = this.RULE('expectation', () => {
    this.OR({
      MAX_LOOKAHEAD: 1,
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.sequenceExpect) },
        { ALT: () => this.SUBRULE(this.neverExpect) },
        { ALT: () => this.SUBRULE(this.alwaysExpect) },
        { ALT: () => this.SUBRULE(this.eventsExpect) },
        { ALT: () => this.SUBRULE(this.eventExpect) },
        { ALT: () => this.SUBRULE(this.noEventExpect) },
        { ALT: () => this.SUBRULE(this.outputExpect) },
        { GATE: () => STATE_KINDS.has(this.LA(1).image) || this.customState(), ALT: () => this.SUBRULE(this.stateExpect) },
        { ALT: () => this.SUBRULE(this.looseStatement) },
      ],
    });
  });

  /**
   * `WORD SELECTOR…: exists|gone|.PATH …` on one line, WORD not a kind kscn serves by itself: a state on a
   * custom resource (LANGUAGE.md §12.1, §12.2 "any kind"), its kind checked against the file's
   * CustomResourceDefinitions by `kscn check`.
   */
  private customState(): boolean {
    if (this.LA(1).tokenType !== T.Word) return false;
    for (let k = 2; k < 16; k++) {
      const t = this.LA(k).tokenType;
      // Only the conditions any kind has: exists, gone, .PATH OP VALUE.
      if (t === T.Colon) return k > 2 && /^(exists|gone|\.)/.test(this.LA(k + 1).image);
      if (t === EOF || t === T.LCurly || t === T.RCurly || t === T.Arrow || tokenMatcher(this.LA(k), T.Sep)) return false;
    }
    return false;
  }

  public sequenceExpect = this.RULE('sequenceExpect', () => {
    this.CONSUME(T.Sequence);
    this.CONSUME(T.LCurly);
    this.MANY(() =>
      this.OR({
        MAX_LOOKAHEAD: 1,
        IGNORE_AMBIGUITIES: true,
        DEF: [
          { ALT: () => this.CONSUME(T.Sep) },
          { GATE: () => this.LA(2).tokenType === T.Arrow, ALT: () => this.SUBRULE(this.messagePattern) },
          { ALT: () => this.SUBRULE(this.looseStatement) },
        ],
      }),
    );
    this.CONSUME(T.RCurly);
  });

  /** `never PATTERN` (a message: it has `->`) or `never STATE`. */
  public neverExpect = this.RULE('neverExpect', () => {
    this.CONSUME(T.Never);
    this.OR({
      MAX_LOOKAHEAD: 1,
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => this.LA(2).tokenType === T.Arrow, ALT: () => this.SUBRULE(this.messagePattern) },
        {
          ALT: () => {
            this.SUBRULE(this.stateAssertion);
            this.OPTION(() => this.SUBRULE(this.overStepWithin));
          },
        },
      ],
    });
  });

  public alwaysExpect = this.RULE('alwaysExpect', () => {
    this.CONSUME(T.Always);
    this.SUBRULE(this.stateAssertion);
    this.OPTION(() => this.SUBRULE(this.overStepWithin));
  });

  /** `within D` after `always`/`never STATE`: read so the error can say what to write instead. */
  public overStepWithin = this.RULE('overStepWithin', () => {
    this.CONSUME(T.Within);
    this.OPTION(() => this.CONSUME(T.Word));
  });

  /** `-n NAMESPACE` or `--namespace=NAMESPACE` after an Event's object (LANGUAGE.md §12.1). */
  public namespaceFlag = this.RULE('namespaceFlag', () => {
    this.OR([
      {
        GATE: () => this.LA(1).image === '-n' || this.LA(1).image === '--namespace',
        ALT: () => {
          this.CONSUME(T.Word);
          this.CONSUME2(T.Word);
        },
      },
      { ALT: () => this.CONSUME3(T.Word) },
    ]);
  });

  /** `events pod/web-* [-n NS]: Scheduled, Pulling` */
  public eventsExpect = this.RULE('eventsExpect', () => {
    this.CONSUME(T.Events);
    this.CONSUME(T.Word);
    this.OPTION9({ GATE: () => isNamespaceFlag(this.LA(1).image), DEF: () => this.SUBRULE(this.namespaceFlag) });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.wordList);
  });

  /** `event pod/big FailedScheduling ["message pattern"]` */
  public eventExpect = this.RULE('eventExpect', () => {
    this.CONSUME(T.Event);
    this.CONSUME(T.Word);
    this.OPTION9({ GATE: () => isNamespaceFlag(this.LA(1).image), DEF: () => this.SUBRULE(this.namespaceFlag) });
    this.CONSUME2(T.Word);
    this.OPTION(() => this.CONSUME(T.StringLit));
  });

  public noEventExpect = this.RULE('noEventExpect', () => {
    this.CONSUME(T.No);
    this.CONSUME(T.Event);
    this.CONSUME(T.Word);
    this.OPTION9({ GATE: () => isNamespaceFlag(this.LA(1).image), DEF: () => this.SUBRULE(this.namespaceFlag) });
    this.CONSUME2(T.Word);
    this.OPTION(() => this.CONSUME(T.StringLit));
  });

  /** `output "PATTERN"`: a line kubectl printed (LANGUAGE.md §12.2). */
  public outputExpect = this.RULE('outputExpect', () => {
    this.CONSUME(T.Output);
    this.CONSUME(T.StringLit);
  });

  public stateExpect = this.RULE('stateExpect', () => {
    this.SUBRULE(this.stateAssertion);
    this.OPTION(() => {
      this.CONSUME(T.Within);
      this.CONSUME(T.Word);
    });
  });

  // ---- diagrams (§9)
  public diagramDecl = this.RULE('diagramDecl', () => {
    this.CONSUME(T.Diagram);
    this.OPTION(() => this.CONSUME(T.StringLit));
    this.CONSUME(T.LCurly);
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME(T.Sep) }, { ALT: () => this.SUBRULE(this.directive) }]));
    this.CONSUME(T.RCurly);
  });

  public directive = this.RULE('directive', () => {
    this.OR({
      MAX_LOOKAHEAD: 1,
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.Show);
            this.SUBRULE(this.wordList);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Hide);
            this.AT_LEAST_ONE(() => this.OR2([{ ALT: () => this.CONSUME(T.Word) }, { ALT: () => this.CONSUME(T.Comma) }]));
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Focus);
            this.SUBRULE2(this.wordList);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Group);
            this.CONSUME(T.StringLit);
            this.SUBRULE3(this.wordList);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Until);
            this.SUBRULE(this.stateAssertion);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Detail);
            this.CONSUME2(T.Word);
          },
        },
        { ALT: () => this.CONSUME(T.Times) },
        { ALT: () => this.SUBRULE(this.looseStatement) },
      ],
    });
  });
}

/** `-n`, `--namespace` or `--namespace=NS`: a namespace flag after an Event's object. */
function isNamespaceFlag(image: string): boolean {
  return image === '-n' || image === '--namespace' || image.startsWith('--namespace=');
}
