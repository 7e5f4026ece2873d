// `@username` mentions: which names a body may mention (looked up before rendering), and the inline rule that
// turns a mention of an existing user into a link to their profile. Usernames follow the account rule
// (docs/api.md: 3-32 characters of A-Z a-z 0-9 _ -), matched without regard to case.
import type { MarkdownIt, StateInline } from 'markdown-it';

/** A user a body may mention, by lower-cased username. */
export interface Mentionable { id: number; username: string }

/** At most this many distinct names of one body are looked up; later ones stay text (docs/api.md). */
export const MAX_MENTIONS = 50;

/** Where a mention links: the user's profile page (README, "Markdown"). */
export const profilePath = (username: string) => `/u/${encodeURIComponent(username)}`;

/** A mention starts after a character that cannot be part of a word, an address or a path. */
const CANNOT_PRECEDE = /[A-Za-z0-9_.+\-/@`]/;
const MENTION = /@([A-Za-z0-9_-]{3,32})(?![A-Za-z0-9_-])/y;
const ALL_MENTIONS = /@([A-Za-z0-9_-]{3,32})(?![A-Za-z0-9_-])/g;

/**
 * The distinct lower-cased names a body may mention, in order of first appearance, at most MAX_MENTIONS. A superset
 * of what renders as mentions (it also finds names inside code, which the renderer leaves alone): the caller looks
 * them up in one query and passes the users that exist to the renderer.
 */
export function mentionCandidates(body: string): string[] {
  const names = new Set<string>();
  for (const match of body.matchAll(ALL_MENTIONS)) {
    const before = match.index === 0 ? '' : body[match.index - 1]!;
    if (before !== '' && CANNOT_PRECEDE.test(before)) continue;
    names.add(match[1]!.toLowerCase());
    if (names.size === MAX_MENTIONS) break;
  }
  return [...names];
}

/** Environment of one render: who may be mentioned, and who was (in order of first mention). */
export type MentionEnv = { mentionable: ReadonlyMap<string, Mentionable>; mentioned: number[] };

/** The inline rule: `@name` of a user in env.mentionable becomes `<a href="/u/name" class="mention">@name</a>`. */
export function mentionPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('linkify', 'mention', (state: StateInline, silent: boolean) => {
    const start = state.pos;
    if (state.src.charCodeAt(start) !== 0x40 /* @ */) return false;
    if (state.linkLevel > 0) return false; // inside a link's text: no link in a link
    if (start > 0 && CANNOT_PRECEDE.test(state.src[start - 1]!)) return false;
    MENTION.lastIndex = start;
    const match = MENTION.exec(state.src);
    if (!match || start + match[0].length > state.posMax) return false;
    const env = state.env as Partial<MentionEnv>;
    const user = env.mentionable?.get(match[1]!.toLowerCase());
    if (!user) return false;
    if (!silent) {
      const open = state.push('link_open', 'a', 1);
      open.attrs = [['href', profilePath(user.username)], ['class', 'mention']];
      open.markup = 'mention';
      const text = state.push('text', '', 0);
      text.content = match[0];
      state.push('link_close', 'a', -1).markup = 'mention';
      if (!env.mentioned!.includes(user.id)) env.mentioned!.push(user.id);
    }
    state.pos = start + match[0].length;
    return true;
  });
}
