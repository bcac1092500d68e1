/** K8S-FACTS §1 Deployment / ReplicaSet controller, §2 names, §5 Deployment defaults: Events, conditions and rollout math. */
import { describe, expect, it } from 'vitest';
import { eventsOf, runFact } from './helpers.js';
import { fenceposts } from '../../../src/engine/controllers/deployment-util.js';
import type { ScenarioResult } from '../../../src/run/result.js';

/** The last stored version of every object whose key matches. */
function stored(r: ScenarioResult, re: RegExp): any[] {
  const last = new Map<string, any>();
  for (const c of r.trace.changes) if (re.test(c.key)) last.set(c.key, c.value);
  return [...last.values()].filter(Boolean);
}
const conditions = (o: any) => Object.fromEntries((o.status?.conditions ?? []).map((c: any) => [c.type, [c.status, c.reason, c.message]]));

const deployment = (name: string, extra = '') => `
manifest ${name} """
  apiVersion: apps/v1
  kind: Deployment
  metadata: { name: ${name} }
  spec:
    replicas: 3
    selector: { matchLabels: { app: ${name} } }
${extra}
    template:
      metadata: { labels: { app: ${name} } }
      spec: { containers: [{ name: nginx, image: "nginx:1.27" }] }
"""`;

describe('K8S-FACTS §5 Deployment defaults and rolling-update math', () => {
  it.each([
    // maxSurge rounds up, maxUnavailable rounds down (25% each by default).
    [{ replicas: 10 }, [3, 2]],
    [{ replicas: 4 }, [1, 1]],
    [{ replicas: 1 }, [1, 0]],
    [{ replicas: 3, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } }, [0, 1]],
    [{ replicas: 5, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '30%', maxUnavailable: '30%' } } }, [2, 1]],
  ])('fenceposts of %j are %j', (spec, want) => {
    expect(fenceposts({ spec })).toEqual(want);
  });

  it('a stored Deployment carries replicas 1, revisionHistoryLimit 10, progressDeadlineSeconds 600, RollingUpdate 25%/25%', () => {
    const r = runFact(`${deployment('web').replace('replicas: 3', 'selector2: {}')}
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "defaults" { given cluster c; when { apply web }; then { deployment web: 1 ready } }`);
    const [d] = stored(r, /^\/registry\/deployments\//);
    expect(d.spec).toMatchObject({ replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } });
  });
});

describe('K8S-FACTS §1 Deployment controller', () => {
  it('maxSurge 0 / maxUnavailable 1: each round scales the old ReplicaSet down, then the new one up ("Scaled down/up replica set %s from %d to %d")', () => {
    const r = runFact(`${deployment('web', '    strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } }')}
cluster c { node worker-[1..2] { cpu 4; memory 8Gi } }
scenario "rolling" {
  given cluster c
  given { apply web; wait until deployment web: 3 ready }
  when { kubectl set image deployment/web nginx=nginx:1.28 }
  then { deployment web: 3 updated and 3 ready }
}`);
    const scaling = eventsOf(r, 'deployment/web', 'ScalingReplicaSet');
    expect(scaling.every((e) => e.type === 'Normal' && e.source === 'deployment-controller')).toBe(true);
    const msgs = scaling.map((e) => e.message.replace(/web-[456789bcdf]+/, (n) => (n === scaling[0]!.message.split(' ')[4] ? 'OLD' : 'NEW')));
    expect(msgs).toEqual([
      'Scaled down replica set OLD from 3 to 2', 'Scaled up replica set NEW from 0 to 1',
      'Scaled down replica set OLD from 2 to 1', 'Scaled up replica set NEW from 1 to 2',
      'Scaled down replica set OLD from 1 to 0', 'Scaled up replica set NEW from 2 to 3',
    ]);
    const [d] = stored(r, /^\/registry\/deployments\//);
    expect(conditions(d)).toEqual({
      Available: ['True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      Progressing: ['True', 'NewReplicaSetAvailable', expect.stringMatching(/^ReplicaSet "web-[456789bcdf]+" has successfully progressed\.$/)],
    });
  });

  it('Progressing is NewReplicaSetCreated "Created new replica set %q", then ReplicaSetUpdated "ReplicaSet %q is progressing."; Available False MinimumReplicasUnavailable meanwhile', () => {
    const r = runFact(`${deployment('web')}
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "progress" { given cluster c; when { apply web }; then { deployment web: 3 ready } }`);
    const writes = r.trace.changes.filter((c) => c.key === '/registry/deployments/default/web' && c.value).map((c) => conditions(c.value));
    const rs = stored(r, /^\/registry\/replicasets\//)[0].metadata.name;
    expect(writes).toContainEqual({
      Progressing: ['True', 'NewReplicaSetCreated', `Created new replica set "${rs}"`],
      Available: ['False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'],
    });
    expect(writes.some((w) => w.Progressing?.[1] === 'ReplicaSetUpdated' && w.Progressing[2] === `ReplicaSet "${rs}" is progressing.`)).toBe(true);
    expect(writes.at(-1)!.Progressing).toEqual(['True', 'NewReplicaSetAvailable', `ReplicaSet "${rs}" has successfully progressed.`]);
  });

  it('a rollout that makes no progress for progressDeadlineSeconds is ProgressDeadlineExceeded "ReplicaSet %q has timed out progressing."', () => {
    const r = runFact(`${deployment('web', '    progressDeadlineSeconds: 60')}
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "stuck" {
  timeout 5m
  given cluster c
  when { image nginx:1.27 fails to pull; apply web; wait 2m }
  then { deployment web: 0 ready }
}`);
    const [d] = stored(r, /^\/registry\/deployments\//);
    const rs = stored(r, /^\/registry\/replicasets\//)[0].metadata.name;
    expect(conditions(d).Progressing).toEqual(['False', 'ProgressDeadlineExceeded', `ReplicaSet "${rs}" has timed out progressing.`]);
  });
});

describe('K8S-FACTS §1 Deployment controller: a ReplicaSet it cannot create', () => {
  it('is Warning ReplicaSetCreateError (deploymentutil.FailedRSCreateReason\'s value) "Failed to create new replica set %q: %v"; it retries and succeeds once etcd is back', () => {
    const r = runFact(`
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "outage" {
  given cluster c
  when { kubectl create deployment web --image=nginx:1.27 --replicas=1; etcd unavailable for 3s }
  then { deployment web: 1 ready }
}`);
    const failed = eventsOf(r, 'deployment/web', 'ReplicaSetCreateError');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]).toMatchObject({ type: 'Warning', source: 'deployment-controller' });
    expect(failed[0]!.message).toMatch(/^Failed to create new replica set "web-[456789bcdf]+": etcdserver: request timed out$/);
    expect(eventsOf(r, 'deployment/web', 'ScalingReplicaSet').map((e) => e.message)).toEqual([expect.stringMatching(/^Scaled up replica set web-[456789bcdf]+ from 0 to 1$/)]);
  });
});

describe('K8S-FACTS §1 ReplicaSet controller', () => {
  it('a pod the apiserver refuses: Warning FailedCreate "Error creating: %v" (the generateName in the error), ReplicaFailure on the ReplicaSet and the Deployment', () => {
    const r = runFact(`${deployment('web').replace('spec: { containers', 'spec: { priorityClassName: nope, containers')}
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "refused" { timeout 30s; given cluster c; when { apply web }; then { pod *: gone } }`);
    const rs = stored(r, /^\/registry\/replicasets\//)[0];
    const why = `pods "${rs.metadata.name}-" is forbidden: no PriorityClass with name nope was found`;
    const failed = eventsOf(r, `replicaset/${rs.metadata.name}`, 'FailedCreate');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]).toMatchObject({ type: 'Warning', message: `Error creating: ${why}`, source: 'replicaset-controller' });
    expect(conditions(rs).ReplicaFailure).toEqual(['True', 'FailedCreate', why]);
    const [d] = stored(r, /^\/registry\/deployments\//);
    expect(Object.keys(conditions(d))).toEqual(['Progressing', 'Available', 'ReplicaFailure']);
    expect(conditions(d).ReplicaFailure).toEqual(['True', 'FailedCreate', why]);
  });

  it('SuccessfulCreate "Created pod: %s" and SuccessfulDelete "Deleted pod: %s" on the ReplicaSet, from replicaset-controller; pods are <rs>-<5 of bcdfghjklmnpqrstvwxz2456789>', () => {
    const r = runFact(`
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "scale" {
  given cluster c
  given { kubectl create deployment web --image=nginx:1.27 --replicas=3; wait until deployment web: 3 ready }
  when { kubectl scale deployment web --replicas=1 }
  then { deployment web: 1 ready }
  when { kubectl scale deployment web --replicas=2 }
  then { deployment web: 2 ready }
}`);
    const rs = stored(r, /^\/registry\/replicasets\//)[0].metadata.name;
    expect(rs).toMatch(/^web-[456789bcdf]{1,10}$/);
    const del = eventsOf(r, `replicaset/${rs}`, 'SuccessfulDelete');
    const add = eventsOf(r, `replicaset/${rs}`, 'SuccessfulCreate');
    expect(del).toHaveLength(2);
    expect(add).toHaveLength(1);
    for (const e of [...del, ...add]) {
      expect(e).toMatchObject({ type: 'Normal', source: 'replicaset-controller' });
      expect(e.message).toMatch(new RegExp(`^(Deleted|Created) pod: ${rs}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    }
    expect(eventsOf(r, 'deployment/web', 'ScalingReplicaSet').map((e) => e.message)).toEqual([`Scaled down replica set ${rs} from 3 to 1`, `Scaled up replica set ${rs} from 1 to 2`]);
  });
});
