import { describe, expect, it } from 'vitest';
import { clusterKey, dependencies, filterHash, hashTagOf, keys, normalizeListArgs, stampKind, stamps } from '../../src/cache/keys.js';

const hashOf = (args: Parameters<typeof normalizeListArgs>[0]) => filterHash(normalizeListArgs(args));

describe('thread list keys', () => {
  it('follow forum:list:{category or all}:{first}:{after}:{16 hex of the filter hash}', () => {
    const key = keys.list(normalizeListArgs({ filter: { categorySlug: 'garden' }, first: 10, after: 'abc' }));
    expect(key).toMatch(/^forum:list:garden:10:abc:[0-9a-f]{16}$/);
    expect(keys.list(normalizeListArgs({}))).toMatch(/^forum:list:all:20::[0-9a-f]{16}$/);
  });

  it('give different filters different hashes', () => {
    const hashes = new Set([
      hashOf({}),
      hashOf({ filter: { categorySlug: 'garden' } }),
      hashOf({ filter: { search: 'tomato' } }),
      hashOf({ filter: { search: 'tomatoes' } }),
      hashOf({ filter: { tags: ['a'] } }),
      hashOf({ filter: { tags: ['a', 'b'] } }),
      hashOf({ filter: { authorUsername: 'alice' } }),
      hashOf({ sort: 'NEWEST' }),
      hashOf({ sort: 'OLDEST' }),
    ]);
    expect(hashes.size).toBe(9);
  });

  it('give requests that mean the same list the same hash', () => {
    expect(hashOf({ filter: { search: '  Yellow   LEAVES ' } })).toBe(hashOf({ filter: { search: 'yellow leaves' } }));
    expect(hashOf({ filter: { tags: ['Pests', 'monstera', 'pests'] } })).toBe(hashOf({ filter: { tags: ['monstera', 'pests'] } }));
    expect(hashOf({ filter: { authorUsername: 'Alice' } })).toBe(hashOf({ filter: { authorUsername: 'alice' } }));
    expect(hashOf({ filter: { search: '   ', tags: [] } })).toBe(hashOf({}));
    expect(hashOf({ sort: 'LAST_ACTIVITY', first: 20 })).toBe(hashOf({}));
    expect(hashOf({ filter: { categorySlug: null, search: null } })).toBe(hashOf({ filter: {} }));
  });

  it('do not depend on the order of filter fields', () => {
    const a = hashOf({ filter: { search: 'x', tags: ['t'], categorySlug: 'c', authorUsername: 'u' } });
    const b = hashOf({ filter: { authorUsername: 'u', categorySlug: 'c', tags: ['t'], search: 'x' } });
    expect(a).toBe(b);
  });

  it('escape separators in slugs and cursors so two lists never share a key', () => {
    const a = keys.list(normalizeListArgs({ filter: { categorySlug: 'a' }, after: 'b:c' }));
    const b = keys.list(normalizeListArgs({ filter: { categorySlug: 'a:b' }, after: 'c' }));
    expect(a).not.toBe(b);
  });
});

describe('post page keys', () => {
  const none = { body: false, html: false, text: false, mentions: false };

  it('keep the key of before for every body field, and end in the fields\' code for fewer', () => {
    const all = { body: true, html: true, text: true, mentions: true };
    expect(keys.postPage('ferns', 20, null, 'forward', all)).toBe('forum:posts4:ferns:20:');
    expect(keys.postPage('ferns', 20, null)).toBe('forum:posts4:ferns:20:');
    expect(keys.postPage('ferns', 20, null, 'forward', { ...none, html: true })).toBe('forum:posts4:ferns:20::h');
    expect(keys.postPage('ferns', 20, 'c1', 'backward', { ...none, body: true, text: true })).toBe('forum:posts4:ferns:-20:c1:bt');
    expect(keys.postPage('ferns', 20, null, 'forward', { ...none, html: true, mentions: true })).toBe('forum:posts4:ferns:20::hm');
    expect(keys.postPage('ferns', 20, null, 'forward', none)).toBe('forum:posts4:ferns:20::-');
  });

  it('give every selection of body fields its own key', () => {
    const codes = Array.from({ length: 16 }, (_, m) => keys.postPage('ferns', 20, null, 'forward',
      { body: (m & 1) > 0, html: (m & 2) > 0, text: (m & 4) > 0, mentions: (m & 8) > 0 }));
    expect(new Set(codes).size).toBe(16);
  });
});

describe('dependencies', () => {
  it('make every entry depend on the global epoch first', () => {
    for (const deps of [
      dependencies.thread('t'), dependencies.category('c'), dependencies.categoryTree(),
      dependencies.list(normalizeListArgs({})),
    ]) expect(deps[0]).toBe(stamps.epoch());
  });

  it('make a category list depend on its category bucket and on all lists, and search lists on the search stamp', () => {
    const deps = dependencies.list(normalizeListArgs({ filter: { categorySlug: 'garden', search: 'x' } }));
    expect(deps).toEqual([stamps.epoch(), stamps.allLists(), stamps.categoryLists('garden'), stamps.searchLists()]);
    expect(dependencies.list(normalizeListArgs({}))).toContain(stamps.globalLists());
  });

  it('make a list filtered by answered depend on the answered stamp, and keep the keys of lists without it', () => {
    expect(dependencies.list(normalizeListArgs({ filter: { answered: false } }))).toContain(stamps.answeredLists());
    expect(dependencies.list(normalizeListArgs({ filter: { answered: null } }))).not.toContain(stamps.answeredLists());
    expect(hashOf({ filter: { answered: true } })).not.toBe(hashOf({ filter: { answered: false } }));
    expect(hashOf({ filter: { answered: true } })).not.toBe(hashOf({}));
    expect(hashOf({ filter: { answered: null } })).toBe(hashOf({}));
  });
});

describe('stamp kinds (the kind label of forum_cache_invalidations_total)', () => {
  it('name the kind of entry each stamp guards', () => {
    expect(stampKind(stamps.thread('x'))).toBe('thread');
    expect(stampKind(stamps.categoryLists('garden'))).toBe('thread_list');
    expect(stampKind(stamps.allLists())).toBe('thread_list');
    expect(stampKind(stamps.searchLists())).toBe('thread_list');
    expect(stampKind(stamps.category('garden'))).toBe('category');
    expect(stampKind(stamps.categoryTree())).toBe('category');
    expect(stampKind(stamps.epoch())).toBe('all');
  });
});

describe('Redis Cluster key placement', () => {
  it('puts every stamp in the one slot tagged {gen}', () => {
    const all = [stamps.epoch(), stamps.thread('a-b'), stamps.reactions('a-b'), stamps.legacyThread('a-b'), stamps.allLists(),
      stamps.listBucket('garden'), stamps.searchLists(), stamps.category('garden'), stamps.categoryTree()].map(clusterKey);
    expect(all).toContain('forum:{gen}:thread2:a-b');
    expect(all).toContain('forum:{gen}:reactions:a-b');
    expect(new Set(all.map(hashTagOf))).toEqual(new Set(['gen']));
  });

  it('leaves entry, response and list-index keys where their own names place them', () => {
    for (const key of [keys.thread('a'), keys.response('x'), keys.views(), `${keys.listIndex('garden')}gen`]) expect(clusterKey(key)).toBe(key);
    expect(hashTagOf(`${keys.listIndex('garden')}h`)).toBe('garden');
    expect(hashTagOf(keys.thread('a'))).toBe(keys.thread('a'));
  });

  it('cannot be steered into another slot by a slug, whose braces are escaped', () => {
    expect(hashTagOf(clusterKey(stamps.thread('{x}')))).toBe('gen');
    expect(hashTagOf(keys.thread('{x}'))).toBe(keys.thread('{x}'));
  });

  it('reads the tag as Redis does: the first braces, empty braces meaning the whole key', () => {
    expect(hashTagOf('a{b}c{d}')).toBe('b');
    expect(hashTagOf('a{}b{c}')).toBe('a{}b{c}');
    expect(hashTagOf('a{b')).toBe('a{b');
  });
});
