/**
 * Authentication and RBAC authorization. `admin` may do everything; control-plane components
 * authenticate as their system users and are allowed what they need; scenario users have the
 * rules of their `user` block (LANGUAGE.md §4). Denials use the apiserver's own wording.
 */
import type { ResourceType } from './resources.js';

export interface Rule {
  verbs: string[];
  resources: string[];
  /** Absent: every namespace and cluster-scoped resources. */
  namespaces?: string[];
}

export class Authorizer {
  private users = new Map<string, Rule[]>();

  /** Register a user with its rules. */
  addUser(name: string, rules: Rule[]): void {
    this.users.set(name, rules);
  }

  /** Does this user exist (authentication)? admin and system users always do. */
  authenticate(user: string): boolean {
    return user === 'admin' || user.startsWith('system:') || this.users.has(user);
  }

  /** RBAC: may `user` do `verb` on `resource` (may be `pods/binding`) in `namespace`? */
  allowed(user: string, verb: string, resource: string, namespace: string | undefined): boolean {
    if (user === 'admin' || user.startsWith('system:')) return true;
    const rules = this.users.get(user) ?? [];
    return rules.some(
      (r) =>
        (r.verbs.includes(verb) || r.verbs.includes('*')) &&
        // A rule on `deployments` does not cover `deployments/scale`: subresources are named on their own.
        (r.resources.includes(resource) || r.resources.includes('*')) &&
        (!r.namespaces || (namespace !== undefined && (r.namespaces.includes(namespace) || r.namespaces.includes('*')))),
    );
  }
}

/**
 * The 403 message: `pods is forbidden: User "alice" cannot create resource "pods" in API group ""
 * in the namespace "default"` (with `pods "x" is forbidden` for a named object, and `at the
 * cluster scope` for cluster-scoped resources).
 */
export function forbiddenMessage(user: string, verb: string, t: ResourceType, subresource: string | undefined, namespace: string | undefined, name: string | undefined): string {
  // The GroupResource as Kubernetes prints it: `pods`, `deployments.apps`.
  const gr = t.group ? `${t.resource}.${t.group}` : t.resource;
  const what = name ? `${gr} "${name}"` : gr;
  const res = subresource ? `resource "${t.resource}/${subresource}"` : `resource "${t.resource}"`;
  const scope = t.namespaced && namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  return `${what} is forbidden: User "${user}" cannot ${verb} ${res} in API group "${t.group}" ${scope}`;
}

/** The RBAC verb of a request verb. */
export function rbacVerb(verb: string): string {
  if (verb === 'bind') return 'create';
  if (verb === 'status') return 'patch';
  return verb;
}
