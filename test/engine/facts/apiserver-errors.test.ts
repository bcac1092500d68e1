/** LANGUAGE.md §6, §8: the apiserver's 409 / 404 / 403 answers in its own words. */
import { describe, expect, it } from 'vitest';
import { cluster, create, deployment, step } from '../controllers/helpers.js';
import type { ApiResponse } from '../../../src/engine/apiserver/types.js';

describe('apiserver error wording', () => {
  it('409 AlreadyExists names the group-qualified resource; 409 Conflict on a stale resourceVersion; 404 for a missing namespace', () => {
    const c = cluster(1);
    step(c, [create('deployments', deployment('web', 1))]);
    const answers: ApiResponse[] = [];
    step(c, () => {
      const k = c.kubectl();
      k.request(create('deployments', deployment('web', 1)), (r) => answers.push(r));
      const stale = { ...deployment('web', 2), metadata: { name: 'web', namespace: 'default', resourceVersion: '1' } };
      k.request({ verb: 'update', resource: 'deployments', namespace: 'default', name: 'web', body: stale }, (r) => answers.push(r));
      k.request({ verb: 'create', resource: 'pods', namespace: 'nowhere', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } }, (r) => answers.push(r));
      k.request({ verb: 'get', resource: 'deployments', namespace: 'default', name: 'api' }, (r) => answers.push(r));
    });
    // Sent at once, they finish in any order.
    expect(answers.map((r) => [r.code, r.reason, r.message]).sort()).toEqual([
      [404, 'NotFound', 'deployments.apps "api" not found'],
      [404, 'NotFound', 'namespaces "nowhere" not found'],
      [409, 'AlreadyExists', 'deployments.apps "web" already exists'],
      [409, 'Conflict', 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again'],
    ]);
  });
});
