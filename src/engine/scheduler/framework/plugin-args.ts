/**
 * Validation of plugin args from pluginConfig (apis/config/validation/validation_pluginargs.go),
 * for the args the simulation reads: NodeResourcesFitArgs.scoringStrategy.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

const TYPES = ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'];

/** Errors in a scoringStrategy (type, resources with weights 1..100, shape points). */
export function validateScoringStrategy(s: any, where: string): string[] {
  if (s === undefined) return [];
  const errors: string[] = [];
  if (typeof s !== 'object' || s === null) return [`${where}: must be an object`];
  if (s.type !== undefined && !TYPES.includes(s.type)) errors.push(`${where}.type: unknown strategy "${s.type}" (${TYPES.join(', ')})`);
  for (const [i, r] of ((s.resources ?? []) as any[]).entries()) {
    if (typeof r?.name !== 'string' || !r.name) errors.push(`${where}.resources[${i}].name: required`);
    if (r?.weight !== undefined && (!Number.isInteger(r.weight) || r.weight < 1 || r.weight > 100)) errors.push(`${where}.resources[${i}].weight: must be an integer from 1 to 100, not ${JSON.stringify(r.weight)}`);
  }
  const shape = s.requestedToCapacityRatio?.shape as any[] | undefined;
  if (s.type === 'RequestedToCapacityRatio' && (!shape || !shape.length)) errors.push(`${where}.requestedToCapacityRatio.shape: at least one point is required`);
  let last = -1;
  for (const [i, p] of (shape ?? []).entries()) {
    if (!Number.isInteger(p?.utilization) || p.utilization < 0 || p.utilization > 100) errors.push(`${where}.requestedToCapacityRatio.shape[${i}].utilization: must be an integer from 0 to 100`);
    else if (p.utilization <= last) errors.push(`${where}.requestedToCapacityRatio.shape[${i}].utilization: must be greater than the previous point's`);
    else last = p.utilization;
    if (!Number.isInteger(p?.score) || p.score < 0 || p.score > 10) errors.push(`${where}.requestedToCapacityRatio.shape[${i}].score: must be an integer from 0 to 10`);
  }
  return errors;
}
