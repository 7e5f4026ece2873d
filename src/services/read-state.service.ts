// Read marks: a signed-in user marks how far they have read a thread. Per user and never shown to anyone else, so it
// records no change for the shared cache (no stamp is bumped: no shared entry holds it).
import { findLiveThreadBySlug } from '../data/threads.data.js';
import { highestPostNumber, markRead } from '../data/thread-reads.data.js';
import { badInput, notFound } from '../errors.js';
import type { Viewer } from '../auth/viewer.js';
import type { Mutations } from './mutation.js';

export class ReadStateService {
  constructor(private readonly mutations: Mutations) {}

  /**
   * Moves the viewer's mark on a live thread forward to upToPostNumber (default: the thread's newest post); a mark
   * already further stays. upToPostNumber must be 1 to the thread's highest post number (BAD_USER_INPUT).
   * Returns the thread's slug.
   */
  async markRead(viewer: Viewer, slug: string, upToPostNumber: number | null): Promise<string> {
    if (upToPostNumber !== null && (!Number.isInteger(upToPostNumber) || upToPostNumber < 1)) {
      throw badInput(`upToPostNumber must be a post number (1 or more), got ${upToPostNumber}`, 'upToPostNumber');
    }
    return this.mutations.run(async (tx) => {
      const thread = await findLiveThreadBySlug(tx, slug);
      if (!thread) throw notFound(`thread "${slug}"`);
      const highest = await highestPostNumber(tx, thread.id);
      if (upToPostNumber !== null && upToPostNumber > highest) {
        throw badInput(`upToPostNumber must be at most the thread's highest post number (${highest}), got ${upToPostNumber}`, 'upToPostNumber');
      }
      await markRead(tx, viewer.id, thread.id, upToPostNumber ?? highest);
      return { result: thread.slug, changes: [] };
    });
  }
}
