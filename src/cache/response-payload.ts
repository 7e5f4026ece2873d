// What a stored response holds besides its stamps: one JSON line of metadata, then the body as sent. The body stays
// raw text (not a JSON string) so that a hit costs no unescaping of a page of posts.

export interface ResponseMeta {
  /** Response headers as Apollo set them, without content-length (the fast path sets it from the body). */
  headers: [string, string][];
  /** The threads whose views the response counted. */
  views: number[];
  /** Its validator (response-validator.ts), sent as the ETag. */
  etag: string;
  /** When the response stops being served (ms since the epoch); local copies expire with it. */
  expiresAt: number;
}

/** JSON.stringify never emits a raw newline, so the first one ends the metadata. */
export const encodeResponsePayload = (meta: ResponseMeta, body: string) => `${JSON.stringify(meta)}\n${body}`;

export function decodeResponsePayload(payload: string): { meta: ResponseMeta; body: string } {
  const newline = payload.indexOf('\n');
  return { meta: JSON.parse(payload.slice(0, newline)) as ResponseMeta, body: payload.slice(newline + 1) };
}
