// Input rules of docs/api.md. Each check states the rule and what was received, and throws BAD_USER_INPUT.
import { badInput } from './errors.js';

const describe = (value: string) => `got ${value.length} characters`;

function lengthBetween(field: string, value: string, min: number, max: number): string {
  if (value.length < min || value.length > max) {
    throw badInput(`${field} must be ${min}-${max} characters, ${describe(value)}`, field);
  }
  return value;
}

/** Rejects NUL bytes: PostgreSQL text cannot hold them, and they are never meaningful here. */
function noNul(field: string, value: string): string {
  if (value.includes('\u0000')) throw badInput(`${field} must not contain NUL characters`, field);
  return value;
}

export const USERNAME_RE = /^[A-Za-z0-9_-]{3,32}$/;
export function username(value: string): string {
  if (!USERNAME_RE.test(value)) {
    throw badInput(`username must be 3-32 characters of A-Z a-z 0-9 _ -, got "${value.slice(0, 40)}"`, 'username');
  }
  return value;
}

export const password = (value: string) => noNul('password', lengthBetween('password', value, 8, 256));
export const displayName = (value: string) => noNul('displayName', lengthBetween('displayName', value.trim(), 1, 64));
export const title = (value: string) => noNul('title', lengthBetween('title', value.trim(), 3, 200));
export const body = (value: string) => noNul('body', lengthBetween('body', value.trim(), 1, 20_000));

/** An https:// URL of at most 500 characters; '' clears the avatar (null). */
export function avatarUrl(value: string): string | null {
  if (value === '') return null;
  lengthBetween('avatarUrl', value, 1, 500);
  let url: URL | null = null;
  try { url = new URL(value); } catch { /* stated below */ }
  if (!url || url.protocol !== 'https:' || !value.toLowerCase().startsWith('https://') || url.hostname === '' || /[\s\u0000]/.test(value)) {
    throw badInput(`avatarUrl must be an https:// URL, got "${value.slice(0, 60)}"`, 'avatarUrl');
  }
  return value;
}

/** At most 2,000 characters; '' clears the bio (null). */
export function bio(value: string): string | null {
  noNul('bio', lengthBetween('bio', value, 0, 2000));
  return value.trim() === '' ? null : value;
}

export const reportNote = (value: string) => noNul('note', lengthBetween('note', value, 0, 1000));
export const suspensionReason = (value: string) => noNul('reason', lengthBetween('reason', value.trim(), 1, 500));

const SLUG_RE = /^[a-z0-9-]{1,64}$/;
export function categorySlug(value: string): string {
  if (!SLUG_RE.test(value)) throw badInput(`slug must be 1-64 characters of a-z 0-9 -, got "${value.slice(0, 70)}"`, 'slug');
  return value;
}
export const categoryName = (value: string) => noNul('name', lengthBetween('name', value.trim(), 1, 100));
export const categoryDescription = (value: string) => noNul('description', lengthBetween('description', value, 0, 1000));
export const categoryIcon = (value: string) => noNul('icon', lengthBetween('icon', value, 0, 64));

const TAG_RE = /^[a-z0-9-]{1,30}$/;
/** Lower-cased, de-duplicated, in the order given; at most 5. */
export function tags(values: readonly string[], field = 'tags'): string[] {
  if (values.length > 5) throw badInput(`${field} may hold at most 5 tags, got ${values.length}`, field);
  const out: string[] = [];
  for (const raw of values) {
    const tag = raw.toLowerCase();
    if (!TAG_RE.test(tag)) throw badInput(`each tag must be 1-30 characters of a-z 0-9 -, got "${raw.slice(0, 40)}"`, field);
    if (!out.includes(tag)) out.push(tag);
  }
  return out;
}

export function first(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 100) throw badInput(`first must be 1 to 100, got ${value}`, 'first');
  return value;
}

export function search(value: string): string {
  if (value.length > 200) throw badInput(`search must be at most 200 characters, ${describe(value)}`, 'search');
  return noNul('search', value);
}

/** Cursor times are checked by the data layer too, so the rule lives below both (src/model). */
export { isCursorTime } from './model/cursor-time.js';

/** IDs are positive integers rendered as strings; anything else cannot name a row. */
export function id(field: string, value: string): number | null {
  if (!/^[1-9][0-9]{0,9}$/.test(value)) return null;
  const n = Number(value);
  return n <= 2_147_483_647 ? n : null;
}

export function last(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 100) throw badInput(`last must be 1 to 100, got ${value}`, 'last');
  return value;
}
