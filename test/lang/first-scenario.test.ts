import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/lang/parse.js';
import { checkSource } from '../../src/lang/check.js';

const FIRST = `# What happens when you run \`kubectl run busybox --image busybox\`
cluster small {
  node worker-1 { cpu 4; memory 8Gi }
  node worker-2 { cpu 4; memory 8Gi }
}

scenario "kubectl run creates a running pod" @docs {
  given cluster small
  when {
    kubectl run busybox --image=busybox
  }
  then {
    sequence {
      kubectl -> apiserver: create pod/busybox
      apiserver -> etcd: put /registry/pods/default/busybox
      apiserver -> scheduler: watch pod/busybox type=ADDED
      scheduler -> apiserver: bind pod/busybox node=worker-*
      apiserver -> kubelet: watch pod/busybox type=ADDED
      kubelet -> runtime: PullImage busybox*
      kubelet -> runtime: StartContainer pod/busybox
      kubelet -> apiserver: status pod/busybox phase=Running
      apiserver -> etcd: put /registry/pods/default/busybox
    }
    events pod/busybox: Scheduled, Pulling, Pulled, Created, Started
    pod busybox: Running within 10s
    never !apiserver -> etcd
  }
}
`;

describe('the first scenario of LANGUAGE.md §1', () => {
  it('parses without diagnostics into the typed AST', () => {
    const { ast, diagnostics } = parseSource(FIRST, 'first.kscn');
    expect(diagnostics).toEqual([]);
    expect(ast.clusters.map((c) => c.name)).toEqual(['small']);
    expect(ast.clusters[0]!.body.nodes.map((n) => n.names[0])).toEqual(['worker-1', 'worker-2']);
    const s = ast.scenarios[0]!;
    expect(s.title).toBe('kubectl run creates a running pod');
    expect(s.tags).toEqual(['docs']);
    expect(s.cluster).toMatchObject({ kind: 'ref', name: 'small' });
    expect(s.steps).toHaveLength(1);
    expect(s.steps[0]!.when).toMatchObject([{ type: 'kubectl', raw: 'run busybox --image=busybox' }]);
    const [seq, events, state, never] = s.steps[0]!.then;
    expect(seq).toMatchObject({ type: 'sequence' });
    expect(seq!.type === 'sequence' && seq!.lines[3]).toMatchObject({ from: 'scheduler', to: 'apiserver', verb: 'bind', target: 'pod/busybox', attrs: [{ key: 'node', value: 'worker-*' }] });
    expect(events).toMatchObject({ type: 'events', object: 'pod/busybox', reasons: ['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started'] });
    expect(state).toMatchObject({ type: 'state', withinMs: 10000, state: { kind: 'pod', selector: { kind: 'name', pattern: 'busybox' }, conditions: [{ type: 'podState', state: 'Running' }] } });
    expect(never).toMatchObject({ type: 'neverMessage', pattern: { from: '!apiserver', to: 'etcd', verb: '*' } });
  });

  it('puts a span on the kubectl line and its raw text', () => {
    const { ast } = parseSource(FIRST, 'first.kscn');
    const k = ast.scenarios[0]!.steps[0]!.when[0]!;
    expect(k.span.start).toMatchObject({ line: 10, col: 5 });
    expect(k.type === 'kubectl' && k.rawSpan.start).toMatchObject({ line: 10, col: 13 });
  });

  it('checks into a runnable file', () => {
    const r = checkSource(FIRST, 'first.kscn', { readFile: () => undefined });
    expect(r.diagnostics).toEqual([]);
    expect(r.file?.scenarios).toHaveLength(1);
    expect(r.file?.clusters.get('small')?.name).toBe('small');
  });
});
