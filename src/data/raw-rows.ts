// The rows of a raw `db.execute(sql...)`: postgres.js answers an array, PGlite an object holding `rows`.
export const rowsOf = <T = Record<string, unknown>>(result: unknown): T[] =>
  (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
