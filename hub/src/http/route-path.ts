/**
 * Matches a request's path against a route's (routes.ts): `:name` stands for one non-empty
 * segment, taken as sent (the request target is canonical already, request-target.ts, and
 * the values routes take this way need no escaping). Null when the path is not the route's.
 */
export function matchRoutePath(pattern: string, path: string): Record<string, string> | null {
  const wanted = pattern.split('/');
  const given = path.split('/');
  if (wanted.length !== given.length) return null;
  const params: Record<string, string> = {};
  for (const [i, segment] of wanted.entries()) {
    const actual = given[i] ?? '';
    if (segment.startsWith(':')) {
      if (!actual) return null;
      params[segment.slice(1)] = actual;
    } else if (segment !== actual) return null;
  }
  return params;
}
