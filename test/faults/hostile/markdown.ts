// Markdown bombs: post bodies within the 20,000-character limit that cost a renderer dearly (link floods, deep
// nesting, huge tables, unclosed brackets and emphasis, entity and autolink floods), and a fuzz of Markdown syntax.
// Each must be rendered or refused with BAD_USER_INPUT naming its bound, never an internal error, and never slow
// down the other requests: the drill sends a light read alongside each bomb and times it.
import fc from 'fast-check';
import type { RawRequest } from '../support/http.js';
import type { Fixture, HostileCase } from './cases.js';
import type { Expectation } from './persisted.js';

const LIMIT = 20_000;
const fit = (body: string) => body.slice(0, LIMIT);

/** [name, body, refused]: refused bombs must be BAD_USER_INPUT; the others may render or be refused, never fail. */
export const MARKDOWN_BOMBS: [string, string, boolean][] = [
  ['a link flood past 500 KB of HTML', `[a]: https://example.com/${'x'.repeat(900)}\n\n${'[a] '.repeat(4700)}`, true],
  ['quotes nested 9,000 deep', fit(`${'>'.repeat(19_990)} deep`), true],
  ['lists nested 60 deep', Array.from({ length: 60 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n'), true],
  ['a table of 3,000 columns and 4,000 rows', fit(`|${'a|'.repeat(3000)}\n|${'-|'.repeat(3000)}\n${'|\n'.repeat(4000)}`), true],
  ['a table of 3,300 rows', `|a|b|\n|-|-|\n${'|x|y|\n'.repeat(3300)}`, false],
  ['5,000 list items', '- a\n'.repeat(5000), false],
  ['10,000 unclosed brackets', '['.repeat(LIMIT), false],
  ['10,000 brackets closed at the end', `${'['.repeat(10_000)}${']'.repeat(10_000)}`, false],
  ['5,000 unclosed link destinations', fit('[a]('.repeat(5000)), false],
  ['6,600 unclosed images', fit('!['.repeat(6600)), false],
  ['unbalanced emphasis', fit('*a **'.repeat(4000)), false],
  ['emphasis 10,000 deep', `${'*'.repeat(9999)}a${'*'.repeat(9999)}`, false],
  ['backtick runs of every length', fit(Array.from({ length: 200 }, (_, i) => '`'.repeat(i + 1)).join(' a ')), false],
  ['4,000 entities', fit('&amp;&#x1F600;&nbsp;'.repeat(1000)), false],
  ['1,500 autolinks', fit('https://a.co/x '.repeat(1500)), false],
  ['2,000 www. links', fit('www.example.com '.repeat(1250)), false],
  ['2,800 mentions', fit('@someone_here '.repeat(1400)), false],
  ['6,000 raw tags', fit('<a href="javascript:x" onclick=y>'.repeat(600)), false],
  ['1,000 link reference definitions', fit(Array.from({ length: 1000 }, (_, i) => `[r${i}]: https://e.co/${i}\n[r${i}]`).join('\n')), false],
  ['a fence never closed', fit(`\`\`\`\n${'x\n'.repeat(9000)}`), false],
];

const gql = (query: string, variables: Record<string, unknown>, token: string): RawRequest => ({
  body: JSON.stringify({ query, variables }),
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
});

/** Each bomb as a reply and as an edit of the fixture's first post (the edit must leave it unchanged when refused). */
export function markdownBombCases(f: Fixture): (HostileCase & { expect: Expectation })[] {
  return MARKDOWN_BOMBS.flatMap(([name, body, refused]) => {
    const expect: Expectation = refused ? { code: 'BAD_USER_INPUT' } : {};
    return [
      { name: `markdown: reply with ${name}`, mutation: true, expect,
        request: gql('mutation($i: CreatePostInput!) { createPost(input: $i) { id bodyHTML } }', { i: { threadSlug: f.threadSlug, body } }, f.memberToken) },
      ...(refused ? [{ name: `markdown: edit to ${name}`, mutation: true, expect,
        request: gql('mutation($id: ID!, $b: String!) { editPost(id: $id, body: $b) { id } }', { id: f.postId, b: body }, f.memberToken) }] : []),
    ];
  });
}

const SYNTAX = ['*', '**', '_', '__', '~~', '`', '```', '[', ']', '(', ')', '![', '>', '- ', '1. ', '|', '---', '\n', '\n\n', '#',
  '  ', '@alice', '<script>', '</p>', 'javascript:', 'https://x.co', 'www.a.bc', '&amp;', '&#0;', '\\', '<', '"', 'a', 'word '];

/** Markdown syntax soup, up to the body limit: for createPost's body in the generated cases. */
export const markdownSoup: fc.Arbitrary<string> = fc.tuple(
  fc.array(fc.constantFrom(...SYNTAX), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 400 }),
).map(([tokens, times]) => fit(tokens.join('').repeat(times))).filter((body) => body.trim().length > 0);
