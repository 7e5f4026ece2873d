// A member's own account: profile fields and password.
import type { Db } from '../db/client.js';
import type { UserRow } from '../db/schema.js';
import { findUserById, updateUser } from '../data/users.data.js';
import * as validate from '../validation.js';
import type { Viewer } from '../auth/viewer.js';
import type { Mutations } from './mutation.js';

export interface ProfileInput { displayName?: string | null; avatarUrl?: string | null; bio?: string | null }

export class ProfileService {
  constructor(private readonly db: Db, private readonly mutations: Mutations) {}

  /** Fields left out or null stay as they are; '' clears bio and avatarUrl. */
  async updateProfile(viewer: Viewer, input: ProfileInput): Promise<UserRow> {
    const values: Parameters<typeof updateUser>[2] = {};
    if (input.displayName != null) values.displayName = validate.displayName(input.displayName).trim();
    if (input.avatarUrl != null) values.avatarUrl = validate.avatarUrl(input.avatarUrl);
    if (input.bio != null) values.bio = validate.bio(input.bio);
    if (Object.keys(values).length === 0) return (await findUserById(this.db, viewer.id))!;
    return this.mutations.run(async (tx) => {
      const user = await updateUser(tx, viewer.id, values);
      return { result: user!, changes: [{ type: 'user.updated', userId: viewer.id }] };
    });
  }
}
