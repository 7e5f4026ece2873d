// Global object ids (Relay's Node): base64url of `Type:row`, e.g. `Post:42` → UG9zdDo0Mg. Opaque to clients; every
// `id` the API returns is one, and every argument that takes an ID accepts one. Pure: unit-tested in
// test/unit/global-id.test.ts.

export const NODE_TYPES = ['Category', 'Thread', 'Post', 'User'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

const MAX_ROW_ID = 2_147_483_647;

export const toGlobalId = (type: NodeType, rowId: string | number): string =>
  Buffer.from(`${type}:${rowId}`).toString('base64url');

const rowIdOf = (text: string): number | null => {
  if (!/^[1-9][0-9]{0,9}$/.test(text)) return null;
  const n = Number(text);
  return n <= MAX_ROW_ID ? n : null;
};

/** The type and row a global id names; null for anything this server did not issue (malformed, unknown type). */
export function fromGlobalId(id: string): { type: NodeType; rowId: number } | null {
  if (id.length === 0 || id.length > 64 || !/^[A-Za-z0-9_-]+$/.test(id)) return null;
  const text = Buffer.from(id, 'base64url').toString('utf8');
  // Re-encoding must give the same id back: one row has one id (no padding variants, no trailing bits).
  if (Buffer.from(text).toString('base64url') !== id) return null;
  const colon = text.indexOf(':');
  const type = text.slice(0, colon) as NodeType;
  if (colon < 0 || !NODE_TYPES.includes(type)) return null;
  const rowId = rowIdOf(text.slice(colon + 1));
  return rowId === null ? null : { type, rowId };
}

/**
 * The row an ID argument of a fixed type names: its global id, or (deprecated, as issued before global ids) the bare
 * number. Null when it names nothing of that type: the caller answers NOT_FOUND in a mutation, null in a query.
 */
export function parseId(id: string, type: NodeType): number | null {
  const numeric = rowIdOf(id);
  if (numeric !== null) return numeric;
  const parsed = fromGlobalId(id);
  return parsed !== null && parsed.type === type ? parsed.rowId : null;
}
