/**
 * Grammar, part 2 of 3: actions (§6) — `when { … }`, `given { … }`, `at D { … }`, `as USER { … }`,
 * `expect failure ["PATTERN"] { … }`.
 */
import * as T from './tokens.js';
import { ExpectRules } from './parser-expect.js';

export abstract class ActionRules extends ExpectRules {
  public actionBlock = this.RULE('actionBlock', () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME(T.Sep) }, { ALT: () => this.SUBRULE(this.action) }]));
    this.CONSUME(T.RCurly);
  });

  public action = this.RULE('action', () => {
    this.OR({
      MAX_LOOKAHEAD: 1,
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.CONSUME(T.KubectlLine) },
        { ALT: () => this.SUBRULE(this.applyAction) },
        { ALT: () => this.SUBRULE(this.waitAction) },
        { ALT: () => this.SUBRULE(this.atAction) },
        { ALT: () => this.SUBRULE(this.asAction) },
        { ALT: () => this.SUBRULE(this.expectFailure) },
        { ALT: () => this.SUBRULE(this.nodeFault) },
        { ALT: () => this.SUBRULE(this.imageFault) },
        { ALT: () => this.SUBRULE(this.crashFault) },
        { ALT: () => this.SUBRULE(this.probeFault) },
        { ALT: () => this.SUBRULE(this.etcdFault) },
        { ALT: () => this.SUBRULE(this.looseStatement) },
      ],
    });
  });

  /** `apply NAME | "file.yaml" | """yaml"""` */
  public applyAction = this.RULE('applyAction', () => {
    this.CONSUME(T.Apply);
    this.OR([{ ALT: () => this.CONSUME(T.Word) }, { ALT: () => this.CONSUME(T.StringLit) }, { ALT: () => this.CONSUME(T.BlockString) }]);
  });

  /** `wait D` or `wait until STATE [timeout D]` */
  public waitAction = this.RULE('waitAction', () => {
    this.CONSUME(T.Wait);
    this.OR({
      MAX_LOOKAHEAD: 1,
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.Until);
            this.SUBRULE(this.stateAssertion);
            this.OPTION(() => {
              // `within` is read so the error can point at `timeout`.
              this.OR2([{ ALT: () => this.CONSUME(T.Timeout) }, { ALT: () => this.CONSUME(T.Within) }]);
              this.CONSUME(T.Word);
            });
          },
        },
        { ALT: () => this.CONSUME2(T.Word) },
      ],
    });
  });

  /** `at D { actions }` (an action written without the braces is read, so the error can say how to write it) */
  public atAction = this.RULE('atAction', () => {
    this.CONSUME(T.At);
    this.CONSUME(T.Word);
    this.OR([{ ALT: () => this.SUBRULE(this.actionBlock) }, { ALT: () => this.SUBRULE(this.looseStatement) }]);
  });

  /** `as USER { actions }` (likewise) */
  public asAction = this.RULE('asAction', () => {
    this.CONSUME(T.As);
    this.CONSUME(T.Word);
    this.OR([{ ALT: () => this.SUBRULE(this.actionBlock) }, { ALT: () => this.SUBRULE(this.looseStatement) }]);
  });

  /** `expect failure ["PATTERN"] { actions }` (LANGUAGE.md §12.1; likewise without braces) */
  public expectFailure = this.RULE('expectFailure', () => {
    this.CONSUME(T.Expect);
    this.CONSUME(T.Failure);
    this.OPTION(() => this.CONSUME(T.StringLit));
    this.OR([{ ALT: () => this.SUBRULE(this.actionBlock) }, { ALT: () => this.SUBRULE(this.looseStatement) }]);
  });

  /** `fail node NAME`, `restore node NAME` */
  public nodeFault = this.RULE('nodeFault', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Fail) }, { ALT: () => this.CONSUME(T.Restore) }]);
    this.CONSUME(T.NodeKw);
    this.CONSUME(T.Word);
  });

  /** `image REF fails to pull`, `image REF pulls in D` */
  public imageFault = this.RULE('imageFault', () => {
    this.CONSUME(T.Image);
    this.CONSUME(T.Word);
    this.OR({
      MAX_LOOKAHEAD: 1,
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.Fails);
            this.CONSUME(T.To);
            this.CONSUME(T.Pull);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Pulls);
            this.CONSUME(T.In);
            this.CONSUME2(T.Word);
          },
        },
      ],
    });
  });

  /**
   * `pods SELECTOR crash after D [exit N] [times N]` (`exit` and `times` in either order), or
   * `pods SELECTOR exit N after D [times N]` (LANGUAGE.md §12.2)
   */
  public crashFault = this.RULE('crashFault', () => {
    this.CONSUME(T.Pods);
    this.SUBRULE(this.selector);
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(T.Crash);
          this.CONSUME(T.After);
          this.CONSUME(T.Word);
          this.MANY(() =>
            this.OR([
              {
                ALT: () => {
                  this.CONSUME(T.Exit);
                  this.CONSUME2(T.Word);
                },
              },
              {
                ALT: () => {
                  this.CONSUME(T.Times);
                  this.CONSUME3(T.Word);
                },
              },
            ]),
          );
        },
      },
      {
        // `pods SELECTOR use memory|cpu Q` (LANGUAGE.md §12.2).
        ALT: () => {
          this.CONSUME(T.Use);
          this.CONSUME8(T.Word);
          this.CONSUME9(T.Word);
        },
      },
      {
        // `pods SELECTOR ignore SIGTERM` (LANGUAGE.md §12.2).
        ALT: () => {
          this.CONSUME(T.Ignore);
          this.CONSUME4(T.Word);
        },
      },
      {
        // `pods SELECTOR exit N after D [times N]` (LANGUAGE.md §12.2).
        ALT: () => {
          this.CONSUME2(T.Exit);
          this.CONSUME5(T.Word);
          this.CONSUME2(T.After);
          this.CONSUME6(T.Word);
          this.OPTION(() => {
            this.CONSUME2(T.Times);
            this.CONSUME7(T.Word);
          });
        },
      },
    ]);
  });

  /** `probe liveness|readiness|startup of pods SELECTOR fails [for D]` (LANGUAGE.md §12.2) */
  public probeFault = this.RULE('probeFault', () => {
    this.CONSUME(T.Probe);
    this.CONSUME(T.Word);
    this.CONSUME2(T.Word);
    this.CONSUME(T.Pods);
    this.SUBRULE(this.selector);
    this.CONSUME(T.Fails);
    this.OPTION(() => {
      this.CONSUME(T.For);
      this.CONSUME3(T.Word);
    });
  });

  /** `etcd unavailable for D` */
  public etcdFault = this.RULE('etcdFault', () => {
    this.CONSUME(T.Etcd);
    this.CONSUME(T.Unavailable);
    this.CONSUME(T.For);
    this.CONSUME(T.Word);
  });
}
