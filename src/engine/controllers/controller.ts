/**
 * A controller of kube-controller-manager. Each runs in the `controller-manager` participant with
 * its own client (its requests carry `controller=NAME`; its Events have its own source), learns
 * through watches and acts through the apiserver.
 */
import type { Env } from '../env.js';
import type { ApiServer } from '../apiserver/server.js';
import { ApiClient } from '../apiserver/client.js';

export interface ControllerContext {
  env: Env;
  /** This controller's client. */
  client: ApiClient;
  /** The apiserver's watch cache, for reading current objects (the informers' listers). */
  server: ApiServer;
}

export interface Controller {
  /** The `controller` attribute of its messages: `deployment`, `replicaset`, `node-lifecycle` … */
  readonly name: string;
  /** source.component of its Events: `deployment-controller` … */
  readonly eventSource: string;
  start(ctx: ControllerContext): void;
}

/** Create the context a controller runs in. */
export function controllerContext(env: Env, server: ApiServer, c: Controller): ControllerContext {
  const client = new ApiClient(env, server, 'controller-manager', 'system:kube-controller-manager', c.eventSource, undefined, { controller: c.name });
  return { env, client, server };
}
