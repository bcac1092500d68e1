/**
 * kube-proxy on one node (iptables mode): watches Services and EndpointSlices through the
 * apiserver and, shortly after a change (the sync runner's debounce, `latency.proxySync`), writes
 * the rules of every Service whose routing changed: one message `kube-proxy@NODE →
 * iptables@NODE` per Service, verb `sync`, attribute `rules`. The latest such message per node
 * says whether that node routes the Service (`service web: rules on N nodes`).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Env } from '../env.js';
import type { KubeObject } from '../../trace/types.js';
import type { ApiServer } from '../apiserver/server.js';
import { ApiClient } from '../apiserver/client.js';
import type { Timer } from '../sim/loop.js';
import { countRules, usableAddresses } from './rules.js';

/** kube-proxy's minimum time between two syncs (iptables.minSyncPeriod, 1 s by default). */
export const MIN_SYNC_PERIOD_MS = 1000;

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export class KubeProxy {
  readonly participant: string;
  private readonly client: ApiClient;
  private readonly services = new Map<string, KubeObject>();
  private readonly slices = new Map<string, Map<string, KubeObject>>();
  /** What the rules of each Service were last written from, and their count. */
  private readonly applied = new Map<string, { sig: string; rules: number }>();
  private readonly dirty = new Set<string>();
  private timer: Timer | undefined;
  /** When the rules were last synced (−∞ before the first sync). */
  private lastSyncMs = -Infinity;

  constructor(private readonly env: Env, private readonly server: ApiServer, readonly node: string) {
    this.participant = `kube-proxy@${node}`;
    this.client = new ApiClient(env, server, this.participant, 'system:kube-proxy', 'kube-proxy', node);
  }

  start(): void {
    for (const s of this.server.list('services')) this.services.set(key(s), s);
    for (const s of this.server.list('endpointslices')) this.sliceSet(s).set(s.metadata.name, s);
    this.client.watch('services', (type, svc) => {
      if (type === 'DELETED') this.services.delete(key(svc));
      else this.services.set(key(svc), svc);
      return this.changed(key(svc));
    });
    this.client.watch('endpointslices', (type, slice) => {
      const set = this.sliceSet(slice);
      if (type === 'DELETED') set.delete(slice.metadata.name);
      else set.set(slice.metadata.name, slice);
      return this.changed(svcKeyOf(slice));
    });
  }

  private sliceSet(slice: KubeObject): Map<string, KubeObject> {
    const k = svcKeyOf(slice);
    let m = this.slices.get(k);
    if (!m) this.slices.set(k, (m = new Map()));
    return m;
  }

  /** What the rules depend on: cluster IP, ports, type, and the usable endpoint addresses of each port. */
  private signature(k: string): string {
    const svc = this.services.get(k) as any;
    if (!svc) return '';
    const slices = [...(this.slices.get(k)?.values() ?? [])];
    const ports = ((svc.spec?.ports ?? []) as any[]).map((p) => usableAddresses(slices, p.name ?? ''));
    return JSON.stringify([svc.spec?.clusterIP, svc.spec?.type, svc.spec?.ports, ports, slices.map((s) => (s as any).ports ?? [])]);
  }

  /** Mark a Service for the next sync when its routing changed; returns whether it did. */
  private changed(k: string): boolean {
    if (!k) return false;
    const sig = this.signature(k);
    const prev = this.applied.get(k)?.sig ?? '';
    if (sig === prev && !this.dirty.has(k)) return false;
    this.dirty.add(k);
    // The sync runner (async.BoundedFrequencyRunner) runs at most once per minSyncPeriod, 1 s by
    // default (--iptables-min-sync-period, cmd/kube-proxy/app/server.go): a change within a second
    // of the last sync waits for the second to pass.
    const at = Math.max(this.env.loop.now + this.env.latency.proxySync, this.lastSyncMs + MIN_SYNC_PERIOD_MS);
    this.timer ??= this.env.loop.at(at, () => this.sync());
    return true;
  }

  /** syncProxyRules: iptables-restore of the changed Services. */
  private sync(): void {
    this.timer = undefined;
    this.lastSyncMs = this.env.loop.now;
    const keys = [...this.dirty].sort();
    this.dirty.clear();
    for (const k of keys) {
      const sig = this.signature(k);
      const prev = this.applied.get(k);
      if (prev?.sig === sig) continue;
      const svc = this.services.get(k);
      const rules = svc ? countRules(svc, this.slices.get(k)?.values() ?? []) : 0;
      if (sig) this.applied.set(k, { sig, rules });
      else this.applied.delete(k);
      if (!prev && !rules) continue;
      const name = k.slice(k.indexOf('/') + 1);
      this.env.rec.message({
        from: this.participant,
        to: `iptables@${this.node}`,
        kind: 'iptables',
        verb: 'sync',
        target: `service/${name}`,
        attrs: { rules: String(rules), ns: k.slice(0, k.indexOf('/')) },
        label: `iptables-restore: ${rules} rules for service/${name}`,
      });
    }
  }

  /** Rules currently programmed per Service key (`ns/name`). */
  rules(): Map<string, number> {
    return new Map([...this.applied].map(([k, v]) => [k, v.rules]));
  }
}

function key(o: KubeObject): string {
  return `${o.metadata.namespace}/${o.metadata.name}`;
}

function svcKeyOf(slice: KubeObject): string {
  const svc = slice.metadata.labels?.[SERVICE_NAME_LABEL];
  return svc ? `${slice.metadata.namespace}/${svc}` : '';
}
