// Which of a post's three texts a read needs: the source (`body`), the sanitized HTML (`bodyHTML`) and the plain text
// (`bodyText`). A post page reads and caches only the texts its operation selects (src/graphql/selected-fields.ts):
// the three together are most of a page's bytes, and a page that shows the HTML need not carry the source and the
// plain text through PostgreSQL, the driver and the cache. Pages of other selections are entries of their own,
// under the same stamps, so each is as fresh as the others.

export interface PostTexts {
  readonly body: boolean;
  readonly html: boolean;
  readonly text: boolean;
}

/** Every text: what a read that was not told its selection reads (subscriptions' events, a post by id). */
export const ALL_POST_TEXTS: PostTexts = Object.freeze({ body: true, html: true, text: true });

/**
 * A short name of the selection, for cache keys and statement names: the letters of the texts it holds (`b`, `h`,
 * `t`, in that order), `-` for none. `bht` is every text.
 */
export function postTextsCode(texts: PostTexts): string {
  const code = `${texts.body ? 'b' : ''}${texts.html ? 'h' : ''}${texts.text ? 't' : ''}`;
  return code === '' ? '-' : code;
}
