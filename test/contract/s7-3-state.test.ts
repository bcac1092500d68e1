/** LANGUAGE.md §7.3, state expectations. */
import { describe, expect, it } from 'vitest';
import { explain, runText } from '../run/helpers.js';

const SERVICES = `cluster c { node worker-[1..2] { cpu 8; memory 16Gi } }
manifest svcs """
  apiVersion: v1
  kind: Service
  metadata: { name: a, labels: { tier: front } }
  spec: { selector: { app: a }, ports: [{ port: 80 }] }
  ---
  apiVersion: v1
  kind: Service
  metadata: { name: b, labels: { tier: back } }
  spec: { selector: { app: b }, ports: [{ port: 80 }] }
"""
`;

function run(then: string) {
  const [r] = runText(`${SERVICES}
scenario "services" {
  given cluster c
  when {
    apply svcs
    kubectl create deployment a --image=nginx --replicas=2
    kubectl create deployment b --image=nginx --replicas=1
  }
  then {
    ${then}
  }
}
`);
  return r!;
}

describe('§7.3 state', () => {
  it('§7.3 SELECTOR of a service is a name pattern or a label selector over the services\' labels', () => {
    const ok = run('service tier=front: 2 endpoints\n    service tier=back: 1 endpoints and rules on 2 nodes\n    endpoints tier!=front,tier: 1 endpoints\n    service a|b: rules on 2 nodes');
    expect(ok.status, explain(ok)).toBe('passed');
    const bad = run('service -l tier: 2 endpoints');
    expect(bad.status).toBe('failed');
    // The report names the service that missed, not merely the first one.
    expect(bad.expectations[0]!.message).toMatch(/; found service b with 1 ready endpoint/);
  });

  it('§7.3 reason REASON matches a container\'s waiting reason, and takes a pattern like the other names', () => {
    const [r] = runText(`cluster c { node worker-1 { cpu 8; memory 16Gi } }
scenario "reason" {
  given cluster c
  timeout 1m
  when { image bad:1 fails to pull; kubectl run bad --image=bad:1; wait 1m }
  then {
    pod bad: Pending and reason ImagePullBackOff
    pod bad: reason ErrImagePull|ImagePullBackOff
    pod bad: reason *BackOff
    pods bad: 0 reason CrashLoopBackOff
  }
}
`);
    expect(r!.status, explain(r!)).toBe('passed');
  });
});
