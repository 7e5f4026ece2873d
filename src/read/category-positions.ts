// Category.liveCursor for one request. A category's events change its thread lists and counts, which are read per
// request (from the list indexes, list entries or the database), not from the category's entry. The cursor must never
// be ahead of what the response shows: a client that subscribes after it may get repeats, never miss an event. So the
// category's readable position (every event up to it was applied) is read before the response reads any of the
// category's lists or counts, and those reads wait for it: whatever they find includes every event up to it.
import type { Db } from '../db/client.js';
import { readablePosition } from '../data/live-events.data.js';

export class CategoryPositions {
  /** Set when the operation selects Category.liveCursor (src/graphql/selected-fields.ts): reads then wait. */
  private wanted = false;
  /** Each category's position, read once per request, before the first read of its lists or counts. */
  private readonly positions = new Map<string, Promise<number>>();

  constructor(private readonly db: Db) {}

  /** This response shows Category.liveCursor: from now on, a category's reads first take its position. */
  want(): void {
    this.wanted = true;
  }

  /**
   * Resolves when the category's lists and counts may be read: at once when no cursor is wanted or `slug` is null (a
   * list of all categories), else once the category's position was read.
   */
  async beforeRead(slug: string | null | undefined): Promise<void> {
    if (!this.wanted || slug == null) return;
    await this.position(slug).catch(() => {}); // a failed read fails the cursor, not the list
  }

  /** The position up to which this response's lists and counts of the category include every event. */
  position(slug: string): Promise<number> {
    let position = this.positions.get(slug);
    if (!position) {
      position = readablePosition(this.db, 'category', slug).then((p) => p?.seq ?? 0);
      this.positions.set(slug, position);
    }
    return position;
  }
}
