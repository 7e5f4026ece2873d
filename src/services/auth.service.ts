// Accounts, sessions and roles.
import type { Db } from '../db/client.js';
import type { UserRow } from '../db/schema.js';
import { forgetAttempt, recordAttempt } from '../data/login-failures.data.js';
import { insertSession, revokeSession, revokeUserSessions } from '../data/sessions.data.js';
import { findUserById, findUserByUsername, insertUser, updateUser, type Role } from '../data/users.data.js';
import { badInput, ErrorCode, ForumError, forbidden, notFound, unauthenticated } from '../errors.js';
import * as validate from '../validation.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../auth/password.js';
import { hashToken, newToken, TOKEN_LIFETIME_MS } from '../auth/tokens.js';
import { isAdmin, type Viewer } from '../auth/viewer.js';
import type { Mutations } from './mutation.js';
import type { SessionLookup } from './session-lookup.js';

export interface AuthResult { token: string; user: UserRow }

/** undefined: not suspended now; null: suspended indefinitely; else when the suspension ends. */
export function suspendedUntil(user: Pick<UserRow, 'suspendedAt' | 'suspendedUntil'>, now = new Date()): Date | null | undefined {
  if (user.suspendedAt === null) return undefined;
  if (user.suspendedUntil === null) return null;
  return user.suspendedUntil > now ? user.suspendedUntil : undefined;
}

export interface LoginLimits { maxFailures: number; windowS: number }

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly mutations: Mutations,
    private readonly limits: LoginLimits,
    private readonly sessions: SessionLookup,
  ) {}

  /** The viewer behind a well-formed token; UNAUTHENTICATED when unknown, revoked or expired. */
  async authenticate(token: string): Promise<Viewer> {
    const tokenHash = hashToken(token);
    const session = await this.sessions.find(tokenHash);
    if (!session) throw unauthenticated('The token is unknown, revoked or expired: sign in again');
    return { id: session.userId, username: session.username, role: session.role, tokenHash };
  }

  async register(username: string, password: string, displayName?: string | null): Promise<AuthResult> {
    validate.username(username);
    validate.password(password);
    const name = displayName == null ? username : validate.displayName(displayName);
    const passwordHash = await hashPassword(password);
    const user = await this.mutations.run(async (tx) => {
      const inserted = await insertUser(tx, { username, displayName: name, passwordHash });
      return { result: inserted, changes: inserted ? [{ type: 'user.created', username, userId: inserted.id }] : [] };
    });
    if (!user) throw badInput(`username "${username}" is taken`, 'username');
    return { token: await this.startSession(user.id), user };
  }

  async login(username: string, password: string, ip: string): Promise<AuthResult> {
    const user = validate.USERNAME_RE.test(username) ? await findUserByUsername(this.db, username) : null;
    const ok = await this.checkPassword(username, user?.passwordHash ?? null, password, ip);
    if (!user || !ok) throw unauthenticated('Wrong username or password');
    // Only after the password: a suspension is no business of someone guessing.
    const until = suspendedUntil(user);
    if (until !== undefined) {
      throw forbidden(until === null
        ? 'This account is suspended indefinitely'
        : `This account is suspended until ${until.toISOString()}`);
    }
    return { token: await this.startSession(user.id), user };
  }

  /**
   * A wrong current password is BAD_USER_INPUT and counts as a failed login. On success every token of the user is
   * revoked, the one of this request included, and the token returned is the only valid one.
   */
  async changePassword(viewer: Viewer, currentPassword: string, newPassword: string, ip: string): Promise<AuthResult> {
    validate.password(newPassword);
    const user = await findUserById(this.db, viewer.id);
    if (!user) throw unauthenticated();
    if (!(await this.checkPassword(user.username, user.passwordHash, currentPassword, ip))) {
      throw badInput('currentPassword is wrong', 'currentPassword');
    }
    const passwordHash = await hashPassword(newPassword);
    const token = newToken();
    const updated = await this.mutations.run(async (tx) => {
      const row = await updateUser(tx, user.id, { passwordHash });
      await revokeUserSessions(tx, user.id);
      await insertSession(tx, hashToken(token), user.id, new Date(Date.now() + TOKEN_LIFETIME_MS));
      return { result: row!, changes: [{ type: 'sessions.revoked', userId: user.id }] };
    });
    this.sessions.started(hashToken(token), user.id);
    return { token, user: updated };
  }

  /**
   * Checks a password against a stored hash (null: no such user, checked against a dummy at the same cost), counted
   * against the login limits per username and per client address: TOO_MANY_REQUESTS past them. The attempt is
   * counted before the check: checking first let a burst of concurrent attempts all see a count under the limit.
   * Attempts that do not fail (refused, or right) are given back.
   */
  private async checkPassword(username: string, hash: string | null, password: string, ip: string): Promise<boolean> {
    // PostgreSQL text cannot hold NUL; dropping it only merges names that no account can have.
    const keys = [`user:${username.toLowerCase().slice(0, 64).replaceAll('\u0000', '')}`, `ip:${ip}`];
    const counts = await Promise.all(keys.map((k) => recordAttempt(this.db, k, this.limits.windowS)));
    const forget = () => Promise.all(keys.map((k) => forgetAttempt(this.db, k)));
    if (counts.some((n) => n > this.limits.maxFailures)) {
      await forget();
      throw new ForumError(ErrorCode.TOO_MANY_REQUESTS,
        `Too many failed logins: try again in up to ${this.limits.windowS} seconds`);
    }
    const ok = await verifyPassword(password.slice(0, 256), hash ?? DUMMY_HASH);
    if (ok && hash !== null) await forget();
    return ok && hash !== null;
  }

  /** Revokes this request's token; every process refuses it from the next request on (SessionLookup). */
  async logout(viewer: Viewer): Promise<boolean> {
    await this.mutations.run(async (tx) => {
      await revokeSession(tx, viewer.tokenHash);
      return { result: null, changes: [{ type: 'sessions.revoked', userId: viewer.id }] };
    });
    return true;
  }

  async setUserRole(viewer: Viewer, username: string, role: Role): Promise<UserRow> {
    validate.username(username);
    const user = await findUserByUsername(this.db, username);
    if (!user) throw notFound(`user "${username}"`);
    if (!isAdmin(viewer)) throw forbidden('Only admins may change roles');
    return this.mutations.run(async (tx) => {
      const updated = await updateUser(tx, user.id, { role });
      return { result: updated!, changes: user.role !== role ? [{ type: 'role.changed', userId: user.id }] : [] };
    });
  }

  /** Start-up: makes sure this admin account exists with this password. */
  async ensureAdmin(username: string, password: string): Promise<void> {
    validate.username(username);
    validate.password(password);
    const passwordHash = await hashPassword(password);
    const existing = await findUserByUsername(this.db, username);
    if (!existing) {
      await insertUser(this.db, { username, displayName: username, passwordHash, role: 'ADMIN' });
      return;
    }
    await this.mutations.run(async (tx) => {
      await updateUser(tx, existing.id, { role: 'ADMIN', passwordHash });
      return { result: null, changes: existing.role !== 'ADMIN' ? [{ type: 'role.changed', userId: existing.id }] : [] };
    });
  }

  private async startSession(userId: number): Promise<string> {
    const token = newToken();
    await insertSession(this.db, hashToken(token), userId, new Date(Date.now() + TOKEN_LIFETIME_MS));
    this.sessions.started(hashToken(token), userId);
    return token;
  }
}
