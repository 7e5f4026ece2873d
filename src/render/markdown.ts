// The Markdown dialect of posts: CommonMark with GitHub's autolinks, strikethrough, tables and fenced code, plus
// `@username` mentions. Raw HTML is never passed through (it shows as text), links may only be http(s), mailto or
// relative, and images only https. This is the first line of defence; the sanitizer (sanitize.ts) is the second.
import MarkdownIt, { type MarkdownIt as MarkdownParser, type StateCore, type Token } from 'markdown-it';
import { mentionPlugin } from './mentions.js';

/** Quotes and lists inside each other: a list item is two levels (the list and the item), a quote one. */
export const MAX_NESTING = 50;

/** Every link gets this rel: no ranking credit for user content, no window.opener for the target. */
export const LINK_REL = 'nofollow ugc noopener';

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const LINK_SCHEMES = new Set(['http', 'https', 'mailto']);

/** A link's destination (after markdown-it's normalisation): http(s), mailto, or no scheme at all (relative). */
export function isAllowedLink(url: string): boolean {
  const scheme = SCHEME.exec(url.trim());
  return scheme === null || LINK_SCHEMES.has(scheme[1]!.toLowerCase());
}

export const isAllowedImage = (url: string) => /^https:\/\//i.test(url.trim());

const WWW = /(?<![^\s(*_~])www\./g;

/**
 * GitHub's extended autolinks: `www.example.com` links like `http://www.example.com`. linkify-it can only do that by
 * linking every bare domain ("main.py"), which also doubles the parse's cost; this finds only the www. ones, in
 * text outside links.
 */
function wwwLinks(state: StateCore): void {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children || !block.content.includes('www.')) continue;
    const out: Token[] = [];
    let depth = 0;
    for (const token of block.children) {
      if (token.type === 'link_open') depth++;
      if (token.type === 'link_close') depth--;
      if (token.type !== 'text' || depth > 0 || !token.content.includes('www.')) {
        out.push(token);
        continue;
      }
      out.push(...splitWww(state, token));
    }
    block.children = out;
  }
}

function splitWww(state: StateCore, token: Token): Token[] {
  const text = token.content;
  const out: Token[] = [];
  let last = 0;
  const piece = (type: string, tag: string, nesting: -1 | 0 | 1, content = '') => {
    const t = new state.Token(type, tag, nesting);
    t.content = content;
    t.level = token.level;
    out.push(t);
    return t;
  };
  for (const start of [...text.matchAll(WWW)].map((m) => m.index)) {
    if (start < last) continue;
    const match = state.md.linkify.matchAtStart(`http://${text.slice(start)}`);
    if (!match || match.lastIndex <= 'http://www.'.length) continue;
    const end = start + match.lastIndex - 'http://'.length;
    const href = state.md.normalizeLink(match.url);
    if (!state.md.validateLink(href)) continue;
    if (start > last) piece('text', '', 0, text.slice(last, start));
    piece('link_open', 'a', 1).attrs = [['href', href]];
    piece('text', '', 0, text.slice(start, end));
    piece('link_close', 'a', -1);
    last = end;
  }
  if (last === 0) return [token];
  if (last < text.length) piece('text', '', 0, text.slice(last));
  return out;
}

/**
 * After parsing: links get their rel; an image that is not over https becomes its alt text; table alignment
 * becomes the `align` attribute (no inline styles).
 */
function finishTokens(state: StateCore): void {
  const visit = (tokens: Token[]) => {
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.children) visit(token.children);
      if (token.type === 'link_open') token.attrSet('rel', LINK_REL);
      if (token.type === 'image' && !isAllowedImage(String(token.attrGet('src') ?? ''))) {
        const text = new state.Token('text', '', 0);
        text.content = token.content;
        tokens[i] = text;
      }
      if (token.type === 'th_open' || token.type === 'td_open') {
        const align = /text-align:(left|right|center)/.exec(String(token.attrGet('style') ?? ''))?.[1];
        token.attrs = align ? [['align', align]] : null;
      }
    }
  };
  visit(state.tokens);
}

/** One parser for the process: markdown-it keeps no state between renders (each has its own env). */
export function createMarkdown(): MarkdownParser {
  const md = MarkdownIt('default', {
    html: false, // raw HTML is escaped: it shows as text
    linkify: true, // bare URLs, www. addresses and e-mail addresses become links
    typographer: false,
    maxNesting: MAX_NESTING, // past it markdown-it drops the rest of the block: render.ts refuses such a body
  });
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: true, fuzzyIP: false });
  md.validateLink = isAllowedLink;
  md.use(mentionPlugin);
  md.core.ruler.after('linkify', 'www_links', wwwLinks);
  md.core.ruler.push('forum_finish', finishTokens);
  return md;
}
