/**
 * What a check sees: the file's AST, the names visible to it (its own and its imports'), and a
 * way to report. Checks are small functions registered in `checks/index.ts`.
 */
import type { ClusterBody, ClusterDecl, KscnFile, ManifestDecl, ScenarioDecl, Span } from '../ast.js';

export interface CheckContext {
  ast: KscnFile;
  /** Absolute folder of the file (relative paths resolve against it). */
  dir: string;
  /** Clusters and manifests visible in this file, by name. */
  clusters: Map<string, ClusterDecl>;
  manifests: Map<string, ManifestDecl>;
  /** kubectl words of the custom resources the file's CustomResourceDefinitions declare → their plural. */
  customResources?: Map<string, string>;
  /** Why a file (relative to this file's folder) cannot be read — missing, not a regular file, outside the project folder — or undefined when it can. */
  fileError(relative: string): string | undefined;
  /** A file's text (relative to this file's folder, confined to the project folder), or undefined. */
  readFile(relative: string): string | undefined;
  report(code: string, message: string, span: Span, hint?: string): void;
}

/** A check over a whole file. */
export type FileCheck = (ctx: CheckContext) => void;

/** The cluster body a scenario runs on, when it can be found. */
export function scenarioCluster(ctx: CheckContext, s: ScenarioDecl): ClusterBody | undefined {
  if (s.cluster.kind === 'inline') return s.cluster.body;
  return ctx.clusters.get(s.cluster.name)?.body;
}

/** Every cluster body of a file: named clusters and inline `given cluster { … }`. */
export function clusterBodies(ast: KscnFile): ClusterBody[] {
  return [...ast.clusters.map((c) => c.body), ...ast.scenarios.flatMap((s) => (s.cluster.kind === 'inline' ? [s.cluster.body] : []))];
}
