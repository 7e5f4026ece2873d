import { describe, expect, it } from 'vitest';
import { decodeResponsePayload, encodeResponsePayload } from '../../src/cache/response-payload.js';

describe('a stored response payload', () => {
  it('gives back the metadata and the body exactly, newlines in either included', () => {
    const meta = { headers: [['x-note', 'a\nb']] as [string, string][], views: [3, 7], etag: 'abc', expiresAt: 1_700_000_000_000 };
    const body = '{"data":{"thread":{"title":"line one\\nline two"}}}\n\n';
    expect(decodeResponsePayload(encodeResponsePayload(meta, body))).toEqual({ meta, body });
  });

  it('holds an empty body', () => {
    const meta = { headers: [], views: [], etag: '', expiresAt: 1 };
    expect(decodeResponsePayload(encodeResponsePayload(meta, ''))).toEqual({ meta, body: '' });
  });
});
