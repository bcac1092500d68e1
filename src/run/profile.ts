/**
 * The scheduler profile of a cluster: kube-scheduler's default profile, changed by the cluster's
 * `scheduler` block — a KubeSchedulerConfiguration (inline or from a file), then the short form.
 */
import { readText } from '../lang/files.js';
import { isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ClusterBody } from '../lang/ast.js';
import type { CheckedFile } from '../lang/model.js';
import type { Diagnostic } from '../lang/diagnostics.js';
import { defaultProfile, type SchedulerProfile } from '../engine/scheduler/framework/config.js';
import { applyShortForm, profileFromConfig } from '../engine/scheduler/framework/load-config.js';

export function schedulerProfile(body: ClusterBody, file: CheckedFile, errors: Diagnostic[]): SchedulerProfile {
  const decl = body.scheduler;
  if (!decl) return defaultProfile();
  const problem = (message: string) => errors.push({ code: 'E-SCHEDULER-CONFIG', severity: 'error', message, span: decl.span, hint: 'see the kubescheduler.config.k8s.io/v1 KubeSchedulerConfiguration reference' });
  let profile = defaultProfile();
  if (decl.config) {
    let text: string | undefined;
    if (decl.config.kind === 'inline') text = decl.config.text;
    else {
      const path = isAbsolute(decl.config.path) ? decl.config.path : resolve(file.dir, decl.config.path);
      const r = readText(path, file.root ? { root: file.root } : {});
      text = r.text;
      if (r.text === undefined) problem(`cannot read the scheduler configuration "${decl.config.path}": ${r.error}`);
    }
    if (text !== undefined) {
      try {
        const r = profileFromConfig(parseYaml(text, { maxAliasCount: 100 }));
        profile = r.profile;
        for (const e of r.errors) problem(`scheduler configuration: ${e}`);
      } catch (e) {
        problem(`scheduler configuration is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
      }
    }
  }
  for (const e of applyShortForm(profile, decl.settings)) problem(`scheduler: ${e}`);
  return profile;
}
