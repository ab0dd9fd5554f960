// A scripted FerryClient for component tests: each method answers from a table; calls are recorded.
import type { FerryClient, MethodName, ParamsOf, ResultOf } from '../../src-shared/contract';

export type FakeAnswers = { [M in MethodName]?: (params: ParamsOf<M>) => ResultOf<M> | Promise<ResultOf<M>> };

export interface FakeClient extends FerryClient {
  calls: { method: MethodName; params: unknown }[];
}

export function createFakeClient(answers: FakeAnswers): FakeClient {
  const calls: FakeClient['calls'] = [];
  return {
    calls,
    async call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
      calls.push({ method, params });
      const answer = answers[method] as ((p: ParamsOf<M>) => ResultOf<M> | Promise<ResultOf<M>>) | undefined;
      if (!answer) throw new Error(`fake client: no answer for ${method}`);
      return answer(params);
    },
    subscribe: () => () => undefined,
    close: () => undefined,
  };
}
