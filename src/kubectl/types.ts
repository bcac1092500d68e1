/**
 * The kubectl subset of LANGUAGE.md §6 as typed commands. `parseKubectl` (parse.ts) turns a
 * command line into one of these; the runner turns each into API requests.
 */

export type KubectlCommand =
  | { cmd: 'run'; name: string; image: string; restart: 'Always' | 'Never' | 'OnFailure'; labels: Record<string, string>; namespace?: string; port?: number }
  | { cmd: 'create deployment'; name: string; image: string; replicas: number; port?: number; namespace?: string }
  | { cmd: 'create namespace'; name: string }
  /** `create configmap NAME --from-literal=K=V …` (kubectl cmd/create/create_configmap.go). */
  | { cmd: 'create configmap'; name: string; data: Record<string, string>; namespace?: string }
  /** `create secret generic NAME --from-literal=K=V … [--type=T]` (cmd/create/create_secret.go). */
  | { cmd: 'create secret generic'; name: string; data: Record<string, string>; type?: string; namespace?: string }
  /** `create serviceaccount NAME` (cmd/create/create_serviceaccount.go). */
  | { cmd: 'create serviceaccount'; name: string; namespace?: string }
  /** `create job NAME --image=I [-- COMMAND …]` or `create job NAME --from=cronjob/X` (kubectl cmd/create/create_job.go). */
  | { cmd: 'create job'; name: string; image?: string; from?: string; command: string[]; namespace?: string }
  /** `create cronjob NAME --image=I --schedule=S [--restart=R] [-- COMMAND …]` (cmd/create/create_cronjob.go). */
  | { cmd: 'create cronjob'; name: string; image: string; schedule: string; restart: string; command: string[]; namespace?: string }
  | { cmd: 'create -f'; file: string; namespace?: string }
  | { cmd: 'apply -f'; file: string; namespace?: string }
  /** `gracePeriodSeconds` as kubectl sends it: --grace-period=N, --now (1), --force (0); absent = the pod's own. */
  /** `wait`: false with --wait=false; kubectl's default (true) waits until the objects are gone. */
  | { cmd: 'delete'; target: DeleteTarget; namespace?: string; gracePeriodSeconds?: number; force?: boolean; wait?: boolean }
  | { cmd: 'scale'; kind: 'deployment' | 'replicaset' | 'statefulset'; name: string; replicas: number; namespace?: string }
  | { cmd: 'set image'; kind: WorkloadKind; name: string; images: { container: string; image: string }[]; namespace?: string }
  | { cmd: 'rollout restart' | 'rollout pause' | 'rollout resume'; kind: WorkloadKind; name: string; namespace?: string }
  /** `timeoutMs` absent: kubectl's default (none: wait as long as it takes). */
  | { cmd: 'rollout status'; kind: WorkloadKind; name: string; namespace?: string; watch: boolean; timeoutMs?: number; revision?: number }
  | { cmd: 'rollout history'; kind: WorkloadKind; name: string; namespace?: string }
  /** `toRevision` 0: the previous revision. */
  | { cmd: 'rollout undo'; kind: WorkloadKind; name: string; namespace?: string; toRevision: number }
  /** `condition` absent: --for=delete; `selector` (-l, or '' for --all): every matching object. */
  | { cmd: 'wait'; resource: string; names: string[]; selector?: string; condition?: { condition: string; value: string }; timeoutMs: number; namespace?: string }
  | { cmd: 'cordon'; node: string }
  | { cmd: 'uncordon'; node: string }
  /** `timeoutMs`: --timeout (kubectl's default 0: wait as long as it takes). */
  | { cmd: 'drain'; node: string; ignoreDaemonsets: boolean; deleteEmptyDirData: boolean; force: boolean; timeoutMs?: number }
  | { cmd: 'taint'; node: string; taints: { key: string; value?: string; effect?: string; remove: boolean }[] }
  | { cmd: 'label'; kind: 'pods' | 'nodes'; name: string; labels: { key: string; value?: string; remove: boolean }[]; overwrite: boolean; namespace?: string }
  | { cmd: 'expose'; kind: 'deployment'; name: string; port: number; targetPort?: number; namespace?: string; type?: 'ClusterIP' | 'NodePort' }
  /** `kubectl patch KIND NAME -p JSON [--type strategic|merge|json]` (strategic by default, as kubectl). */
  | { cmd: 'patch'; resource: string; name: string; patch: unknown; patchType: 'strategic' | 'merge' | 'json'; namespace?: string }
  | { cmd: 'annotate'; resource: string; name: string; annotations: { key: string; value?: string; remove: boolean }[]; overwrite: boolean; namespace?: string }
  /** `output`: wide | yaml | json | name | jsonpath=TEMPLATE (absent: the table). */
  | { cmd: 'get'; resource: string; name?: string; namespace?: string; selector?: string; output?: string };

export type WorkloadKind = 'deployment' | 'statefulset' | 'daemonset';

export type DeleteTarget =
  | { by: 'name'; resource: string; names: string[] }
  | { by: 'file'; file: string }
  | { by: 'selector'; resource: string; selector: string };

/** A problem with a kubectl line: `offset`/`length` locate the word or flag within the raw text. */
export interface KubectlError {
  message: string;
  hint?: string;
  offset: number;
  length: number;
}
