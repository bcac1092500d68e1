/**
 * Short descriptions of actions, for the note that opens each step of a diagram:
 * `Step 2 · at 1m3s: fail node worker-1 · wait 7m`.
 */
import type { Action } from '../lang/ast.js';
import { formatMs } from '../expect/messages.js';
import { formatDuration } from '../lang/duration.js';
import { formatQuantity } from '../lang/quantity.js';

/** One action as a person would say it (close to how it is written). */
export function describeAction(a: Action): string {
  switch (a.type) {
    case 'kubectl':
      return `kubectl ${a.raw.trim()}`;
    case 'apply':
      return `apply ${a.source.kind === 'manifest' ? a.source.name : a.source.kind === 'file' ? `"${a.source.path}"` : 'YAML'}`;
    case 'wait':
      return `wait ${formatDuration(a.ms)}`;
    case 'waitUntil':
      return `wait until ${a.state.text}`;
    case 'at':
      return `at ${formatDuration(a.ms)} { ${a.actions.map(describeAction).join(' · ')} }`;
    case 'as':
      return `as ${a.user} { ${a.actions.map(describeAction).join(' · ')} }`;
    case 'expectFailure':
      return `expect failure${a.pattern !== undefined ? ` "${a.pattern}"` : ''} { ${a.actions.map(describeAction).join(' · ')} }`;
    case 'failNode':
      return `fail node ${a.node}`;
    case 'restoreNode':
      return `restore node ${a.node}`;
    case 'imageFails':
      return `image ${a.image} fails to pull`;
    case 'imagePullTime':
      return `image ${a.image} pulls in ${formatDuration(a.ms)}`;
    case 'crash':
      return `pods crash after ${formatDuration(a.afterMs)}`;
    case 'exit':
      return `pods exit ${a.exitCode} after ${formatDuration(a.afterMs)}`;
    case 'etcdUnavailable':
      return `etcd unavailable for ${formatDuration(a.ms)}`;
    case 'ignoreSigterm':
      return 'pods ignore SIGTERM';
    case 'probeFails':
      return `probe ${a.probe} fails${a.forMs !== undefined ? ` for ${formatDuration(a.forMs)}` : ''}`;
    case 'useMemory':
      return `pods use memory ${formatQuantity(a.bytes)}`;
  }
}

/** A step's title: when it starts and what it does, at most about 90 characters. */
export function stepTitle(actions: readonly Action[], startMs: number): string {
  const parts = actions.map(describeAction);
  let text = parts.join(' · ');
  if (text.length > 90) text = `${text.slice(0, 87)}…`;
  return text ? `at ${formatMs(startMs)}: ${text}` : `at ${formatMs(startMs)}`;
}
