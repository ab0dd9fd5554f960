// A two-input memoised selector: the derived list keeps its identity until sessions or proxies change,
// so components selecting it do not re-render on unrelated store updates.
export function createSelector<S, A, B, R>(a: (s: S) => A, b: (s: S) => B, combine: (a: A, b: B) => R): (s: S) => R {
  let lastA: A | undefined;
  let lastB: B | undefined;
  let last: R | undefined;
  let primed = false;
  return (s) => {
    const nextA = a(s);
    const nextB = b(s);
    if (!primed || nextA !== lastA || nextB !== lastB) {
      lastA = nextA;
      lastB = nextB;
      last = combine(nextA, nextB);
      primed = true;
    }
    return last as R;
  };
}
