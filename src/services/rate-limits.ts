// Posting limits against spam, counted in PostgreSQL (as the login limits are), so they hold across server processes
// and while Redis is down: threads and posts per user per window (moderators exempt), reports per user per hour.
import type { Db } from '../db/client.js';
import { forgetAttempt, recordAttempt } from '../data/login-failures.data.js';
import { ErrorCode, ForumError } from '../errors.js';
import { isModerator, type Viewer } from '../auth/viewer.js';

export interface PostingLimits { postMax: number; postWindowS: number; reportMax: number }

const REPORT_WINDOW_S = 3600;

export class RateLimits {
  constructor(private readonly db: Db, private readonly limits: PostingLimits) {}

  /**
   * Counts one thread or post (or one report) of the viewer's; TOO_MANY_REQUESTS past the limit. Returns how to give
   * it back, for a write that then fails or creates nothing.
   */
  async take(viewer: Viewer, kind: 'post' | 'report'): Promise<() => Promise<void>> {
    const [max, windowS] = kind === 'post'
      ? [isModerator(viewer) ? 0 : this.limits.postMax, this.limits.postWindowS]
      : [this.limits.reportMax, REPORT_WINDOW_S];
    if (max === 0) return async () => {};
    const key = `${kind}:${viewer.id}`;
    const giveBack = () => forgetAttempt(this.db, key);
    if (await recordAttempt(this.db, key, windowS) > max) {
      await giveBack();
      throw new ForumError(ErrorCode.TOO_MANY_REQUESTS, kind === 'post'
        ? `At most ${max} threads and posts per ${windowS} seconds: try again shortly`
        : `At most ${max} reports per hour: try again later`);
    }
    return giveBack;
  }

  /** Runs a write counted against the limit; the count is given back when it fails. */
  async counted<T>(viewer: Viewer, kind: 'post' | 'report', write: () => Promise<T>): Promise<T> {
    const giveBack = await this.take(viewer, kind);
    try {
      return await write();
    } catch (error) {
      await giveBack();
      throw error;
    }
  }
}
