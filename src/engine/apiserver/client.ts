/**
 * A component's connection to the apiserver: every request is a trace message from the component
 * to `apiserver`; the answer comes back as a response message. Also records Kubernetes Events,
 * which are objects written through the apiserver like any other (hidden from default diagrams).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Env } from '../env.js';
import type { KubeObject, Participant } from '../../trace/types.js';
import { ApiServer } from './server.js';
import { targetOf } from './resources.js';
import type { ApiRequest, ApiResponse, Caller, WatchSpec } from './types.js';

export interface EventInput {
  /** The object the Event is about. */
  involved: KubeObject;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** For container events: `spec.containers{name}`. */
  fieldPath?: string;
  /** events.k8s.io `action` (the scheduler's `Binding`, `Scheduling`, `Preempting`). */
  action?: string;
}

export class ApiClient {
  readonly caller: Caller;

  constructor(
    private readonly env: Env,
    private readonly server: ApiServer,
    participant: Participant,
    user: string,
    /** source.component of the Events this client records, e.g. `default-scheduler`, `kubelet`. */
    private readonly eventSource = participant,
    private readonly eventHost?: string,
    /** Attributes every request of this client carries, e.g. `controller=deployment`. */
    private readonly defaultAttrs: Record<string, string> = {},
  ) {
    this.caller = { participant, user };
  }

  /** Send a request; `cb` gets the response when it arrives. Returns the request's seq. */
  request(req: ApiRequest, cb?: (res: ApiResponse) => void): number {
    const t = this.server.types.byResource(req.resource);
    const body = req.body as any;
    const name = req.name ?? body?.metadata?.name ?? body?.metadata?.generateName ?? '';
    const ns = t?.namespaced ? req.namespace ?? body?.metadata?.namespace ?? 'default' : undefined;
    const attrs: Record<string, string> = {};
    if (ns) attrs.ns = ns;
    attrs.user = this.caller.user;
    Object.assign(attrs, this.defaultAttrs);
    if (req.verb === 'bind') attrs.node = String(body?.node);
    Object.assign(attrs, req.attrs);
    const seq = this.env.rec.message({
      from: this.caller.participant,
      to: 'apiserver',
      kind: 'request',
      verb: req.verb,
      target: t ? (name ? targetOf(t.kind, name) : t.resource) : req.resource,
      attrs,
      label: ApiServer.requestLabel(req, this.server.types),
      hidden: req.hidden,
    });
    this.server.handle(req, this.caller, seq, (res) => {
      // A generated name (generateName) is known once the apiserver answers: name the request by it.
      if (seq && req.verb === 'create' && res.object && t && !req.name && !body?.metadata?.name) {
        const sent = this.env.rec.bySeq(seq);
        if (sent) sent.target = targetOf(t.kind, res.object.metadata.name);
      }
      cb?.(res);
    });
    return seq;
  }

  /** Watch a resource through the apiserver; the returned function ends the watch. */
  watch(resource: string, handler: WatchSpec['handler'], opts: { nodeName?: string; hidden?: WatchSpec['hidden']; name?: string; namespace?: string } = {}): () => void {
    return this.server.watch({ caller: this.caller, resource, handler, ...opts });
  }

  /** Record a Kubernetes Event: in the trace's event list, and as an Event object written through the apiserver. */
  event(e: EventInput): void {
    const inv = e.involved;
    const ns = inv.metadata.namespace ?? 'default';
    this.env.rec.event({
      object: targetOf(inv.kind, inv.metadata.name),
      namespace: ns,
      type: e.type,
      reason: e.reason,
      message: e.message,
      source: this.eventSource,
      ...(this.eventHost ? { host: this.eventHost } : {}),
      ...(e.action ? { action: e.action } : {}),
    });
    if (!this.env.rec.recording) return;
    // Event names are `<object>.<hex of the timestamp in ns>` (client-go's recorder).
    const name = `${inv.metadata.name}.${(BigInt(Date.UTC(2026, 0, 1) + this.env.loop.now) * 1000000n + BigInt(this.env.rng.int(1000000))).toString(16)}`;
    const ev = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns },
      involvedObject: { kind: inv.kind, namespace: inv.metadata.namespace, name: inv.metadata.name, uid: inv.metadata.uid, apiVersion: inv.apiVersion, ...(e.fieldPath ? { fieldPath: e.fieldPath } : {}) },
      reason: e.reason,
      message: e.message,
      type: e.type,
      source: { component: this.eventSource, ...(this.eventHost ? { host: this.eventHost } : {}) },
      firstTimestamp: this.env.timestamp(),
      lastTimestamp: this.env.timestamp(),
      count: 1,
      reportingComponent: this.eventSource,
      ...(e.action ? { action: e.action } : {}),
    };
    this.request({ verb: 'create', resource: 'events', namespace: ns, body: ev, hidden: 'event', attrs: { reason: e.reason } });
  }
}
