/**
 * The scheduler cache: a NodeInfo per node, where each assigned (bound or assumed) pod is, and
 * the indexes plugins need so that a cycle costs the same with 10 or 10,000 pods placed: nodes
 * per image (ImageLocality), matching-pod counters (PodTopologySpread), nodes with pods that have
 * pod (anti-)affinity (InterPodAffinity).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import { NodeInfo, podInfo, type PodInfo } from './framework/types.js';
import type { ClusterView, LabelSelector } from './framework/handle.js';
import { PodCounter } from './framework/pod-counter.js';

export class SchedulerCache implements ClusterView {
  private readonly infos = new Map<string, NodeInfo>();
  private list: NodeInfo[] = [];
  /** Where each assigned pod is. */
  private readonly assigned = new Map<string, string>();
  private readonly imageNodes = new Map<string, number>();
  private readonly counters = new Map<string, PodCounter>();
  private readonly withAffinity = new Set<NodeInfo>();
  private readonly withAntiAffinity = new Set<NodeInfo>();
  private nextId = 0;

  nodes(): readonly NodeInfo[] {
    return this.list;
  }

  node(name: string): NodeInfo | undefined {
    return this.infos.get(name);
  }

  /** Add or update a node; returns its NodeInfo. */
  upsertNode(node: KubeObject): NodeInfo {
    const name = node.metadata.name;
    let info = this.infos.get(name);
    if (info) {
      const labelsChanged = JSON.stringify(info.node.metadata.labels ?? {}) !== JSON.stringify(node.metadata.labels ?? {});
      this.countImages(info, -1);
      info.setNode(node);
      if (labelsChanged) for (const c of this.counters.values()) c.invalidateDomains();
    } else {
      info = new NodeInfo(node);
      info.id = this.nextId++;
      this.infos.set(name, info);
      this.list.push(info);
    }
    this.countImages(info, 1);
    return info;
  }

  removeNode(name: string): void {
    const info = this.infos.get(name);
    if (!info) return;
    for (const key of [...info.pods.keys()]) this.removePod(key);
    this.countImages(info, -1);
    this.infos.delete(name);
    this.list = this.list.filter((n) => n !== info);
    for (const c of this.counters.values()) c.invalidateDomains();
  }

  private countImages(info: NodeInfo, delta: number): void {
    for (const image of info.images.keys()) {
      const n = (this.imageNodes.get(image) ?? 0) + delta;
      if (n > 0) this.imageNodes.set(image, n);
      else this.imageNodes.delete(image);
    }
  }

  imageNodeCount(image: string): number {
    return this.imageNodes.get(image) ?? 0;
  }

  /** The node an assigned pod is on, if any. */
  nodeOf(key: string): string | undefined {
    return this.assigned.get(key);
  }

  /** Account for a pod on `node` (assumed or bound); replaces an earlier placement. */
  addPod(node: string, p: PodInfo): void {
    if (this.assigned.has(p.key)) this.removePod(p.key);
    const info = this.infos.get(node);
    this.assigned.set(p.key, node);
    if (!info) return; // A pod bound to a node the scheduler does not know (yet) is only remembered.
    info.addPod(p);
    for (const c of this.counters.values()) if (c.matches(p)) c.add(info, 1);
    this.trackAffinity(info);
  }

  /**
   * A bound pod was seen (added or changed): account for it on its node. When only its status
   * changed, the cached PodInfo is kept, with the current object.
   */
  observeBound(node: string, pod: KubeObject): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const cached = this.infos.get(node)?.pods.get(key);
    if (this.assigned.get(key) !== node || !cached) this.addPod(node, podInfo(pod));
    else if (!sameForScheduling(cached.pod, pod)) this.addPod(node, podInfo(pod, cached.timestamp));
    else cached.pod = pod;
  }

  removePod(key: string): void {
    const node = this.assigned.get(key);
    if (node === undefined) return;
    this.assigned.delete(key);
    const info = this.infos.get(node);
    const p = info?.pods.get(key);
    if (!info || !p) return;
    info.removePod(key);
    for (const c of this.counters.values()) if (c.matches(p)) c.add(info, -1);
    this.trackAffinity(info);
  }

  private trackAffinity(info: NodeInfo): void {
    if (info.podsWithAffinity.size) this.withAffinity.add(info);
    else this.withAffinity.delete(info);
    if (info.podsWithRequiredAntiAffinity.size) this.withAntiAffinity.add(info);
    else this.withAntiAffinity.delete(info);
  }

  nodesWithAffinityPods(): Iterable<NodeInfo> {
    return this.withAffinity;
  }

  nodesWithRequiredAntiAffinityPods(): Iterable<NodeInfo> {
    return this.withAntiAffinity;
  }

  podCounter(namespace: string, selector: LabelSelector): PodCounter {
    const key = `${namespace}\u0000${JSON.stringify(selector)}`;
    let c = this.counters.get(key);
    if (!c) {
      // Built once from every assigned pod; from then on kept up to date by addPod/removePod.
      c = new PodCounter(namespace, selector);
      for (const info of this.list) {
        let n = 0;
        for (const p of info.pods.values()) if (c.matches(p)) n++;
        if (n) c.add(info, n);
      }
      this.counters.set(key, c);
    }
    return c;
  }
}

/** Do two versions of a bound pod count the same for scheduling (labels, deletion, affinity)? */
function sameForScheduling(a: KubeObject, b: KubeObject): boolean {
  return a.metadata.deletionTimestamp === b.metadata.deletionTimestamp && sameLabels(a.metadata.labels, b.metadata.labels);
}

function sameLabels(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (a === b) return true;
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  for (const k of ka) if (a![k] !== b?.[k]) return false;
  return true;
}
