/** LANGUAGE.md §6, `kubectl …` actions: the command lines kubectl accepts, as kubectl reads them. */
import { describe, expect, it } from 'vitest';
import { parseKubectl } from '../../src/kubectl/parse.js';
import { explain, runText } from '../run/helpers.js';

describe('§6 kubectl', () => {
  it('§6 taint nodes NODE K=V:EFFECT- and K- remove taints (K- every effect of the key)', () => {
    expect(parseKubectl('taint nodes w1 a-').command).toEqual({ cmd: 'taint', node: 'w1', taints: [{ key: 'a', value: undefined, effect: undefined, remove: true }] });
    expect(parseKubectl('taint nodes w1 my-key=v:NoSchedule').command).toMatchObject({ taints: [{ key: 'my-key', value: 'v', effect: 'NoSchedule', remove: false }] });
    expect(parseKubectl('taint nodes w1 k').error?.message).toBe('"k" is not a taint');
    const [r] = runText(`cluster c { node w1 { cpu 4; memory 8Gi; taint a=1:NoSchedule; taint a=1:PreferNoSchedule; taint b:NoSchedule; taint c=2:NoSchedule } }
scenario "taint removal" {
  given cluster c
  when {
    kubectl taint nodes w1 a-
    kubectl taint nodes w1 b:NoSchedule-
  }
  then { node w1: taint c=2:NoSchedule }
  when { wait 1s }
  then {
    never node w1: taint a:NoSchedule
    never node w1: taint a:PreferNoSchedule
    never node w1: taint b:NoSchedule
  }
}
`);
    expect(r!.status, explain(r!)).toBe('passed');
  });

  it('§6 flags follow kubectl: -n NS may come before the subcommand', () => {
    expect(parseKubectl('-n team-a get pods').command).toEqual({ cmd: 'get', resource: 'pods', namespace: 'team-a' });
    expect(parseKubectl('--namespace=team-a run x --image=nginx').command).toMatchObject({ cmd: 'run', name: 'x', namespace: 'team-a' });
    expect(parseKubectl('-n team-a').error?.message).toBe('kubectl needs a subcommand');
    expect(parseKubectl('--context x get pods').error?.message).toMatch(/--context is not supported/);
    const [r] = runText(`cluster c { node w1 { cpu 4; memory 8Gi }; namespace team-a }
scenario "namespace first" {
  given cluster c
  when { kubectl -n team-a run x --image=nginx }
  then { sequence { kubectl -> apiserver: create pod/x ns=team-a } }
}
`);
    expect(r!.status, explain(r!)).toBe('passed');
  });
});

describe('§6 kubectl: every listed command, with --flag=value and --flag value alike', () => {
  const same: [string, string][] = [
    ['run web --image=nginx --restart=Never --labels=app=web,tier=x -n team-a', 'run web --image nginx --restart Never --labels app=web,tier=x --namespace team-a'],
    ['create deployment web --image=nginx:1.27 --replicas=2 --port=8080', 'create deployment web --image nginx:1.27 --replicas 2 --port 8080'],
    ['create -f web.yaml', 'create --filename=web.yaml'],
    ['apply -f web.yaml', 'apply --filename web.yaml'],
    ['delete pods -l app=web', 'delete pods --selector=app=web'],
    ['scale deployment web --replicas=3', 'scale deployment/web --replicas 3'],
    ['expose deployment web --port=80 --target-port=8080', 'expose deployment web --port 80 --target-port 8080'],
    ['get pods -n team-a', 'get pods --namespace=team-a'],
    ['drain worker-1 --ignore-daemonsets', 'drain worker-1 --ignore-daemonsets=true'],
  ];
  it.each(same)('%s', (a, b) => {
    const x = parseKubectl(a);
    expect(x.error).toBeUndefined();
    expect(parseKubectl(b).command).toEqual(x.command);
  });

  const supported = ['create namespace shop', 'delete pod web', 'delete -f web.yaml', 'set image deployment/web nginx=nginx:1.28', 'rollout restart deployment/web', 'cordon worker-1', 'uncordon worker-1', 'taint nodes worker-1 k=v:NoSchedule', 'taint nodes worker-1 k=v:NoSchedule-', 'label pods web tier=front', 'label nodes worker-1 disk=ssd', 'get deployment web'];
  it.each(supported)('%s', (line) => expect(parseKubectl(line).error).toBeUndefined());

  it('names the unsupported part', () => {
    expect(parseKubectl('run y --image=busybox -- sleep 10').error?.message).toBe('kubectl run: a command after `--` is not supported by the simulation');
    expect(parseKubectl('apply -f').error).toMatchObject({ message: 'flag -f needs a value', hint: 'write -f VALUE' });
    expect(parseKubectl('scale deployment web --replicas').error).toMatchObject({ message: 'flag --replicas needs a value', hint: 'write --replicas=VALUE' });
    expect(parseKubectl('exec web -- ls').error?.message).toBe('kubectl exec is not simulated: no processes run in the simulated containers');
    expect(parseKubectl('frobnicate').error?.message).toBe('kubectl frobnicate is not supported by the simulation');
    expect(parseKubectl('delete pod x --cascade=orphan').error?.message).toBe('kubectl delete does not support the flag --cascade here');
  });
});

describe('§6 kubectl delete: grace period flags as kubectl sends them', () => {
  it.each([
    ['delete pod a', undefined],
    ['delete pod a --grace-period=5', 5],
    ['delete pod a --grace-period 0', 1],
    ['delete pod a --grace-period=0 --force', 0],
    ['delete pod a --force', 0],
    ['delete pod a --now', 1],
  ])('%s', (line, grace) => {
    const c = parseKubectl(line).command as { gracePeriodSeconds?: number };
    expect(c.gracePeriodSeconds).toBe(grace);
  });
  it('a forced delete removes the pod at once, with kubectl\'s warning', () => {
    const [r] = runText(`cluster c { node n-1 { cpu 4; memory 8Gi } }
scenario "force" {
  given cluster c
  given { kubectl run a --image=nginx; wait until pod a: Running }
  when { kubectl delete pod a --grace-period=0 --force }
  then { pod a: gone within 100ms }
}
`);
    expect(r!.status, explain(r!)).toBe('passed');
    expect(r!.errors.map((e) => e.message)).toEqual(['kubectl delete pod a --grace-period=0 --force: Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.']);
  });
});
