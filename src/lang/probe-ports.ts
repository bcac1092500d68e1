/**
 * A probe aimed at a port its container does not declare is legal in Kubernetes (a numeric port
 * needs no `ports` entry) but is usually a mistake — the probe then hits a closed port — so
 * `kscn check` warns (issue 13, bad input). A named port must name one of the container's ports:
 * otherwise the kubelet cannot resolve it and the probe fails at every period.
 */
import { isMap, isScalar, isSeq, type Node as YamlNode, type YAMLMap } from 'yaml';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'];

/** Report a warning for each probe port the container does not declare. */
export function checkProbePorts(spec: YAMLMap, at: string, warn: (message: string, node: YamlNode, hint: string) => void): void {
  for (const list of ['containers', 'initContainers']) {
    const seq = spec.get(list, true);
    if (!isSeq(seq)) continue;
    seq.items.forEach((c, i) => {
      if (!isMap(c)) return;
      const ports = c.get('ports', true);
      const numbers = new Set<string>();
      const names = new Set<string>();
      if (isSeq(ports)) {
        for (const p of ports.items) {
          if (!isMap(p)) continue;
          const n = p.get('containerPort');
          if (n !== undefined && n !== null) numbers.add(String(n));
          const name = p.get('name');
          if (typeof name === 'string') names.add(name);
        }
      }
      for (const probe of PROBES) {
        const pm = c.get(probe, true);
        if (!isMap(pm)) continue;
        for (const h of HANDLERS) {
          const hm = pm.get(h, true);
          if (!isMap(hm)) continue;
          const node = hm.get('port', true);
          if (!isScalar(node) || node.value === null || node.value === undefined) continue;
          const port = String(node.value);
          const where = `${at}.${list}[${i}].${probe}.${h}.port`;
          if (/^\d+$/.test(port)) {
            if (!numbers.has(port)) warn(`${where}: the container does not declare port ${port}`, node, `legal, as in Kubernetes; if the probe is meant to reach the container, add ports: [{ containerPort: ${port} }]`);
          } else if (!names.has(port)) warn(`${where}: the container has no port named "${port}"`, node, 'the kubelet cannot resolve it and the probe fails; name one of the container\'s ports');
        }
      }
    });
  }
}
