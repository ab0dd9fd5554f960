// Pages of the console and their hash form (#/inventory, #/backups, #/sessions/<id>).

export type Route =
  | { view: 'home' }
  | { view: 'backups' }
  | { view: 'inventory' }
  | { view: 'infrastructure' }
  | { view: 'settings' }
  | { view: 'replicas' }
  | { view: 'audit' }
  | { view: 'session'; sessionId: string };

export type TopView = Exclude<Route['view'], 'session'>;

export function routeToHash(route: Route): string {
  switch (route.view) {
    case 'home':
      return '#/home';
    case 'backups':
      return '#/backups';
    case 'inventory':
      return '#/inventory';
    case 'infrastructure':
      return '#/infrastructure';
    case 'settings':
      return '#/settings';
    case 'replicas':
      return '#/replicas';
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
    case 'backups':
      return { view: 'backups' };
    case 'infrastructure':
      return { view: 'infrastructure' };
    case 'settings':
      return { view: 'settings' };
    case 'replicas':
      return { view: 'replicas' };
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
