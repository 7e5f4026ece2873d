// The validator of a stored response (its HTTP ETag): a hash of the stamp values it was built from and of its bytes.
// The stamps make it change whenever any entry the response came from is bumped, in any process, and after an epoch
// bump; the bytes make it strong, since one set of stamp values can show different bytes (viewCount is read per
// request). Two processes that build the same response under the same stamp values give it the same validator, so a
// browser's or a CDN's copy revalidates against any of them.
import { createHash } from 'node:crypto';

/** Pure: the same stamps (in any order) and body give the same validator. 128 bits, base64url. */
export function responseValidator(stamps: Iterable<readonly [string, string]>, body: string): string {
  const sorted = [...stamps].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // JSON keeps the pairs apart whatever characters a stamp key holds (a slug), and ends before the body starts.
  return createHash('sha256').update(JSON.stringify(sorted)).update('\n').update(body).digest('base64url').slice(0, 22);
}
