// Pages of the console and their hash form (#/inventory, #/sessions/<id>).

export type Route =
  | { view: 'home' }
  | { view: 'inventory' }
  | { view: 'infrastructure' }
  | { view: 'audit' }
  | { view: 'session'; sessionId: string };

export type TopView = Exclude<Route['view'], 'session'>;

export function routeToHash(route: Route): string {
  switch (route.view) {
    case 'home':
      return '#/home';
    case 'inventory':
      return '#/inventory';
    case 'infrastructure':
      return '#/infrastructure';
    case 'audit':
      return '#/audit';
    case 'session':
      return `#/sessions/${encodeURIComponent(route.sessionId)}`;
  }
}

export function hashToRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  switch (parts[0]) {
    case 'inventory':
      return { view: 'inventory' };
    case 'infrastructure':
      return { view: 'infrastructure' };
    case 'audit':
      return { view: 'audit' };
    case 'sessions':
      return parts[1] ? { view: 'session', sessionId: decodeURIComponent(parts[1]) } : { view: 'home' };
    default:
      return { view: 'home' };
  }
}

export function sameRoute(a: Route, b: Route): boolean {
  return routeToHash(a) === routeToHash(b);
}
