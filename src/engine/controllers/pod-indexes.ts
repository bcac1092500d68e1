/**
 * The indexes the controllers keep over their shared informers, so no sync scans every object:
 * pods by owner, by node, by namespace, and orphan pods by namespace; ReplicaSets and other
 * owned objects by owner; anything namespaced by namespace.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Informer } from './informer.js';
import { controllerOf, ownerUids } from './objects.js';

/** `owner`: uid of every owner reference. */
export function indexByOwner(inf: Informer): void {
  inf.addIndex('owner', ownerUids);
}

/** `ns`: the namespace. */
export function indexByNamespace(inf: Informer): void {
  inf.addIndex('ns', (o) => [o.metadata.namespace ?? '']);
}

/** `node`: pods by spec.nodeName (bound pods only). */
export function indexByNode(inf: Informer): void {
  inf.addIndex('node', (o) => {
    const n = (o as any).spec?.nodeName;
    return n ? [n] : [];
  });
}

/** `orphan`: pods without a controller reference, by namespace (adoption candidates). */
export function indexOrphans(inf: Informer): void {
  inf.addIndex('orphan', (o) => (controllerOf(o) ? [] : [o.metadata.namespace ?? '']));
}
