// Which of what Markdown made of a post's body a read needs: the source (`body`), the sanitized HTML (`bodyHTML`),
// the plain text (`bodyText`) and the ids of the users it mentions (`mentions`). A post page reads and caches only the
// fields its operation selects (src/graphql/selected-fields.ts): the three texts are most of a page's bytes, and a
// page that shows the HTML need not carry the source and the plain text through PostgreSQL, the driver and the cache.
// A page selecting the source alone reads what a page read before posts were rendered. Pages of other selections are
// entries of their own, under the same stamps, so each is as fresh as the others.

export interface BodyFields {
  readonly body: boolean;
  readonly html: boolean;
  readonly text: boolean;
  readonly mentions: boolean;
}

/** Every field: what a read that was not told its selection reads (subscriptions' events, a post by id). */
export const ALL_BODY_FIELDS: BodyFields = Object.freeze({ body: true, html: true, text: true, mentions: true });

/** No field: a page read for its posts' ids and counts only (src/read/thread-page-loads.ts). */
export const NO_BODY_FIELDS: BodyFields = Object.freeze({ body: false, html: false, text: false, mentions: false });

/**
 * A short name of the selection, for cache keys and statement names: the letters of the fields it holds (`b`, `h`,
 * `t`, `m`, in that order), `-` for none. `bhtm` is every field.
 */
export function bodyFieldsCode(fields: BodyFields): string {
  const code = `${fields.body ? 'b' : ''}${fields.html ? 'h' : ''}${fields.text ? 't' : ''}${fields.mentions ? 'm' : ''}`;
  return code === '' ? '-' : code;
}
