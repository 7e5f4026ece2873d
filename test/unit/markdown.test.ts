// What a post body renders to (src/render/): the HTML, the plain text and the mentions, for each kind of Markdown a
// forum post uses, and the bounds of rendering.
import { describe, expect, it } from 'vitest';
import { MAX_MENTIONS, mentionCandidates, type Mentionable } from '../../src/render/mentions.js';
import { plainRendering } from '../../src/render/plain-rendering.js';
import { MAX_HTML_BYTES, RenderLimitError, renderPost } from '../../src/render/render.js';

const REL = 'rel="nofollow ugc noopener"';
const users = new Map<string, Mentionable>([['alice', { id: 7, username: 'Alice' }], ['bob-2', { id: 9, username: 'bob-2' }]]);

/** [what it shows, Markdown, expected HTML] */
const cases: [string, string, string][] = [
  ['ATX headings', '# Title\n## Sub', '<h1>Title</h1>\n<h2>Sub</h2>'],
  ['a setext heading', 'Setext\n===', '<h1>Setext</h1>'],
  ['emphasis, strong, strikethrough and inline code', '*em* **strong** ~~gone~~ `code`',
    '<p><em>em</em> <strong>strong</strong> <s>gone</s> <code>code</code></p>'],
  ['a nested bullet list', '- one\n- two\n  - nested',
    '<ul>\n<li>one</li>\n<li>two\n<ul>\n<li>nested</li>\n</ul>\n</li>\n</ul>'],
  ['an ordered list keeps its start', '3. three\n4. four', '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>'],
  ['a block quote', '> quoted\n> text', '<blockquote>\n<p>quoted\ntext</p>\n</blockquote>'],
  ['fenced code with a language, its markup escaped', '```python\nprint("<hi>")\n```',
    '<pre><code class="language-python">print("&lt;hi&gt;")\n</code></pre>'],
  ['indented code', '    indented code', '<pre><code>indented code\n</code></pre>'],
  ['a link with a title', '[site](https://example.com "Title")',
    `<p><a href="https://example.com" title="Title" ${REL}>site</a></p>`],
  ['a bare URL is linked, without the sentence\'s full stop', 'see https://example.com/a?b=1&c=2.',
    `<p>see <a href="https://example.com/a?b=1&amp;c=2" ${REL}>https://example.com/a?b=1&amp;c=2</a>.</p>`],
  ['a www. address is linked over http', 'visit www.example.org today',
    `<p>visit <a href="http://www.example.org" ${REL}>www.example.org</a> today</p>`],
  ['a bare domain is not (main.py is a file, not a site)', 'run main.py or see example.com', '<p>run main.py or see example.com</p>'],
  ['an e-mail address is linked', 'write to someone@example.com',
    `<p>write to <a href="mailto:someone@example.com" ${REL}>someone@example.com</a></p>`],
  ['an autolink in angle brackets', '<https://example.com>', `<p><a href="https://example.com" ${REL}>https://example.com</a></p>`],
  ['a table with alignment as attributes, not styles', '| Plant | Water |\n|:------|------:|\n| Fern | weekly |',
    '<table>\n<thead>\n<tr>\n<th align="left">Plant</th>\n<th align="right">Water</th>\n</tr>\n</thead>\n'
    + '<tbody>\n<tr>\n<td align="left">Fern</td>\n<td align="right">weekly</td>\n</tr>\n</tbody>\n</table>'],
  ['mentions of existing users link to their profile; unknown names stay text', 'hi @alice and @Bob-2 and @nobody',
    `<p>hi <a href="/u/Alice" class="mention" ${REL}>@alice</a> and <a href="/u/bob-2" class="mention" ${REL}>@Bob-2</a> and @nobody</p>`],
  ['no mention inside an e-mail address, code or another link', 'mail alice@example.com, `@alice`, [@alice](https://x.org)',
    `<p>mail <a href="mailto:alice@example.com" ${REL}>alice@example.com</a>, <code>@alice</code>, <a href="https://x.org" ${REL}>@alice</a></p>`],
  ['raw inline HTML shows as text', '<b>bold</b> <script>alert(1)</script>',
    '<p>&lt;b&gt;bold&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;</p>'],
  ['a raw HTML block shows as text', '<div onclick="x">block</div>', '<p>&lt;div onclick="x"&gt;block&lt;/div&gt;</p>'],
  ['images only over https; others show their alt text', '![plant](https://img.example.com/p.png) ![local](/p.png) ![plain](http://img.example.com/p.png)',
    '<p><img src="https://img.example.com/p.png" alt="plant" /> local plain</p>'],
  ['links only to http(s), mailto and relative addresses', '[bad](javascript:alert(1)) [data](data:text/html,x) [rel](/t/some-thread) [mail](mailto:a@b.co)',
    `<p>[bad](javascript:alert(1)) [data](data:text/html,x) <a href="/t/some-thread" ${REL}>rel</a> <a href="mailto:a@b.co" ${REL}>mail</a></p>`],
  ['hard and soft line breaks', 'line one  \nline two\nline three', '<p>line one<br />\nline two\nline three</p>'],
  ['a thematic break', '---', '<hr />'],
  ['entities are decoded and re-escaped', '&amp; &copy; &#60;tag&#62;', '<p>&amp; © &lt;tag&gt;</p>'],
  ['backslash escapes and bare angle brackets', 'a\\*b\\* 1 < 2 > 0', '<p>a*b* 1 &lt; 2 &gt; 0</p>'],
];

describe('renderPost: Markdown to sanitized HTML', () => {
  it.each(cases)('%s', (_what, markdown, html) => {
    expect(renderPost(markdown, users).html).toBe(html);
  });

  it('bodyText is the words without Markdown syntax: a line per block, tabs between table cells, code kept', () => {
    const body = '# Watering\n\nGive **water** _weekly_, see [the guide](https://example.com).\n\n- one\n- two\n\n'
      + '| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nwater = 1\n```\n\n> a quote by @alice\n\n![a fern](https://x.org/f.png)';
    expect(renderPost(body, users).text).toBe(
      'Watering\nGive water weekly, see the guide.\none\ntwo\na\tb\n1\t2\nwater = 1\na quote by @alice\na fern');
  });

  it('raw HTML in bodyText stays as the characters written', () => {
    expect(renderPost('<b>hi</b> &amp; bye', users).text).toBe('<b>hi</b> & bye');
  });

  it('mentions are the ids of existing users in order of first mention, each once', () => {
    expect(renderPost('@bob-2 then @alice, @ALICE again, @carol', users).mentionIds).toEqual([9, 7]);
    expect(renderPost('`@alice` in code only', users).mentionIds).toEqual([]);
  });

  it('mentionCandidates finds the names to look up, lower-cased and distinct, not e-mail addresses', () => {
    expect(mentionCandidates('@Alice, @alice and me@bob.org; (@carol-2) @ab @x_y_z')).toEqual(['alice', 'carol-2', 'x_y_z']);
    const many = Array.from({ length: 80 }, (_, i) => `@user${i}`).join(' ');
    expect(mentionCandidates(many)).toHaveLength(MAX_MENTIONS);
  });

  it('a body whose HTML would pass 500 KB is refused, and says which bound', () => {
    const url = `https://example.com/${'x'.repeat(900)}`;
    const bomb = `[a]: ${url}\n\n${'[a] '.repeat(4700)}`;
    expect(bomb.length).toBeLessThanOrEqual(20_000);
    expect(() => renderPost(bomb)).toThrow(RenderLimitError);
    expect(() => renderPost(bomb)).toThrow(/500 KB of HTML/);
    // The same number of links to a short address is fine.
    const fine = `[a]: https://example.com\n\n${'[a] '.repeat(4700)}`;
    expect(Buffer.byteLength(renderPost(fine).html)).toBeLessThan(MAX_HTML_BYTES);
  });

  it('quotes and lists nested past 50 levels are refused, and say which bound; 40 levels render whole', () => {
    expect(() => renderPost(`${'> '.repeat(60)}deep`)).toThrow(/more than 50 levels deep/);
    expect(() => renderPost(Array.from({ length: 30 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n'))).toThrow(RenderLimitError);
    const html = renderPost(`${'> '.repeat(40)}deep`).html;
    expect(html.match(/<blockquote>/g)).toHaveLength(40);
    expect(html).toContain('deep');
  });
});

describe('plainRendering: what a post shows before it is rendered', () => {
  it('escapes the body, one paragraph per blank-line block, line breaks kept', () => {
    expect(plainRendering('Hello <b>there</b>\nsecond line\n\n  & more  ')).toEqual({
      html: '<p>Hello &lt;b&gt;there&lt;/b&gt;<br />\nsecond line</p>\n<p>&amp; more</p>',
      text: 'Hello <b>there</b>\nsecond line\n\n  & more',
    });
  });
});
