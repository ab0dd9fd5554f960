// The single entry point for commands: allowlist (the contract's method map), zod validation of params,
// the handler, validation of the result, and every error mapped to a stable code.
import { z } from 'zod';
import { ErrorCode, FerryError, type ErrorPayload } from '../../src-shared/contract/errors';
import { isMethodName, methods, type MethodName, type ParsedParamsOf, type ResultOf } from '../../src-shared/contract/methods';

export type Handlers = { [M in MethodName]: (params: ParsedParamsOf<M>) => Promise<ResultOf<M>> | ResultOf<M> };
/** The handlers of one contract namespace ('jobs' → jobs.list, jobs.get, …): each handlers/<namespace>.ts gives all of them. */
export type HandlersOf<N extends string> = Pick<Handlers, Extract<MethodName, `${N}.${string}`>>;
export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: ErrorPayload };

export class Dispatcher {
  constructor(private readonly handlers: Handlers) {}

  async dispatch(method: string, params: unknown): Promise<DispatchResult> {
    try {
      if (!isMethodName(method)) throw new FerryError(ErrorCode.UnknownMethod, `Unknown method ${method}`);
      const spec = methods[method];
      const parsed = spec.params.safeParse(params ?? {});
      if (!parsed.success) {
        throw new FerryError(ErrorCode.InvalidParams, `${method}: ${formatIssues(parsed.error)}`, { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) });
      }
      const handler = this.handlers[method] as (p: unknown) => Promise<unknown>;
      const result = await handler(parsed.data);
      // Guards the contract in both directions: a handler bug shows as E_INTERNAL, never as a malformed answer.
      const checked = spec.result.safeParse(result);
      if (!checked.success) throw new FerryError(ErrorCode.Internal, `${method}: result does not match the contract: ${formatIssues(checked.error)}`);
      return { ok: true, result: checked.data };
    } catch (e) {
      return { ok: false, error: FerryError.from(e).toPayload() };
    }
  }
}

function formatIssues(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.length ? i.path.join('.') : 'params'}: ${i.message}`).join('; ');
}
