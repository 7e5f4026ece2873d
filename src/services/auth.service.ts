// Accounts, sessions and roles.
import type { Db } from '../db/client.js';
import type { UserRow } from '../db/schema.js';
import { forgetAttempt, recordAttempt } from '../data/login-failures.data.js';
import { findSessionUser, insertSession, revokeSession } from '../data/sessions.data.js';
import { findUserByUsername, insertUser, updateUser, type Role } from '../data/users.data.js';
import { badInput, ErrorCode, ForumError, forbidden, notFound, unauthenticated } from '../errors.js';
import * as validate from '../validation.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../auth/password.js';
import { hashToken, newToken, TOKEN_LIFETIME_MS } from '../auth/tokens.js';
import { isAdmin, type Viewer } from '../auth/viewer.js';
import type { Mutations } from './mutation.js';

export interface AuthResult { token: string; user: UserRow }

export interface LoginLimits { maxFailures: number; windowS: number }

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly mutations: Mutations,
    private readonly limits: LoginLimits,
  ) {}

  /** The viewer behind a well-formed token; UNAUTHENTICATED when unknown, revoked or expired. */
  async authenticate(token: string): Promise<Viewer> {
    const tokenHash = hashToken(token);
    const user = await findSessionUser(this.db, tokenHash);
    if (!user) throw unauthenticated('The token is unknown, revoked or expired: sign in again');
    return { id: user.id, username: user.username, role: user.role, tokenHash };
  }

  async register(username: string, password: string, displayName?: string | null): Promise<AuthResult> {
    validate.username(username);
    validate.password(password);
    const name = displayName == null ? username : validate.displayName(displayName);
    const user = await insertUser(this.db, { username, displayName: name, passwordHash: await hashPassword(password) });
    if (!user) throw badInput(`username "${username}" is taken`, 'username');
    return { token: await this.startSession(user.id), user };
  }

  async login(username: string, password: string, ip: string): Promise<AuthResult> {
    // PostgreSQL text cannot hold NUL; dropping it only merges names that no account can have.
    const keys = [`user:${username.toLowerCase().slice(0, 64).replaceAll('\u0000', '')}`, `ip:${ip}`];
    // The attempt is counted before its password is checked: checking first let a burst of concurrent attempts
    // all see a count under the limit. Attempts that do not fail (refused, or right) are given back.
    const counts = await Promise.all(keys.map((k) => recordAttempt(this.db, k, this.limits.windowS)));
    const forget = () => Promise.all(keys.map((k) => forgetAttempt(this.db, k)));
    if (counts.some((n) => n > this.limits.maxFailures)) {
      await forget();
      throw new ForumError(ErrorCode.TOO_MANY_REQUESTS,
        `Too many failed logins: try again in up to ${this.limits.windowS} seconds`);
    }
    const user = validate.USERNAME_RE.test(username) ? await findUserByUsername(this.db, username) : null;
    const ok = await verifyPassword(password.slice(0, 256), user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) throw unauthenticated('Wrong username or password');
    await forget();
    return { token: await this.startSession(user.id), user };
  }

  async logout(viewer: Viewer): Promise<boolean> {
    await revokeSession(this.db, viewer.tokenHash);
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
    return token;
  }
}
