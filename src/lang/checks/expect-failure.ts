/**
 * `expect failure ["PATTERN"] { actions }` (LANGUAGE.md §12.1): every action in the block must be
 * one that can fail — a kubectl command, an `apply`, a `wait until` (kubectl wait's timeout), or
 * an `as USER { … }` holding such actions. A `wait 5s`, an `at`, a fault or a nested `expect
 * failure` cannot fail, so the block would state nothing about them: an error, never ignored.
 */
import type { Action } from '../ast.js';
import { Code } from '../codes.js';
import type { CheckContext } from './context.js';
import { eachAction } from './walk.js';

const CAN_FAIL = new Set<Action['type']>(['kubectl', 'apply', 'waitUntil']);

const WHAT: Partial<Record<Action['type'], string>> = {
  wait: '`wait D`',
  at: '`at D { … }`',
  failNode: '`fail node`',
  restoreNode: '`restore node`',
  imageFails: '`image … fails to pull`',
  imagePullTime: '`image … pulls in`',
  crash: '`pods … crash after`',
  etcdUnavailable: '`etcd unavailable`',
};

export function expectFailureBlocks(ctx: CheckContext): void {
  for (const s of ctx.ast.scenarios) {
    eachAction(s, (a) => {
      if (a.type !== 'expectFailure') return;
      if (!a.actions.length) {
        ctx.report(Code.ExpectFailure, '`expect failure` holds no action', a.span, 'put the action that must fail in the braces: expect failure "forbidden" { kubectl get pods -n team-a }');
        return;
      }
      const walk = (list: Action[]) => {
        for (const inner of list) {
          if (CAN_FAIL.has(inner.type)) continue;
          if (inner.type === 'as') {
            walk(inner.actions);
            continue;
          }
          if (inner.type === 'expectFailure') {
            ctx.report(Code.ExpectFailure, '`expect failure` cannot hold another `expect failure`', inner.span, 'write the inner actions in the outer block, or the blocks one after the other');
            continue;
          }
          const what = WHAT[inner.type] ?? `\`${inner.type}\``;
          ctx.report(Code.ExpectFailure, `${what} cannot fail, so \`expect failure\` cannot expect it to`, inner.span, 'only kubectl commands, `apply` and `wait until` can fail; move this action out of the block');
        }
      };
      walk(a.actions);
    });
  }
}
