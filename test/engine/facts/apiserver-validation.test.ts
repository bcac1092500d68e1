/**
 * LANGUAGE.md §6 / DESIGN.md: a bad manifest gets the apiserver's own 422 wording
 * (pkg/apis/core/validation, pkg/apis/apps/validation, apimachinery pkg/util/validation).
 */
import { describe, expect, it } from 'vitest';
import { decodeError, invalidMessage, validateObject } from '../../../src/manifests/validate.js';
import { applyDefaults } from '../../../src/manifests/defaults.js';
import type { KubeObject } from '../../../src/trace/types.js';
import { runFact } from './helpers.js';

/** Default, validate and render as the apiserver does on create. */
function invalid(obj: any): string | undefined {
  const o = structuredClone(obj) as KubeObject;
  o.metadata ??= { name: '' };
  applyDefaults(o);
  const errors = validateObject(o);
  if (!errors.length) return undefined;
  const kind = o.kind === 'Deployment' || o.kind === 'ReplicaSet' ? `${o.kind}.apps` : o.kind;
  return invalidMessage(kind, o.metadata.name, errors);
}

const pod = (name: string, container: any = { name: 'web', image: 'nginx' }) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [container] } });
const deploy = (spec: any, name = 'web') => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } }, ...spec },
});

const SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

describe('apiserver validation wording (422)', () => {
  it.each([
    ['pod name is a DNS-1123 subdomain', pod('Web_1'), `Pod "Web_1" is invalid: metadata.name: Invalid value: "Web_1": ${SUBDOMAIN}`],
    ['a name with dots is a fine subdomain', pod('web.v1'), undefined],
    ['missing image', pod('web', { name: 'web' }), 'Pod "web" is invalid: spec.containers[0].image: Required value'],
    ['container name is a DNS-1123 label', pod('web', { name: 'Web', image: 'nginx' }), `Pod "web" is invalid: spec.containers[0].name: Invalid value: "Web": ${LABEL}`],
    ['container name with dots', pod('web', { name: 'a.b', image: 'nginx' }), 'Pod "web" is invalid: spec.containers[0].name: Invalid value: "a.b": must not contain dots'],
    ['requests above limits: the value is the quantity string',
      pod('web', { name: 'web', image: 'nginx', resources: { requests: { cpu: 2 }, limits: { cpu: 1 } } }),
      'Pod "web" is invalid: spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1'],
    ['service name is a DNS-1035 label', { apiVersion: 'v1', kind: 'Service', metadata: { name: '1web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } },
      `Service "1web" is invalid: metadata.name: Invalid value: "1web": ${DNS1035}`],
    ['namespace name is a DNS-1123 label', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.a' } }, 'Namespace "team.a" is invalid: metadata.name: Invalid value: "team.a": must not contain dots'],
    ['label values', { ...pod('web'), metadata: { name: 'web', labels: { app: '-web' } } },
      `Pod "web" is invalid: metadata.labels: Invalid value: "-web": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`],
    ['label key', { ...pod('web'), metadata: { name: 'web', labels: { 'app name': 'web' } } },
      "Pod \"web\" is invalid: metadata.labels: Invalid value: \"app name\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"],
    ['containerPort out of range', pod('web', { name: 'web', image: 'nginx', ports: [{ containerPort: 70000 }] }),
      'Pod "web" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
    ['imagePullPolicy', pod('web', { name: 'web', image: 'nginx', imagePullPolicy: 'Sometimes' }),
      'Pod "web" is invalid: spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"'],
    ['negative replicas', deploy({ replicas: -1 }), 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    ['maxSurge and maxUnavailable both 0 (strategy type defaulted)', deploy({ strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }),
      'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0'],
    ['0% and 0 are both zero', deploy({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '0%', maxUnavailable: 0 } } }),
      'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0'],
    ['maxSurge 0 alone is fine', deploy({ strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } }), undefined],
    ['maxUnavailable above 100%', deploy({ strategy: { rollingUpdate: { maxUnavailable: '110%' } } }),
      'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 110%: must not be greater than 100%'],
    ['a percentage that is not one', deploy({ strategy: { rollingUpdate: { maxSurge: '1' } } }),
      "Deployment.apps \"web\" is invalid: spec.strategy.rollingUpdate.maxSurge: Invalid value: 1: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"],
    ['unknown strategy type', deploy({ strategy: { type: 'BlueGreen' } }), 'Deployment.apps "web" is invalid: spec.strategy.type: Unsupported value: "BlueGreen": supported values: "Recreate", "RollingUpdate"'],
    ['Recreate with rollingUpdate', deploy({ strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }),
      "Deployment.apps \"web\" is invalid: spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
    ['progressDeadlineSeconds must exceed minReadySeconds', deploy({ minReadySeconds: 10, progressDeadlineSeconds: 10 }),
      'Deployment.apps "web" is invalid: spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds'],
    ['no selector: required, and the template does not match it', deploy({ selector: undefined }),
      'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`]'],
    ['selector does not match the template', deploy({ selector: { matchLabels: { app: 'api' } } }),
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`'],
  ])('%s', (_, obj, want) => {
    expect(invalid(obj)).toBe(want);
  });

  it('apps/v1 spec.selector is immutable: re-applying a Deployment with another selector is 422 "field is immutable"', () => {
    const r = runFact(`
manifest v1 """
  apiVersion: apps/v1
  kind: Deployment
  metadata: { name: web }
  spec:
    selector: { matchLabels: { app: web } }
    template:
      metadata: { labels: { app: web } }
      spec: { containers: [{ name: web, image: nginx }] }
"""
manifest v2 """
  apiVersion: apps/v1
  kind: Deployment
  metadata: { name: web }
  spec:
    selector: { matchLabels: { app: api } }
    template:
      metadata: { labels: { app: api } }
      spec: { containers: [{ name: web, image: nginx }] }
"""
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "immutable" {
  given cluster c
  given { apply v1 }
  when { apply v2 }
  then { deployment web: 1 ready }
}`);
    const res = r.trace.messages.find((m) => m.kind === 'response' && m.target === 'deployment/web' && m.attrs.code === '422')!;
    expect(res.label).toBe('422 Unprocessable Entity: Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"api"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable');
  });

  it('a label value that is a YAML number does not decode (400, encoding/json wording)', () => {
    const o = { ...pod('web'), metadata: { name: 'web', labels: { version: 1 } } } as any;
    expect(decodeError(o)).toBe('Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string');
  });

  it('LANGUAGE.md §6: kubectl apply of an invalid Deployment answers 422 with that message, and nothing is stored', () => {
    const r = runFact(`
manifest zz """
  apiVersion: apps/v1
  kind: Deployment
  metadata: { name: zz }
  spec:
    selector: { matchLabels: { app: zz } }
    strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }
    template:
      metadata: { labels: { app: zz } }
      spec: { containers: [{ name: web, image: nginx }] }
"""
cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "invalid" {
  given cluster c
  when { expect failure "is invalid" { apply zz } }
  then {
    sequence { apiserver -> kubectl: response deployment/zz code=422 }
    never apiserver -> etcd: put /registry/deployments/default/zz
  }
}`);
    // apply reads first (404), then creates.
    const res = r.trace.messages.find((m) => m.kind === 'response' && m.target === 'deployment/zz' && m.attrs.code === '422')!;
    expect(res.label).toBe('422 Unprocessable Entity: Deployment.apps "zz" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0');
    expect(r.trace.messages.some((m) => m.to === 'etcd' && m.target.startsWith('/registry/deployments/'))).toBe(false);
  });
});
