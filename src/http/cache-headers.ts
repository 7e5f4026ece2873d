// The HTTP caching headers of /graphql answers. An anonymous read the fast path may store is public and carries a
// strong ETag (its validator: src/cache/response-validator.ts), so browsers and CDNs may keep it but must ask again
// before every use (max-age=0, must-revalidate): a 304 then costs the server one stamp check. Everything else is
// never stored by anyone: signed-in answers are `private, no-store`, mutations, errors and reads not built only from
// stamped entries `no-store`.

/** Operator's choice (config.ts): s-maxage and stale-while-revalidate give up the freshness guarantee at the edge. */
export interface HttpCachePolicy {
  /** Seconds a shared cache may serve without asking. Defaults to 0. */
  sMaxAgeS: number;
  /** Seconds a cache may serve a stale copy while it revalidates. Defaults to 0. */
  staleWhileRevalidateS: number;
}

/** Answers depend on Accept (it picks the content type) and on who asks. */
export const VARY = 'accept, authorization';
export const NO_STORE = 'no-store';
export const PRIVATE_NO_STORE = 'private, no-store';

export function publicCacheControl(policy: HttpCachePolicy): string {
  const parts = ['public', 'max-age=0'];
  if (policy.sMaxAgeS > 0) parts.push(`s-maxage=${policy.sMaxAgeS}`);
  // must-revalidate would forbid what stale-while-revalidate allows: an operator who chose the latter drops it.
  if (policy.staleWhileRevalidateS > 0) parts.push(`stale-while-revalidate=${policy.staleWhileRevalidateS}`);
  else parts.push('must-revalidate');
  return parts.join(', ');
}

/**
 * The caching headers of a public response, in the order they must be sent. Without s-maxage, nginx is told by
 * X-Accel-Expires (read before Cache-Control, which it then ignores; nginx hides it from clients) to keep the
 * response as already expired: it stores it, and revalidates it with If-None-Match on every request. With s-maxage,
 * Cache-Control alone says how long it may serve it.
 */
export function publicCacheHeaders(policy: HttpCachePolicy, etag: string): Record<string, string> {
  return {
    ...(policy.sMaxAgeS > 0 ? {} : { 'x-accel-expires': '@1' }),
    'cache-control': publicCacheControl(policy),
    etag,
    vary: VARY,
  };
}

export const quoteEtag = (validator: string) => `"${validator}"`;

/**
 * Whether an If-None-Match header names this (strong, quoted) ETag or is `*`. Weak comparison, as RFC 9110 requires
 * for If-None-Match: `W/"x"` matches `"x"`. Junk entries match nothing.
 */
export function etagMatches(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  if (typeof ifNoneMatch !== 'string') return false;
  if (ifNoneMatch.trim() === '*') return true;
  if (!ifNoneMatch.includes(etag)) return false; // the common miss, without splitting
  for (const part of ifNoneMatch.split(',')) {
    const tag = part.trim();
    if (tag === etag || (tag.startsWith('W/') && tag.slice(2) === etag)) return true;
  }
  return false;
}
