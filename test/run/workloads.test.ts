/**
 * Deployment, ReplicaSet, Service and Endpoints actions and expectations (LANGUAGE.md §6, §7.3),
 * now that the controller-manager runs the deployment, replicaset and endpoints controllers.
 */
import { describe, expect, it } from 'vitest';
import { explain, runText, scenario } from './helpers.js';

const DEPLOY = 'kubectl create deployment web --image=nginx --replicas=3 --port=8080';

const cases: { name: string; when: string; pass: string; fail: string }[] = [
  { name: 'create deployment', when: DEPLOY, pass: 'deployment web: 3 ready\npods app=web: 3 Running', fail: 'deployment web: 2 ready' },
  { name: 'replicaset counts', when: DEPLOY, pass: 'replicaset web-*: 3 replicas and available', fail: 'replicaset web-*: 4 replicas' },
  { name: 'scale', when: `${DEPLOY}\nwait until deployment web: 3 ready\nkubectl scale deployment web --replicas=1`, pass: 'deployment web: 1 ready\npods app=web: 1 Running', fail: 'deployment web: 3 ready' },
  { name: 'set image', when: `${DEPLOY}\nwait until deployment web: 3 ready\nkubectl set image deployment/web nginx=nginx:1.28`, pass: 'deployment web: 3 updated and 3 ready\nevent pod/web-* Pulling "*nginx:1.28*"', fail: 'never pods app=web: <=2 Ready' },
  { name: 'rollout restart', when: `${DEPLOY}\nwait until deployment web: 3 ready\nkubectl rollout restart deployment/web`, pass: 'deployment web: 3 ready\nsequence {\nkubectl -> apiserver: patch deployment/web\ncontroller-manager -> apiserver: create replicaset/web-*\n}', fail: 'no event pod/web-* Killing' },
  { name: 'expose and endpoints', when: `${DEPLOY}\nkubectl expose deployment web --port=80 --target-port=8080`, pass: 'service web: 3 endpoints\nendpoints web: 3 endpoints', fail: 'service web: 2 endpoints' },
  { name: 'kube-proxy rules', when: `${DEPLOY}\nkubectl expose deployment web --port=80 --target-port=8080`, pass: 'service web: rules on 2 nodes', fail: 'service web: rules on 1 nodes' },
];

describe('workloads and services', () => {
  it.each(cases)('$name', ({ when, pass, fail }) => {
    const [ok] = runText(scenario(when, pass));
    expect(ok!.status, explain(ok!)).toBe('passed');
    const [bad] = runText(scenario(when, fail));
    expect(bad!.status, explain(bad!)).toBe('failed');
  });
});
