// The target of an HTTP request, parsed totally: whatever a browser or a hostile client sends comes out as a path
// of decoded segments or as a refusal with its reason — never a throw (a throw in a request handler would end the
// process, and every backup it runs). The path is checked here, before anything touches the file system.

export type RequestTarget =
  | { ok: true; /** decoded, non-empty, none of them `.`/`..` or holding a separator */ segments: string[]; pathname: string; query: URLSearchParams }
  | { ok: false; reason: string };

/** What no path segment may hold once decoded: separators (both kinds), NUL and other controls, drive colons. */
const FORBIDDEN_IN_SEGMENT = /[/\\:\x00-\x1f\x7f]/;

export function parseRequestTarget(raw: string | undefined): RequestTarget {
  // Origin-form only ("/path?query"): absolute-form is for proxies and "*" for OPTIONS, neither is ours.
  if (typeof raw !== 'string' || !raw.startsWith('/')) return { ok: false, reason: 'the request target is not a path' };
  const hash = raw.indexOf('#');
  const target = hash < 0 ? raw : raw.slice(0, hash);
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  // URLSearchParams never throws: a bad escape in the query stays as it was and simply matches nothing.
  const query = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
  if (path === '/') return { ok: true, segments: [], pathname: '/', query };
  const segments: string[] = [];
  for (const rawSegment of path.slice(1).split('/')) {
    const segment = decodeSegment(rawSegment);
    if (segment === null) return { ok: false, reason: 'the path has a malformed percent escape' };
    if (segment === '') return { ok: false, reason: 'the path has an empty segment' };
    if (segment === '.' || segment === '..' || FORBIDDEN_IN_SEGMENT.test(segment)) {
      return { ok: false, reason: 'the path leaves its folder or holds a separator or control character' };
    }
    segments.push(segment);
  }
  return { ok: true, segments, pathname: '/' + segments.join('/'), query };
}

function decodeSegment(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null; // URIError: "%", "%zz", an overlong or truncated UTF-8 sequence
  }
}
