import { describe, expect, it } from 'vitest';
import { isCursorTime } from '../../src/model/cursor-time.js';

describe('a time inside a cursor', () => {
  it('is accepted exactly as toISOString writes it', () => {
    expect(isCursorTime('2026-02-28T23:59:59.999Z')).toBe(true);
    expect(isCursorTime(new Date(0).toISOString())).toBe(true);
  });

  it('is refused when PostgreSQL could not take it or it is written another way', () => {
    for (const value of ['2026-02-30T00:00:00.000Z', '0000-01-01T00:00:00.000Z', '2026-01-01T00:00:00Z',
      '2026-01-01 00:00:00.000Z', '+012026-01-01T00:00:00.000Z', 1_700_000_000_000, null]) {
      expect(isCursorTime(value), String(value)).toBe(false);
    }
  });
});
