import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { users, type UserRow } from '../db/schema.js';
import { arrayParam } from './prepared.js';
import { publicUserColumns } from './read-columns.js';
import { canName } from './text-keys.js';

export type Role = UserRow['role'];

/** Users as every reader may see them (no password hash). */
export const findUsersByIds = (db: Db, ids: readonly number[]) =>
  db.select(publicUserColumns).from(users).where(inArray(users.id, [...ids]));

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | null> {
  if (!canName(username)) return null;
  const rows = await db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`).limit(1);
  return rows[0] ?? null;
}

/** Users whose lower-cased username is in `lowerNames` (the unique index on lower(username) answers). */
export const findUsersByLowerNames = (db: Db, lowerNames: readonly string[]) =>
  db.select({ id: users.id, username: users.username }).from(users)
    .where(sql`lower(${users.username}) = any(${arrayParam(lowerNames)}::text[])`);

export async function findUserById(db: Db, id: number): Promise<UserRow | null> {
  const rows = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function insertUser(
  db: Db, values: { username: string; displayName: string; passwordHash: string; role?: Role },
): Promise<UserRow | null> {
  const rows = await db.insert(users).values(values).onConflictDoNothing().returning();
  return rows[0] ?? null;
}

/** What a profile shows beyond the author card: the bio and the suspension, by user id. */
export const findProfiles = (db: Db, ids: readonly number[]) =>
  db.select({ id: users.id, bio: users.bio, suspendedAt: users.suspendedAt, suspendedUntil: users.suspendedUntil })
    .from(users).where(inArray(users.id, [...ids]));

export type ProfileRow = Awaited<ReturnType<typeof findProfiles>>[number];

export async function updateUser(
  db: Db, id: number,
  values: Partial<Pick<UserRow, 'role' | 'passwordHash' | 'displayName' | 'avatarUrl' | 'bio' | 'suspendedAt' | 'suspendedUntil' | 'suspensionReason'>>,
) {
  const rows = await db.update(users).set(values).where(eq(users.id, id)).returning();
  return rows[0] ?? null;
}
