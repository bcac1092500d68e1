/** Short descriptions for diagram labels. */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { KubeObject } from '../../trace/types.js';
import type { ApiRequest } from './types.js';

/** What a write changes, for the PUT label: `nodeName`, `status`, `deletionTimestamp` … or '' for a create. */
export function describeObject(obj: KubeObject, req: ApiRequest): string {
  if (req.verb === 'bind') return 'nodeName';
  if (req.verb === 'status') return 'status';
  if ((obj.metadata as any).deletionTimestamp && req.verb === 'delete') return 'deletionTimestamp';
  if (req.verb === 'patch' || req.verb === 'update') return 'spec';
  return '';
}
