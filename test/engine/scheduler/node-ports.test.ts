import { describe, expect, it } from 'vitest';
import * as nodePorts from '../../../src/engine/scheduler/plugins/node-ports.js';
import { cluster, filterAll, node, pod } from './helpers.js';

const conflict = { code: 'Unschedulable', reasons: [nodePorts.ERR_REASON] };

describe('NodePorts', () => {
  it.each([
    { name: 'nothing running', pod: pod('p', { hostPorts: [8080] }), existing: [], want: 'Success' },
    { name: 'no host ports asked for', pod: pod('p'), existing: [pod('e', { hostPorts: [8080] })], want: 'Success' },
    { name: 'other port', pod: pod('p', { hostPorts: [8080] }), existing: [pod('e', { hostPorts: [9090] })], want: 'Success' },
    { name: 'same port', pod: pod('p', { hostPorts: [8080] }), existing: [pod('e', { hostPorts: [8080] })], want: conflict },
    { name: 'same port, other protocol', pod: pod('p', { hostPorts: [{ port: 53, protocol: 'UDP' }] }), existing: [pod('e', { hostPorts: [53] })], want: 'Success' },
    { name: 'same port on different addresses', pod: pod('p', { hostPorts: [{ port: 80, ip: '10.0.0.2' }] }), existing: [pod('e', { hostPorts: [{ port: 80, ip: '10.0.0.1' }] })], want: 'Success' },
    { name: 'wanted 0.0.0.0 clashes with a specific address', pod: pod('p', { hostPorts: [80] }), existing: [pod('e', { hostPorts: [{ port: 80, ip: '10.0.0.1' }] })], want: conflict },
    { name: 'a specific address clashes with 0.0.0.0 in use', pod: pod('p', { hostPorts: [{ port: 80, ip: '10.0.0.1' }] }), existing: [pod('e', { hostPorts: [80] })], want: conflict },
    { name: 'one of several ports taken', pod: pod('p', { hostPorts: [80, 443] }), existing: [pod('e', { hostPorts: [443] })], want: conflict },
  ])('$name', ({ pod: p, existing, want }) => {
    const { handle } = cluster([node('n1')], existing.map((e) => ['n1', e]));
    expect(filterAll(nodePorts.create(), p, handle)).toEqual({ n1: want });
  });

  it('a host-network pod holds its container ports on the node (defaultHostNetworkPorts)', () => {
    const hostNet = (name: string, port: number) => {
      const p = pod(name);
      (p as any).spec.hostNetwork = true;
      (p as any).spec.containers[0].ports = [{ containerPort: port, protocol: 'TCP' }];
      return p;
    };
    const { handle } = cluster([node('n1')], [['n1', hostNet('e', 9100)]]);
    expect(filterAll(nodePorts.create(), pod('p', { hostPorts: [9100] }), handle)).toEqual({ n1: conflict });
    expect(filterAll(nodePorts.create(), hostNet('q', 9100), handle)).toEqual({ n1: conflict });
    expect(filterAll(nodePorts.create(), hostNet('r', 9200), handle)).toEqual({ n1: 'Success' });
  });

  it('ports come free when the pod holding them leaves', () => {
    const { cache, handle } = cluster([node('n1')], [['n1', pod('e', { hostPorts: [8080] })]]);
    cache.removePod('default/e');
    expect(filterAll(nodePorts.create(), pod('p', { hostPorts: [8080] }), handle)).toEqual({ n1: 'Success' });
  });
});
