/**
 * The container runtime (containerd behind the CRI) and the CNI plugin of one node. The kubelet
 * calls it; each CRI call is a trace message `kubelet@NODE → runtime@NODE`, and RunPodSandbox
 * makes the runtime call `CNI ADD` (the kubelet never calls CNI itself).
 */
import type { Env } from '../../env.js';

export class ContainerRuntime {
  readonly participant: string;
  readonly cni: string;
  /** Images present on the node (by reference with tag). */
  readonly images = new Map<string, number>();
  private nextIp = 2;

  constructor(
    private readonly env: Env,
    readonly node: string,
    private readonly kubelet: string,
    /** The node's pod CIDR prefix, e.g. `10.244.1`. */
    private readonly cidrPrefix: string,
  ) {
    this.participant = `runtime@${node}`;
    this.cni = `cni@${node}`;
  }

  private call(verb: string, target: string, label: string, attrs: Record<string, string> = {}): void {
    this.env.rec.message({ from: this.kubelet, to: this.participant, kind: 'cri', verb, target, attrs, label });
  }

  /**
   * RunPodSandbox: pause container and network namespace; CNI ADD gives the pod its IP. `dns` is
   * the nameservers of the sandbox's DNS config (undefined: the node's own resolv.conf). A pod on
   * the host network has no namespace of its own: no CNI call, and its IP is the node's. `fqdn`
   * is the pod's hostname with its domain when it has a subdomain (a StatefulSet's pods).
   */
  runPodSandbox(pod: string, dns: string | undefined, hostIP: string | undefined, done: (ip: string) => void, fqdn?: string): void {
    const attrs: Record<string, string> = dns ? { dns } : {};
    if (fqdn) attrs.hostname = fqdn;
    this.call('RunPodSandbox', `pod/${pod}`, `RunPodSandbox ${pod} (${fqdn ? `hostname ${fqdn}, ` : ''}${dns ? `DNS ${dns}` : "the node's DNS"}${hostIP ? ', host network' : ''})`, attrs);
    this.env.loop.after(this.env.latency.sandbox, () => {
      if (hostIP) return done(hostIP);
      const ip = `${this.cidrPrefix}.${this.nextIp++}`;
      this.env.rec.message({ from: this.participant, to: this.cni, kind: 'cni', verb: 'ADD', target: `pod/${pod}`, attrs: { ip }, label: `CNI ADD → ${ip}` });
      this.env.loop.after(this.env.latency.cni, () => done(ip));
    });
  }

  /** PullImage; `fails` makes the registry refuse it. */
  pullImage(image: string, durationMs: number, fails: boolean, done: (ok: boolean) => void): void {
    this.call('PullImage', image, `PullImage ${image}`, { image });
    this.env.loop.after(fails ? Math.min(durationMs, 500) : durationMs, () => {
      if (!fails) this.images.set(image, imageSize(image));
      done(!fails);
    });
  }

  /** CreateContainer: the container config names the container and its image. */
  createContainer(pod: string, container: string, image: string, done: () => void): void {
    this.call('CreateContainer', `pod/${pod}`, `CreateContainer ${container}`, { container, image });
    this.env.loop.after(this.env.latency.containerCreate, done);
  }

  startContainer(pod: string, container: string, image: string, done: () => void): void {
    this.call('StartContainer', `pod/${pod}`, `StartContainer ${container}`, { container, image });
    this.env.loop.after(this.env.latency.containerStart, done);
  }

  stopContainer(pod: string, container: string, durationMs: number, done: () => void): void {
    this.call('StopContainer', `pod/${pod}`, `StopContainer ${container}`, { container });
    this.env.loop.after(durationMs, done);
  }

  /** StopPodSandbox + RemovePodSandbox; the runtime calls CNI DEL (not for a pod on the host network). */
  removePodSandbox(pod: string, ip: string | undefined, done: () => void, hostNetwork = false): void {
    this.call('RemovePodSandbox', `pod/${pod}`, `RemovePodSandbox ${pod}`);
    this.env.loop.after(10, () => {
      if (hostNetwork) return done();
      this.env.rec.message({ from: this.participant, to: this.cni, kind: 'cni', verb: 'DEL', target: `pod/${pod}`, attrs: ip ? { ip } : {}, label: `CNI DEL${ip ? ' ' + ip : ''}` });
      this.env.loop.after(10, done);
    });
  }
}

/** A plausible, stable size for an image (bytes), for the Pulled event and ImageLocality. */
export function imageSize(image: string): number {
  const known: Record<string, number> = { busybox: 4269624, nginx: 72_000_000, redis: 45_000_000, postgres: 160_000_000, alpine: 3_600_000, pause: 320_000 };
  const repo = image.split('/').pop()!.split(':')[0]!.split('@')[0]!;
  if (known[repo]) return known[repo]!;
  let h = 0;
  for (const ch of image) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return 20_000_000 + (h % 180_000_000);
}
