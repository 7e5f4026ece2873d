// The shape of a time inside a cursor, shared by the reader (decoding cursors) and the list queries (binding them).
// Pure, so that the data layer can check a position without importing the input rules above it.

/**
 * A time inside a cursor: exactly as toISOString wrote it, in PostgreSQL's range (years 1-9999). A forged one that
 * Date.parse accepts but PostgreSQL does not (February 30, year 0) would otherwise fail the statement.
 */
export const isCursorTime = (value: unknown): value is string => typeof value === 'string'
  && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(value) && !value.startsWith('0000-')
  && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;
