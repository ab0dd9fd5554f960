// The single entry point for commands: allowlist (the contract's method map), the caller's role (the contract's
// role table), zod validation of params, the handler, validation of the result, and every error mapped to a stable code.
import { z } from 'zod';
import { ErrorCode, FerryError, type ErrorPayload } from '../../src-shared/contract/errors';
import { isMethodName, methods, type MethodName, type ParsedParamsOf, type ResultOf } from '../../src-shared/contract/methods';
import { METHOD_ROLES, roleAllows } from '../../src-shared/contract/roles';
import type { Caller } from './accounts/accounts';
import type { AuditHook } from './accounts/audit';

/** What a handler knows of the connection it answers: who calls, and (for auth.*) a way to change that. */
export interface CallContext {
  /** null: a connection to a service with accounts that has not logged in yet */
  caller: Caller | null;
  setCaller(caller: Caller | null): void;
}

export type Handlers = { [M in MethodName]: (params: ParsedParamsOf<M>, ctx: CallContext) => Promise<ResultOf<M>> | ResultOf<M> };
/** The handlers of one contract namespace ('jobs' → jobs.list, jobs.get, …): each handlers/<namespace>.ts gives all of them. */
export type HandlersOf<N extends string> = Pick<Handlers, Extract<MethodName, `${N}.${string}`>>;
export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: ErrorPayload };

/** Re-reads a caller's login on every call (expired, logged out, account removed or its role changed). */
export type CallerCheck = (caller: Caller) => Caller;

export class Dispatcher {
  constructor(
    private readonly handlers: Handlers,
    private readonly checkCaller: CallerCheck = (c) => c,
    private readonly audit: AuditHook = () => undefined,
  ) {}

  async dispatch(method: string, params: unknown, ctx: CallContext): Promise<DispatchResult> {
    const r = await this.run(method, params, ctx);
    if (isMethodName(method)) this.record(method, params, ctx, r);
    return r;
  }

  /** The audit log never makes a call fail: a write error there is the store's problem, reported by the store. */
  private record(method: MethodName, params: unknown, ctx: CallContext, r: DispatchResult): void {
    try {
      this.audit({ method, params, caller: ctx.caller, ...(r.ok ? { result: r.result } : { error: r.error }) });
    } catch {
      // nothing to do: the call's answer stands
    }
  }

  private async run(method: string, params: unknown, ctx: CallContext): Promise<DispatchResult> {
    try {
      if (!isMethodName(method)) throw new FerryError(ErrorCode.UnknownMethod, `Unknown method ${method}`);
      this.authorize(method, ctx);
      const spec = methods[method];
      const parsed = spec.params.safeParse(params ?? {});
      if (!parsed.success) {
        throw new FerryError(ErrorCode.InvalidParams, `${method}: ${formatIssues(parsed.error)}`, { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) });
      }
      const handler = this.handlers[method] as (p: unknown, ctx: CallContext) => Promise<unknown>;
      const result = await handler(parsed.data, ctx);
      // Guards the contract in both directions: a handler bug shows as E_INTERNAL, never as a malformed answer.
      const checked = spec.result.safeParse(result);
      if (!checked.success) throw new FerryError(ErrorCode.Internal, `${method}: result does not match the contract: ${formatIssues(checked.error)}`);
      return { ok: true, result: checked.data };
    } catch (e) {
      return { ok: false, error: FerryError.from(e).toPayload() };
    }
  }

  /** Before params are even parsed: a caller without the role learns nothing and changes nothing. */
  private authorize(method: MethodName, ctx: CallContext): void {
    const required = METHOD_ROLES[method];
    if (required === 'Anyone') return;
    if (ctx.caller === null) throw new FerryError(ErrorCode.Unauthorized, `${method} needs a login (auth.login)`);
    let caller: Caller;
    try {
      caller = this.checkCaller(ctx.caller);
    } catch (e) {
      ctx.setCaller(null);
      throw e;
    }
    ctx.setCaller(caller);
    if (!roleAllows(caller.role, required)) {
      throw new FerryError(ErrorCode.Forbidden, `${method} needs the ${required} role; ${caller.user} is ${caller.role === 'Operator' ? 'an' : 'a'} ${caller.role}`, { required, role: caller.role });
    }
  }
}

function formatIssues(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.length ? i.path.join('.') : 'params'}: ${i.message}`).join('; ');
}
