/**
 * What kubectl prints is in the trace, and `output "PATTERN"` expects a printed line
 * (LANGUAGE.md §12.2; issue 11, fix 12). Each line is the text upstream kubectl prints:
 * - the name printer, cli-runtime pkg/printers/name.go NamePrinter.PrintObj: `kind.group/name OPERATION`
 *   (`pod/web created`, `deployment.apps/web scaled`);
 * - kubectl pkg/cmd/delete/delete.go DeleteOptions.PrintObj: `pod "web" deleted` / `force deleted`,
 *   and `No resources found` when a selector matched nothing (DeleteResult);
 * - kubectl pkg/cmd/drain/drain.go RunCordonOrUncordon: `node/NAME cordoned`, `already cordoned`;
 *   pkg/drain/drain.go evictPods: `evicting pod NS/NAME`, then `pod/NAME evicted`, `node/NAME drained`;
 * - kubectl pkg/cmd/apply/apply.go: `created`, `configured`, `unchanged`;
 * - kubectl pkg/cmd/util/helpers.go StandardErrorMessage: `Error from server (NotFound): …` on stderr.
 */
import { describe, expect, it } from 'vitest';
import { explain, runText, scenario } from './helpers.js';

const WEB = `manifest web """
  apiVersion: apps/v1
  kind: Deployment
  metadata: { name: web }
  spec:
    replicas: 1
    selector: { matchLabels: { app: web } }
    template:
      metadata: { labels: { app: web } }
      spec: { containers: [{ name: web, image: nginx:1.27 }] }
"""
manifest web2 """
  apiVersion: apps/v1
  kind: Deployment
  metadata: { name: web }
  spec:
    replicas: 2
    selector: { matchLabels: { app: web } }
    template:
      metadata: { labels: { app: web } }
      spec: { containers: [{ name: web, image: nginx:1.27 }] }
"""
`;

function printed(when: string, extra = ''): { stream: string; text: string }[] {
  const [r] = runText(scenario(when, 'node worker-1: Ready', extra));
  return r!.trace.output.filter((o) => o.step === 1).map((o) => ({ stream: o.stream, text: o.text }));
}

describe('what kubectl prints (trace.output)', () => {
  it('creates, scales and images print through the name printer (cli-runtime printers/name.go NamePrinter.PrintObj)', () => {
    const out = printed('kubectl run web --image=nginx\nkubectl create deployment api --image=nginx:1.27\nkubectl scale deployment api --replicas=2\nkubectl set image deployment/api nginx=nginx:1.28\nkubectl rollout restart deployment/api\nkubectl create namespace team-b\nkubectl expose deployment api --port=80\nkubectl label pods web tier=front\nkubectl taint nodes worker-2 gpu=yes:NoSchedule\nkubectl taint nodes worker-2 gpu-');
    expect(out.map((o) => o.text)).toEqual([
      'pod/web created',
      'deployment.apps/api created',
      'deployment.apps/api scaled',
      'deployment.apps/api image updated',
      'deployment.apps/api restarted',
      'namespace/team-b created',
      'service/api exposed',
      'pod/web labeled',
      'node/worker-2 tainted',
      'node/worker-2 untainted',
    ]);
    expect(out.every((o) => o.stream === 'stdout')).toBe(true);
  });

  it('delete prints `pod "web" deleted` (kubectl cmd/delete/delete.go DeleteOptions.PrintObj), force deleted with --force, and "No resources found"', () => {
    const out = printed('kubectl run web --image=nginx\nkubectl run db --image=nginx\nkubectl delete pod web\nkubectl delete pod db --force\nkubectl delete pods -l app=none');
    expect(out.map((o) => o.text)).toEqual([
      'pod/web created',
      'pod/db created',
      'pod "web" deleted',
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.',
      'pod "db" force deleted',
      'No resources found',
    ]);
    expect(out[3]!.stream).toBe('stderr');
  });

  it('cordon and drain print as kubectl cmd/drain RunCordonOrUncordon and pkg/drain evictPods do', () => {
    const out = printed('kubectl create deployment web --image=nginx --replicas=1\nwait until deployment web: 1 ready\nkubectl cordon worker-1\nkubectl cordon worker-1\nkubectl uncordon worker-1\nkubectl drain worker-1\nkubectl drain worker-2').map((o) => o.text);
    expect(out.slice(0, 5)).toEqual(['deployment.apps/web created', 'node/worker-1 cordoned', 'node/worker-1 already cordoned', 'node/worker-1 uncordoned', 'node/worker-1 cordoned']);
    const evicting = out.filter((t) => t.startsWith('evicting pod default/web-'));
    expect(evicting.length).toBeGreaterThan(0);
    for (const line of evicting) {
      const pod = line.slice('evicting pod default/'.length);
      expect(out.indexOf(`pod/${pod} evicted`)).toBeGreaterThan(out.indexOf(line));
    }
    expect(out.filter((t) => /^node\/worker-\d drained$/.test(t))).toHaveLength(2);
  });

  it('apply prints created, configured and unchanged (kubectl cmd/apply/apply.go)', () => {
    const out = printed('apply web\napply web\napply web2', WEB).map((o) => o.text);
    expect(out).toEqual(['deployment.apps/web created', 'deployment.apps/web unchanged', 'deployment.apps/web configured']);
  });

  it('an error answer is printed on stderr as kubectl words it (cmd/util/helpers.go StandardErrorMessage)', () => {
    const out = printed('kubectl delete pod nope');
    expect(out).toEqual([{ stream: 'stderr', text: 'Error from server (NotFound): pods "nope" not found' }]);
  });

  it('a kubectl error of its own is printed with `error: ` (cmdutil.CheckErr)', () => {
    const out = printed('kubectl create deployment api --image=nginx\nkubectl set image deployment/api nope=nginx:2');
    expect(out[1]).toEqual({ stream: 'stderr', text: 'error: unable to find container named "nope"' });
  });
});

describe('output "PATTERN" (LANGUAGE.md §12.2)', () => {
  it('passes when a printed line matches, on stdout or stderr, and fails naming what was printed', () => {
    const [ok] = runText(scenario('kubectl run web --image=nginx\nexpect failure { kubectl delete pod nope }', 'output "pod/web created"\noutput "Error from server (NotFound): pods * not found"\noutput "pod/*"'));
    expect(ok!.status, explain(ok!)).toBe('passed');
    const [bad] = runText(scenario('kubectl run web --image=nginx', 'output "deployment.apps/web created"'));
    expect(bad!.status).toBe('failed');
    const f = bad!.expectations.find((e) => !e.ok)!;
    expect(f.message).toBe('no line kubectl printed matched "deployment.apps/web created"');
    expect(f.details.join('\n')).toMatch(/kubectl run web --image=nginx → pod\/web created/);
  });

  it('matches the whole line (a pattern, as event messages are)', () => {
    const [r] = runText(scenario('kubectl run web --image=nginx', 'output "pod/web"'));
    expect(r!.status).toBe('failed');
  });

  it('only counts lines printed in its own step', () => {
    const text = scenario('kubectl run web --image=nginx', 'pod web: Running').replace(/\n}\n$/, `
  when { kubectl run db --image=nginx }
  then { output "pod/web created" }
}
`);
    const [r] = runText(text);
    expect(r!.status).toBe('failed');
  });
});

describe('kubectl patch, annotate, expose --type (LANGUAGE.md §12.2)', () => {
  it('patch: strategic by default, merge and json (RFC 6902) too; `patched (no change)` when nothing changed (kubectl cmd/patch/patch.go)', () => {
    const [r] = runText(scenario(`kubectl create deployment web --image=nginx
kubectl patch deployment web -p '{"spec":{"replicas":3}}'
kubectl patch deployment/web -p '{"spec":{"replicas":3}}'
kubectl patch deployment web --type merge -p '{"metadata":{"labels":{"tier":"front"}}}'
kubectl patch deployment web --type json -p '[{"op":"replace","path":"/spec/replicas","value":2}]'
expect failure "nonexistent key" { kubectl patch deployment web --type json -p '[{"op":"remove","path":"/spec/nothing"}]' }`, 'deployment web: 2 replicas'));
    expect(r!.status, explain(r!)).toBe('passed');
    expect(r!.trace.output.filter((o) => o.step === 1).map((o) => o.text)).toEqual([
      'deployment.apps/web created',
      'deployment.apps/web patched',
      'deployment.apps/web patched (no change)',
      'deployment.apps/web patched',
      'deployment.apps/web patched',
      'Error from server (Invalid): the server rejected our request due to an error in our request: Unable to remove nonexistent key: nothing: missing value',
    ]);
  });

  it('patch: removing the last finalizer of an object being deleted deletes it, and kubectl says `patched` (the answer is the object as patched)', () => {
    const cm = `manifest held """
  apiVersion: v1
  kind: ConfigMap
  metadata: { name: held, finalizers: [example.com/hold] }
  data: { a: b }
"""
`;
    const [r] = runText(scenario(`apply held
kubectl delete configmap held --wait=false
kubectl patch configmap held --type merge -p '{"metadata":{"finalizers":null}}'`, 'configmap held: gone', cm));
    expect(r!.status, explain(r!)).toBe('passed');
    expect(r!.trace.output.filter((o) => o.step === 1).map((o) => o.text)).toEqual(['configmap/held created', 'configmap "held" deleted', 'configmap/held patched']);
  });

  it('annotate: `annotated`; an existing value needs --overwrite (kubectl cmd/annotate/annotate.go)', () => {
    const [r] = runText(scenario('kubectl run web --image=nginx\nkubectl annotate pod web team=a\nexpect failure "--overwrite is false" { kubectl annotate pods web team=b }\nkubectl annotate pod/web team=b --overwrite\nkubectl annotate pod web team-', 'pod web: Running'));
    expect(r!.trace.output.filter((o) => o.step === 1).map((o) => o.text)).toEqual([
      'pod/web created',
      'pod/web annotated',
      "error: --overwrite is false but found the following declared annotation(s): 'team' already has a value (a)",
      'pod/web annotated',
      'pod/web annotated',
    ]);
  });

  it('expose --type=NodePort makes a NodePort Service; LoadBalancer is refused (no cloud provider)', async () => {
    const [r] = runText(scenario('kubectl create deployment web --image=nginx\nkubectl expose deployment web --port=80 --type=NodePort', 'output "service/web exposed"'));
    expect(r!.status, explain(r!)).toBe('passed');
    const svc = r!.trace.changes.filter((c) => c.key === '/registry/services/specs/default/web').pop()!.value as any;
    expect(svc.spec.type).toBe('NodePort');
    const { parseKubectl } = await import('../../src/kubectl/parse.js');
    expect(parseKubectl('expose deployment web --port=80 --type=LoadBalancer').error?.message).toBe('the simulation has no cloud provider: --type=LoadBalancer is not simulated');
  });
});

describe('delete --wait=false (kubectl cmd/delete/delete.go: WaitForDeletion)', () => {
  it('returns as soon as the DELETE is answered, without watching', () => {
    const [r] = runText(scenario('kubectl run web --image=nginx\nwait until pod web: Running\nkubectl delete pod web --wait=false\nkubectl run web --image=nginx', 'pod web: Running'));
    // The pod still exists (terminating) when the next create comes: 409 AlreadyExists.
    expect(r!.trace.output.filter((o) => o.step === 1).map((o) => o.text)).toEqual(['pod/web created', 'pod "web" deleted', 'Error from server (AlreadyExists): pods "web" already exists']);
    expect(r!.trace.messages.some((m) => m.to === 'kubectl' && m.verb === 'watch')).toBe(false);
  });

  it('without it, delete waits for the object to be gone, so the same name can be created right after', () => {
    const [r] = runText(scenario('kubectl run web --image=nginx\nwait until pod web: Running\nkubectl delete pod web\nkubectl run web --image=nginx', 'pod web: Running'));
    expect(r!.status, explain(r!)).toBe('passed');
    expect(r!.trace.output.filter((o) => o.step === 1).map((o) => o.text)).toEqual(['pod/web created', 'pod "web" deleted', 'pod/web created']);
  });
});
