/** DefaultBinder: binds through the apiserver (POST pods/NAME/binding); the scheduler sends the request. */
import type { BindPlugin } from '../framework/interface.js';

export const NAME = 'DefaultBinder';

export function create(): BindPlugin {
  return { name: NAME, bind: () => undefined } satisfies BindPlugin;
}
