import { describe, expect, it } from 'vitest';
import { toMermaid as draw, type MermaidOptions } from '../../src/report/mermaid.js';
import type { ScenarioResult } from '../../src/run/result.js';
import type { DiagramDecl } from '../../src/lang/ast.js';
import { scenarioOf, TraceBuilder } from '../fixtures/report/deployment.js';

/** These tests pin the full diagram (`diagram { detail full }`, every message, LANGUAGE.md §9); summary.test.ts tests the default summary. */
function toMermaid(s: ScenarioResult, d?: DiagramDecl, o?: MermaidOptions): string {
  return draw(s, { type: 'Diagram', span: s.span, hide: [], focus: [], groups: [], ...d, detail: 'full' }, o);
}

const arrows = (mmd: string) => mmd.split('\n').map((l) => l.trim()).filter((l) => /^\w+(->>|-->>|-\))\w+:/.test(l));

/**
 * A rollout as the deployment controller does it, round after round: scale the new ReplicaSet
 * up, create a pod, scale the old one down, delete a pod — each write surrounded by routine
 * status updates (PATCH, PUT, OK) and watch echoes.
 */
function rollout(rounds: number, churn: number) {
  const b = new TraceBuilder();
  const status = () => {
    for (let k = 0; k < churn; k++) {
      b.write('controller-manager', 'status', 'deployment/web', '/registry/deployments/default/web', 'PATCH deployments/web/status', 'status');
      b.msg('apiserver', 'controller-manager', 'watch', 'watch', 'replicaset/web-new', 'WATCH MODIFIED ReplicaSet default/web-new', { type: 'MODIFIED' });
    }
  };
  b.write('kubectl', 'patch', 'deployment/web', '/registry/deployments/default/web', 'PATCH deployments/web', 'spec', false);
  for (let i = 1; i <= rounds; i++) {
    b.write('controller-manager', 'update', 'replicaset/web-new', '/registry/replicasets/default/web-new', `PUT replicasets/web-new (replicas ${i - 1} → ${i})`, 'spec');
    status();
    b.write('controller-manager', 'create', `pod/web-new-${i}`, `/registry/pods/default/web-new-${i}`, 'POST /api/v1/namespaces/default/pods');
    status();
    b.write('controller-manager', 'update', 'replicaset/web-old', '/registry/replicasets/default/web-old', `PUT replicasets/web-old (replicas ${rounds - i + 1} → ${rounds - i})`, 'spec');
    status();
    b.write('controller-manager', 'delete', `pod/web-old-${i}`, `/registry/pods/default/web-old-${i}`, `DELETE /api/v1/namespaces/default/pods/web-old-${i}`, 'deletionTimestamp');
    status();
  }
  return scenarioOf(b.trace());
}

describe('folding a large diagram keeps the story in order', () => {
  const mmd = toMermaid(rollout(6, 3));
  const lines = arrows(mmd);

  it('folds the routine traffic (status updates with their etcd writes and replies, watch echoes)', () => {
    expect(lines.length).toBeLessThanOrEqual(150);
    expect(mmd).toMatch(/Note over \w+,\w+: \d+ messages drawn as \d+: the most repeated kinds of message are folded into one arrow with their count \(× N\), the others keep their place/);
    expect(lines).toContain('controller_manager->>apiserver: PATCH deployments/web/status × 72');
    // A write's etcd PUT and its reply fold with the request: next to it, with the same count.
    const patch = lines.indexOf('controller_manager->>apiserver: PATCH deployments/web/status × 72');
    expect(lines[patch + 1]).toBe('apiserver->>etcd: PUT /registry/deployments/default/web (status) × 72');
    expect(lines[patch + 2]).toBe('etcd-->>apiserver: OK (rev *) × 72');
  });

  it('keeps the rarer messages where they happened, interleaved round by round', () => {
    const story = lines.filter((l) => /replicas \d → \d|POST \/api\/v1|DELETE \/api\/v1/.test(l)).map((l) => l.split(': ')[1]);
    const expected: string[] = [];
    for (let i = 1; i <= 6; i++) {
      expected.push(`PUT replicasets/web-new (replicas ${i - 1} → ${i})`, 'POST /api/v1/namespaces/default/pods', `PUT replicasets/web-old (replicas ${7 - i} → ${6 - i})`, `DELETE /api/v1/namespaces/default/pods/web-old-${i}`);
    }
    expect(story).toEqual(expected);
  });
});
