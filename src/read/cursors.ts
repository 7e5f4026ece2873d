// Opaque cursors: base64url JSON of the list they belong to (a filter hash or a thread id) and a keyset position.
import { badInput } from '../errors.js';

interface CursorBody { b: string; p: unknown[] }

export function encodeCursor(boundTo: string, position: unknown[]): string {
  return Buffer.from(JSON.stringify({ b: boundTo, p: position } satisfies CursorBody)).toString('base64url');
}

/** The position inside a cursor issued for `boundTo`; BAD_USER_INPUT for anything else. */
export function decodeCursor(cursor: string, boundTo: string, isValid: (p: unknown) => boolean, field = 'after'): unknown[] {
  const invalid = () => badInput(`${field} must be a cursor this server issued for the same list (filter and sort)`, field);
  if (cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const { b, p } = (body ?? {}) as Partial<CursorBody>;
  if (b !== boundTo || !Array.isArray(p) || !isValid(p)) throw invalid();
  return p;
}
