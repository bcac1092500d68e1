/** Requests to and answers from the simulated apiserver. */
import type { HiddenReason, KubeObject, Participant } from '../../trace/types.js';

/** The verbs of LANGUAGE.md §8 (`bind` is POST pods/NAME/binding, `status` a PATCH of …/status). */
export type ApiVerb = 'create' | 'get' | 'list' | 'update' | 'patch' | 'delete' | 'bind' | 'status';

export interface ApiRequest {
  verb: ApiVerb;
  /** Plural resource (`pods`). */
  resource: string;
  namespace?: string;
  name?: string;
  /** create/update: the object; patch/status: a JSON merge patch (RFC 7386); bind: `{ node }`. */
  body?: unknown;
  /**
   * `eviction` with verb `create`: POST pods/NAME/eviction (a graceful delete, as drain does);
   * `scale` with verb `patch`: PATCH deployments/NAME/scale (`spec.replicas`);
   * `finalize` with verb `update`: PUT namespaces/NAME/finalize (`spec.finalizers`).
   */
  subresource?: 'eviction' | 'scale' | 'finalize';
  /** patch: `merge` (RFC 7386, the default), `strategic` (what kubectl apply sends) or `json` (RFC 6902 operations). */
  patchType?: 'merge' | 'strategic' | 'json';
  /** list: across every namespace (GET /api/v1/pods), as drain lists a node's pods. */
  allNamespaces?: boolean;
  /** list / deletecollection: a label selector in kubectl syntax. */
  labelSelector?: string;
  /** delete: seconds of grace (pods); 0 deletes at once. */
  gracePeriodSeconds?: number;
  /** Hidden from the default diagram (heartbeats, Event writes). */
  hidden?: HiddenReason;
  /** Extra attributes for the trace message (e.g. `phase=Running ready=true` of a status write). */
  attrs?: Record<string, string>;
  /** What the diagram shows for the request, when the default does not say enough. */
  label?: string;
}

export interface ApiResponse {
  /** HTTP status: 200, 201, 403, 404, 409, 422, 503 … */
  code: number;
  /** For errors: the Status reason (`Forbidden`, `NotFound`, `AlreadyExists`, `Conflict`, `Invalid` …). */
  reason?: string;
  /** For errors: the message as the apiserver words it. */
  message?: string;
  /** For errors: a StatusCause type, e.g. `NamespaceTerminating`. */
  cause?: string;
  object?: KubeObject;
  items?: KubeObject[];
}

/** Who is calling: the trace participant and the authenticated user. */
export interface Caller {
  participant: Participant;
  user: string;
}

/** A watch: which resource, an optional server-side filter, and the handler. */
export interface WatchSpec {
  caller: Caller;
  resource: string;
  /** Only pods bound to this node (the kubelet's `spec.nodeName` field selector), or only this Node. */
  nodeName?: string;
  /**
   * Called on delivery; returns whether the receiver acted on it. A notification nobody acted on
   * is marked `idle` in the trace (hidden from the default diagram).
   */
  handler: (type: WatchType, obj: KubeObject, old: KubeObject | undefined) => boolean;
  /** Notifications about this resource are heartbeats (hidden), e.g. Leases. */
  hidden?: HiddenReason;
  /** Only this object (the field selector `metadata.name`, in `namespace`), as kubectl's waits watch. */
  name?: string;
  namespace?: string;
}

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';
