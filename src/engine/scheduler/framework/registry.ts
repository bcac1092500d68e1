/**
 * Plugin registry (kube-scheduler runtime/registry.go): name → factory. Registering a name twice
 * is a programming error and throws.
 */
import type { Plugin } from './interface.js';
import type { SchedulerHandle } from './handle.js';

export type PluginFactory = (args: Record<string, unknown> | undefined, handle: SchedulerHandle) => Plugin;

export class Registry {
  private factories = new Map<string, PluginFactory>();

  register(name: string, factory: PluginFactory): this {
    if (this.factories.has(name)) throw new Error(`a plugin named ${name} already exists`);
    this.factories.set(name, factory);
    return this;
  }

  get(name: string): PluginFactory | undefined {
    return this.factories.get(name);
  }

  names(): string[] {
    return [...this.factories.keys()];
  }
}
