/**
 * The apiserver's Service allocators: ClusterIPs from the service CIDR and NodePorts from the
 * node-port range, as the Service REST storage assigns them when a Service is created
 * (pkg/registry/core/service/storage/alloc.go allocateCreate) and releases them when it is deleted.
 *
 * - ClusterIP (pkg/registry/core/service/ipallocator/ipallocator.go Allocator.AllocateNext): the
 *   CIDR (`--service-cluster-ip-range`, 10.96.0.0/12 by default) is split in a lower static band
 *   of `calculateRangeOffset` addresses (size/16, at least 16, at most 256) and the rest; a dynamic
 *   address is drawn at random in the upper band first (then the lower). The first address
 *   (10.96.0.1) is the `kubernetes` Service's; kube-dns asks for 10.96.0.10. Each allocated address
 *   is an IPAddress object (networking.k8s.io/v1, named by the address, with a parentRef to its
 *   Service): MultiCIDRServiceAllocator is GA and locked on since 1.33.
 * - NodePort (pkg/registry/core/service/portallocator/allocator.go): `--service-node-port-range`
 *   30000–32767, a static band of size/32 (16 to 128) ports at the bottom, dynamic ports at random
 *   in the upper band first.
 * The random draws use the simulation's seeded source, so runs stay deterministic.
 */
import type { Random } from '../sim/random.js';

export const SERVICE_CIDR = '10.96.0.0/12';
export const NODE_PORT_RANGE: [number, number] = [30000, 32767];
/** The `kubernetes` Service's address: the first of the range (controlplane: ServiceIPRange's first IP). */
export const KUBERNETES_SERVICE_IP = '10.96.0.1';

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** calculateRangeOffset: the size of the lower (static) band. */
function rangeOffset(size: number, min: number, max: number, step: number): number {
  if (size < min) return 0;
  return Math.max(min, Math.min(max, Math.floor(size / step)));
}

export class ServiceAllocator {
  private readonly ips = new Set<string>();
  private readonly ports = new Set<number>();
  private readonly first: number;
  private readonly size: number;
  private readonly ipOffset: number;
  private readonly portOffset: number;

  constructor(private readonly rng: Random, cidr = SERVICE_CIDR) {
    const [base, bits] = cidr.split('/');
    const total = 2 ** (32 - Number(bits));
    // The network and broadcast addresses are never handed out.
    this.first = ipToInt(base!) + 1;
    this.size = total - 2;
    this.ipOffset = rangeOffset(this.size, 16, 256, 16);
    this.portOffset = rangeOffset(NODE_PORT_RANGE[1] - NODE_PORT_RANGE[0] + 1, 16, 128, 32);
  }

  /** Is this address inside the service CIDR? */
  inRange(ip: string): boolean {
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return false;
    const n = ipToInt(ip);
    return n >= this.first && n < this.first + this.size;
  }

  /** Allocate a given address; false if it is taken. */
  allocateIP(ip: string): boolean {
    if (this.ips.has(ip)) return false;
    this.ips.add(ip);
    return true;
  }

  /** AllocateNext: a random free address of the upper band, else of the lower; undefined when full. */
  nextIP(): string | undefined {
    const pick = (from: number, count: number): string | undefined => {
      if (count <= 0) return undefined;
      const start = this.rng.int(count);
      for (let i = 0; i < count; i++) {
        const ip = intToIp(this.first + from + ((start + i) % count));
        if (!this.ips.has(ip)) return ip;
      }
      return undefined;
    };
    const ip = pick(this.ipOffset, this.size - this.ipOffset) ?? pick(0, this.ipOffset);
    if (ip) this.ips.add(ip);
    return ip;
  }

  releaseIP(ip: string): void {
    this.ips.delete(ip);
  }

  allocatePort(port: number): boolean {
    if (this.ports.has(port) || port < NODE_PORT_RANGE[0] || port > NODE_PORT_RANGE[1]) return false;
    this.ports.add(port);
    return true;
  }

  nextPort(): number | undefined {
    const size = NODE_PORT_RANGE[1] - NODE_PORT_RANGE[0] + 1;
    const pick = (from: number, count: number): number | undefined => {
      if (count <= 0) return undefined;
      const start = this.rng.int(count);
      for (let i = 0; i < count; i++) {
        const p = NODE_PORT_RANGE[0] + from + ((start + i) % count);
        if (!this.ports.has(p)) return p;
      }
      return undefined;
    };
    const p = pick(this.portOffset, size - this.portOffset) ?? pick(0, this.portOffset);
    if (p !== undefined) this.ports.add(p);
    return p;
  }

  releasePort(port: number): void {
    this.ports.delete(port);
  }
}
