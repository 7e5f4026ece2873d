import { randomBytes } from 'node:crypto';

/** A thread slug: the title in a-z 0-9 and dashes (at most 60 characters), then a short random suffix. */
export function threadSlug(title: string): string {
  const base = title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return `${base || 'thread'}-${randomBytes(4).toString('hex').slice(0, 6)}`;
}
