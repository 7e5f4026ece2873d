// Bearer tokens: 256 random bits, stored only as their SHA-256, so a database leak reveals no usable token.
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_LIFETIME_MS = 30 * 24 * 3600 * 1000;

export const newToken = () => randomBytes(32).toString('base64url');
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const isWellFormedToken = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);

/** The token of an Authorization header; undefined when there is no header, null when it is malformed. */
export function bearerToken(header: string | undefined): string | null | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
  if (!match || !isWellFormedToken(match[1]!)) return null;
  return match[1]!;
}
