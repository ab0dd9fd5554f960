// A service on a data folder another engine owns (read-only commands, when that engine cannot be reached): only the
// contract's queries answer; everything that would change something, start something or reach a server is refused
// with E_ENGINE_BUSY naming the owner — it must go through the engine that owns the folder.
import type { MethodName } from '../../src-shared/contract/methods';
import type { FerryError } from '../../src-shared/contract/errors';
import type { Handlers } from './dispatcher';
import { READ_ONLY_METHODS } from './queries';

export { READ_ONLY_METHODS };

export function readOnlyHandlers(handlers: Handlers, refuse: (method: MethodName) => FerryError): Handlers {
  const guarded = { ...handlers } as Record<MethodName, (p: never, ctx: never) => unknown>;
  for (const method of Object.keys(handlers) as MethodName[]) {
    if (READ_ONLY_METHODS.has(method)) continue;
    guarded[method] = () => {
      throw refuse(method);
    };
  }
  return guarded as Handlers;
}
