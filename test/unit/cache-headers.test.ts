import { describe, expect, it } from 'vitest';
import { responseValidator } from '../../src/cache/response-validator.js';
import { etagMatches, publicCacheControl, publicCacheHeaders } from '../../src/http/cache-headers.js';

describe('a stored response\'s validator', () => {
  const stamps: [string, string][] = [['forum:gen:epoch', 'a1'], ['forum:gen:thread:t', 'b2']];

  it('is the same for the same stamp values in any order and the same bytes', () => {
    expect(responseValidator(stamps, '{"data":{}}')).toBe(responseValidator([...stamps].reverse(), '{"data":{}}'));
    expect(responseValidator(stamps, '{"data":{}}')).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('changes with any stamp value, with a stamp more, and with the bytes', () => {
    const base = responseValidator(stamps, 'x');
    expect(responseValidator([stamps[0]!, ['forum:gen:thread:t', 'b3']], 'x')).not.toBe(base);
    expect(responseValidator([...stamps, ['forum:gen:lists', 'c']], 'x')).not.toBe(base);
    expect(responseValidator(stamps, 'y')).not.toBe(base);
    // A separator in a value cannot make two different sets look alike.
    expect(responseValidator([['a', 'b\nc=d']], '')).not.toBe(responseValidator([['a', 'b'], ['c', 'd']], ''));
  });
});

describe('HTTP caching headers', () => {
  it('revalidate every use by default, and add only what an operator allowed', () => {
    expect(publicCacheControl({ sMaxAgeS: 0, staleWhileRevalidateS: 0 })).toBe('public, max-age=0, must-revalidate');
    expect(publicCacheControl({ sMaxAgeS: 30, staleWhileRevalidateS: 0 })).toBe('public, max-age=0, s-maxage=30, must-revalidate');
    expect(publicCacheControl({ sMaxAgeS: 0, staleWhileRevalidateS: 60 })).toBe('public, max-age=0, stale-while-revalidate=60');
  });

  it('tell nginx to keep a response expired, before Cache-Control, only without s-maxage', () => {
    expect(Object.keys(publicCacheHeaders({ sMaxAgeS: 0, staleWhileRevalidateS: 0 }, '"e"'))).toEqual(['x-accel-expires', 'cache-control', 'etag', 'vary']);
    expect(publicCacheHeaders({ sMaxAgeS: 10, staleWhileRevalidateS: 0 }, '"e"')['x-accel-expires']).toBeUndefined();
  });

  it('If-None-Match matches the ETag, its weak form, a list holding it, or *; nothing else', () => {
    const etag = '"abc"';
    for (const header of ['"abc"', 'W/"abc"', '"x", "abc"', ' "x" ,W/"abc" ', '*', ' * ']) expect(etagMatches(header, etag), header).toBe(true);
    for (const header of [undefined, '', 'abc', '"abcd"', '"ab"', 'W/', '"abc', 'x"abc"', '**', ['"abc"']]) {
      expect(etagMatches(header as string | undefined, etag), String(header)).toBe(false);
    }
  });
});
