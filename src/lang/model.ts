/**
 * The checked model: what `check` hands the runner once a file parsed and passed every check.
 * Imports are resolved (their clusters and manifests are visible by name), manifest files are
 * read, and every name a scenario refers to exists.
 */
import type { ClusterDecl, KscnFile, ManifestDecl, ScenarioDecl } from './ast.js';

export interface CheckedManifest {
  decl: ManifestDecl;
  /** The YAML text (read from its file for `from "…"`). */
  text: string;
  /** Where the YAML came from, for error messages (the .kscn file or the .yaml file). */
  origin: string;
}

export interface CheckedFile {
  /** The path as given (a .kscn file). */
  path: string;
  /** Absolute directory of the file: `apply "x.yaml"` and `kubectl apply -f x.yaml` resolve against it. */
  dir: string;
  /** The project folder (absolute): files read while running must be inside it (`projectRoot`). */
  root?: string;
  ast: KscnFile;
  /** Clusters visible in this file: its own and its imports'. */
  clusters: Map<string, ClusterDecl>;
  /** Manifests visible in this file: its own and its imports'. */
  manifests: Map<string, CheckedManifest>;
  scenarios: ScenarioDecl[];
}
