/**
 * The checks that run on every parsed file, in order. Each is a small function over the file's
 * AST and the names visible to it; each reports through `ctx.report` and never throws.
 */
import { Code } from '../codes.js';
import type { CheckContext, FileCheck } from './context.js';
import { knownClusters, knownManifests, knownUsersAndNodes, uniqueClusterNames, uniqueScenarioTitles } from './names.js';
import { validKubectl } from './kubectl.js';
import { nodeFields, rbacRules, schedulerAndLatency } from './cluster.js';
import { knownParticipants } from './participants.js';
import { wellFormedPatterns } from './patterns.js';
import { expectFailureBlocks } from './expect-failure.js';
import { customResourcesAfterCrds, customResourceStates } from './custom-resources.js';
import { namespacedOnly } from './namespaces.js';

export const fileChecks: FileCheck[] = [
  uniqueClusterNames,
  uniqueScenarioTitles,
  knownClusters,
  knownManifests,
  knownUsersAndNodes,
  nodeFields,
  schedulerAndLatency,
  rbacRules,
  validKubectl,
  expectFailureBlocks,
  customResourcesAfterCrds,
  customResourceStates,
  namespacedOnly,
  knownParticipants,
  wellFormedPatterns,
];

/** Run every check; a check that throws (a bug) becomes one diagnostic instead of a crash. */
export function runChecks(ctx: CheckContext): void {
  for (const check of fileChecks) {
    try {
      check(ctx);
    } catch (e) {
      ctx.report(Code.Internal, `internal error in check ${check.name}: ${(e as Error).message}`, ctx.ast.span);
    }
  }
}
