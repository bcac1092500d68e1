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
