/**
 * ConfigMaps, Secrets and ServiceAccounts (issue 13 §1): what the kubelet reads before a container
 * starts (pkg/kubelet/kubelet_pods.go makeEnvironmentVariables, pkg/volume/configmap, secret,
 * projected), the ServiceAccount admission plugin and controller, the root CA publisher, and
 * kubectl create configmap|secret generic|serviceaccount.
 */
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/lang/check.js';
import { runScenario } from '../../src/run/run.js';
import { containerEnvError, mountRetryMs, volumeSetUpErrors, type ConfigLookup } from '../../src/engine/kubelet/volumes.js';
import { parseKubectl } from '../../src/kubectl/parse.js';
import type { KubeObject } from '../../src/trace/types.js';

function run(text: string) {
  const r = checkSource(text, 'config.kscn', { cwd: __dirname });
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return runScenario(r.file!, r.file!.scenarios[0]!);
}

function ok(res: ReturnType<typeof run>) {
  expect(res.expectations.map((e) => [e.text, e.ok, e.message])).toEqual(res.expectations.map((e) => [e.text, true, '']));
}

const cm = (name: string, data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' }, data } as any);
const secret = (name: string, data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'ns' }, data } as any);
function lookup(objs: KubeObject[]): ConfigLookup {
  return {
    configMap: (ns, name) => objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name && o.metadata.namespace === ns),
    secret: (ns, name) => objs.find((o) => o.kind === 'Secret' && o.metadata.name === name && o.metadata.namespace === ns),
  };
}
const pod = (spec: any): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' }, spec } as any);

describe('makeEnvironmentVariables (cases of TestMakeEnvironmentVariables, kubelet_pods_test.go)', () => {
  const objs = lookup([cm('test-configmap', { REPLACE_ME: 'FROM_CONFIG_MAP' }), secret('test-secret', { DUPE_TEST: 'c2VjcmV0' })]);
  const env = (container: any) => containerEnvError(pod({ containers: [container] }), container, objs);

  it('configmap_missing: a missing ConfigMap is the manager\'s NotFound', () => {
    expect(env({ name: 'c', envFrom: [{ configMapRef: { name: 'missing' } }] })).toBe('configmap "missing" not found');
  });
  it('configmap_missing_optional: an optional one is skipped', () => {
    expect(env({ name: 'c', envFrom: [{ configMapRef: { name: 'missing', optional: true } }] })).toBeUndefined();
  });
  it('configmapkeyref_missing_key: "couldn\'t find key … in ConfigMap ns/name"', () => {
    expect(env({ name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'test-configmap', key: 'nope' } } }] })).toBe("couldn't find key nope in ConfigMap ns/test-configmap");
  });
  it('configmapkeyref_missing_key_optional: skipped', () => {
    expect(env({ name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'test-configmap', key: 'nope', optional: true } } }] })).toBeUndefined();
  });
  it('secret_missing and secretkeyref_missing_key', () => {
    expect(env({ name: 'c', envFrom: [{ secretRef: { name: 'missing' } }] })).toBe('secret "missing" not found');
    expect(env({ name: 'c', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'test-secret', key: 'nope' } } }] })).toBe("couldn't find key nope in Secret ns/test-secret");
    expect(env({ name: 'c', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'missing', key: 'k', optional: true } } }] })).toBeUndefined();
  });
  it('resolves what exists, and the downward API always', () => {
    expect(env({ name: 'c', envFrom: [{ configMapRef: { name: 'test-configmap' } }, { secretRef: { name: 'test-secret' } }], env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'test-configmap', key: 'REPLACE_ME' } } }, { name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] })).toBeUndefined();
  });
});

describe('volume SetUp (pkg/volume/configmap, secret, projected)', () => {
  const objs = lookup([cm('cfg', { a: '1' }), secret('s', { k: 'dg==' })]);
  it('a missing ConfigMap, Secret or key fails its volume; optional ones do not', () => {
    const p = pod({
      volumes: [
        { name: 'ok', configMap: { name: 'cfg' } },
        { name: 'gone', configMap: { name: 'app-config' } },
        { name: 'opt', configMap: { name: 'app-config', optional: true } },
        { name: 'key', configMap: { name: 'cfg', items: [{ key: 'b', path: 'b' }] } },
        { name: 'sec', secret: { secretName: 'db' } },
        { name: 'seckey', secret: { secretName: 's', items: [{ key: 'x', path: 'x' }] } },
        { name: 'both', projected: { sources: [{ configMap: { name: 'm1' } }, { secret: { name: 'm2' } }, { downwardAPI: { items: [] } }, { serviceAccountToken: { path: 'token' } }] } },
        { name: 'scratch', emptyDir: {} },
      ],
    });
    expect(volumeSetUpErrors(p, objs)).toEqual([
      { volume: 'gone', error: 'configmap "app-config" not found' },
      { volume: 'key', error: 'configmap references non-existent config key: b' },
      { volume: 'sec', error: 'secret "db" not found' },
      { volume: 'seckey', error: 'references non-existent secret key: x' },
      { volume: 'both', error: '[configmap "m1" not found, secret "m2" not found]' },
    ]);
  });
  it('retries after 500 ms doubling to 2 m 2 s (exponentialbackoff)', () => {
    expect([1, 2, 3, 4, 9, 20].map(mountRetryMs)).toEqual([500, 1000, 2000, 4000, 122_000, 122_000]);
  });
});

describe('kubectl create configmap|secret generic|serviceaccount', () => {
  it('parses literals, the type and the namespace', () => {
    expect(parseKubectl('create configmap app-config --from-literal=mode=prod --from-literal=level=a=b -n team').command).toEqual({ cmd: 'create configmap', name: 'app-config', data: { mode: 'prod', level: 'a=b' }, namespace: 'team' });
    expect(parseKubectl('create cm c').command).toEqual({ cmd: 'create configmap', name: 'c', data: {}, namespace: undefined });
    expect(parseKubectl('create secret generic db --from-literal=password=s3cret --type=kubernetes.io/basic-auth').command).toEqual({ cmd: 'create secret generic', name: 'db', data: { password: 's3cret' }, type: 'kubernetes.io/basic-auth', namespace: undefined });
    expect(parseKubectl('create sa robot').command).toEqual({ cmd: 'create serviceaccount', name: 'robot', namespace: undefined });
  });
  it('refuses what kubectl refuses, and what is not simulated', () => {
    expect(parseKubectl('create configmap c --from-literal=novalue').error?.message).toBe('invalid literal source novalue, expected key=value');
    expect(parseKubectl('create configmap c --from-literal=a=1 --from-literal=a=2').error?.message).toBe('cannot add key a, another key by that name already exists in Data for ConfigMap "c"');
    expect(parseKubectl('create configmap c --from-literal=a/b=1').error?.message).toMatch(/^"a\/b" is not a valid key name for a ConfigMap: a valid config key/);
    expect(parseKubectl('create configmap c --from-file=x').error?.message).toBe('kubectl create configmap does not support the flag --from-file here');
    expect(parseKubectl('create secret tls t').error?.message).toMatch(/^kubectl create secret tls is not simulated/);
    expect(parseKubectl('create secret db').error?.message).toMatch(/create secret db is not supported/);
  });
});

describe('in a cluster', () => {
  it('a missing ConfigMap volume: FailedMount, retried, the pod Pending in ContainerCreating; it starts once the ConfigMap appears', () => {
    const res = run(`
cluster one { node worker-1 { cpu 4; memory 8Gi } }
scenario "cm" {
  given cluster one
  when {
    apply """
      apiVersion: v1
      kind: Pod
      metadata: { name: app }
      spec:
        containers: [{ name: web, image: nginx:1.27, volumeMounts: [{ name: cfg, mountPath: /etc/app }] }]
        volumes: [{ name: cfg, configMap: { name: app-config } }]
    """
    at 10s { kubectl create configmap app-config --from-literal=a=1 }
  }
  then {
    event pod/app FailedMount "MountVolume.SetUp failed for volume \\"cfg\\" : configmap \\"app-config\\" not found"
    pod app: Pending and reason ContainerCreating within 5s
    pod app: Running within 40s
  }
}`);
    ok(res);
    const running = res.trace.changes.find((c) => c.key === '/registry/pods/default/app' && (c.value as any)?.status?.phase === 'Running')!;
    expect(running.timeMs).toBeGreaterThan(10_000);
    // The retries: 500 ms doubling, each with its Event, until the ConfigMap is there.
    const mounts = res.trace.events.filter((e) => e.reason === 'FailedMount').map((e) => e.timeMs);
    expect(mounts.slice(1).map((t, i) => t - mounts[i]!)).toEqual([500, 1000, 2000, 4000]);
    const sandbox = res.trace.messages.find((m) => m.verb === 'RunPodSandbox')!.timeMs;
    expect(sandbox).toBeGreaterThan(10_000);
    expect(sandbox).toBeLessThanOrEqual(mounts.at(-1)! + 8000 + 100);
  });

  it('a missing Secret in the environment: CreateContainerConfigError until the Secret appears', () => {
    const res = run(`
cluster one { node worker-1 { cpu 4; memory 8Gi } }
scenario "secret" {
  given cluster one
  when {
    apply """
      apiVersion: v1
      kind: Pod
      metadata: { name: app }
      spec:
        containers:
        - name: web
          image: nginx:1.27
          envFrom: [{ secretRef: { name: db } }]
    """
    at 30s { kubectl create secret generic db --from-literal=password=x }
  }
  then {
    event pod/app Failed "Error: secret \\"db\\" not found"
    pod app: Pending and reason CreateContainerConfigError within 5s
    pod app: .status.containerStatuses[0].state.waiting.message == "secret \\"db\\" not found" within 5s
    pod app: Running within 50s
  }
}`);
    ok(res);
    const failed = res.trace.events.filter((e) => e.reason === 'Failed').map((e) => e.timeMs);
    expect(failed.length).toBeGreaterThanOrEqual(2);
    // Each retry is a sync requeued 10–15 s later (wait.Jitter(10 s, 0.5)).
    for (const [i, t] of failed.slice(1).entries()) expect(t - failed[i]!).toBeGreaterThanOrEqual(10_000);
  });

  it('a new namespace gets its default ServiceAccount and kube-root-ca.crt; pods get the kube-api-access volume', () => {
    const res = run(`
cluster one { node worker-1 { cpu 4; memory 8Gi } }
scenario "ns" {
  given cluster one
  when {
    kubectl create namespace team-a
    kubectl run web --image=nginx:1.27 -n team-a
  }
  then {
    sequence {
      controller-manager -> apiserver: create serviceaccount/default controller=serviceaccount
      controller-manager -> apiserver: create configmap/kube-root-ca.crt controller=root-ca-certificate-publisher
    }
    serviceaccount default -n team-a: exists
    configmap kube-root-ca.crt -n team-a: .metadata.annotations.kubernetes\\.io/description =~ "^Contains a CA bundle"
    pod web -n team-a: Running
    pod web: .spec.containers[0].volumeMounts[0].mountPath == "/var/run/secrets/kubernetes.io/serviceaccount"
    pod web: .spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds == 3607
    pod web: .spec.volumes[0].projected.sources[1].configMap.name == "kube-root-ca.crt"
    pod web: .spec.volumes[0].projected.sources[2].downwardAPI.items[0].fieldRef.fieldPath == "metadata.namespace"
  }
}`);
    ok(res);
  });

  it('a Secret stores stringData base64 in data; a bad ConfigMap key is the apiserver\'s 422', () => {
    const res = run(`
cluster one { node worker-1 { cpu 4; memory 8Gi } }
scenario "objects" {
  given cluster one
  when {
    apply """
      apiVersion: v1
      kind: Secret
      metadata: { name: db }
      stringData: { password: s3cret }
    """
    expect failure "ConfigMap \\"bad\\" is invalid: data[a/b]: Invalid value: \\"a/b\\": a valid config key must consist of alphanumeric characters" {
      apply """
        apiVersion: v1
        kind: ConfigMap
        metadata: { name: bad }
        data: { "a/b": x }
      """
    }
  }
  then {
    secret db: .data.password == "czNjcmV0"
    secret db: .type == Opaque
    secret db: .stringData == ""
    configmap bad: gone
  }
}`);
    ok(res);
  });
});
