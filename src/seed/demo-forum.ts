// The demo forum's content: a plant-care community, kept as data in demo-forum.json and checked here when it is
// loaded, which only seeding does (a server that never seeds never reads or holds it). Times are relative to the
// moment of seeding: a thread starts `daysAgo` days before it, and each post `minutesAfterStart` after the thread.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const user = z.object({
  username: z.string().regex(/^[A-Za-z0-9_-]{3,32}$/),
  displayName: z.string().min(1).max(64),
  role: z.enum(['MEMBER', 'MODERATOR', 'ADMIN']),
  bio: z.string().max(2000).optional(),
  avatarUrl: z.string().startsWith('https://').max(500).optional(),
}).strict();

const category = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,64}$/),
  name: z.string().min(1).max(100),
  description: z.string().max(1000),
  icon: z.string().max(64).nullable(),
  displayOrder: z.number().int(),
  /** Must name a category listed before this one. */
  parentSlug: z.string().nullable(),
}).strict();

const post = z.object({
  /** A username. */
  author: z.string(),
  body: z.string().min(1).max(20_000),
  minutesAfterStart: z.number().int().nonnegative(),
  reactions: z.array(z.object({ user: z.string(), type: z.enum(['LIKE', 'HELPFUL', 'LOVE']) }).strict()),
  /** The post this one replies to: the index of an earlier post of the same thread. */
  replyTo: z.number().int().nonnegative().optional(),
  /** Open reports of this post, for the moderators' queue. */
  reports: z.array(z.object({
    user: z.string(), reason: z.enum(['SPAM', 'OFF_TOPIC', 'INAPPROPRIATE', 'OTHER']), note: z.string().max(1000).optional(),
  }).strict()).optional(),
}).strict();

const thread = z.object({
  /** A category slug. */
  category: z.string(),
  /** A username; also the author of posts[0], the opening post. */
  author: z.string(),
  title: z.string().min(3).max(200),
  tags: z.array(z.string().regex(/^[a-z0-9-]{1,30}$/)).max(5),
  isPinned: z.boolean().optional(),
  isLocked: z.boolean().optional(),
  daysAgo: z.number().nonnegative(),
  /** The accepted answer: the index of a post after the opening one. */
  answer: z.number().int().positive().optional(),
  /** Users' read marks: up to which post number (1 for the opening post) each has read the thread. */
  readBy: z.array(z.object({ user: z.string(), upToPost: z.number().int().positive() }).strict()).optional(),
  posts: z.array(post).min(1),
}).strict();

/** Every name a thread, post or reaction uses must be defined in the same file. */
export const demoForumSchema = z.object({
  users: z.array(user).min(1),
  categories: z.array(category).min(1),
  threads: z.array(thread),
}).strict().superRefine((forum, ctx) => {
  const users = new Set(forum.users.map((u) => u.username));
  const categories = new Set<string>();
  const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
  forum.categories.forEach((c, i) => {
    if (c.parentSlug !== null && !categories.has(c.parentSlug)) {
      problem(['categories', i, 'parentSlug'], `a parent must be listed before its children, got "${c.parentSlug}"`);
    }
    categories.add(c.slug);
  });
  forum.threads.forEach((t, i) => {
    if (!categories.has(t.category)) problem(['threads', i, 'category'], `must name a listed category, got "${t.category}"`);
    if (!users.has(t.author)) problem(['threads', i, 'author'], `must name a listed user, got "${t.author}"`);
    if (t.posts[0]!.author !== t.author) problem(['threads', i, 'posts', 0, 'author'], 'the opening post must be by the thread author');
    if (t.answer !== undefined && t.answer >= t.posts.length) problem(['threads', i, 'answer'], 'must be the index of a post of the thread');
    (t.readBy ?? []).forEach((r, k) => {
      if (!users.has(r.user)) problem(['threads', i, 'readBy', k, 'user'], `must name a listed user, got "${r.user}"`);
      if (r.upToPost > t.posts.length) problem(['threads', i, 'readBy', k, 'upToPost'], 'must be a post number of the thread');
    });
    t.posts.forEach((p, j) => {
      if (!users.has(p.author)) problem(['threads', i, 'posts', j, 'author'], `must name a listed user, got "${p.author}"`);
      if (p.replyTo !== undefined && p.replyTo >= j) problem(['threads', i, 'posts', j, 'replyTo'], 'must be the index of an earlier post');
      p.reactions.forEach((r, k) => {
        if (!users.has(r.user)) problem(['threads', i, 'posts', j, 'reactions', k, 'user'], `must name a listed user, got "${r.user}"`);
      });
    });
  });
});

export type DemoForum = z.infer<typeof demoForumSchema>;

/**
 * Resolved from the repository root, so that the sources (src/seed, in development and tests) and the build
 * (dist/seed, which tsc fills with JavaScript only) read the same file without a copy step in every build path.
 */
export const DEMO_FORUM_FILE = new URL('../../src/seed/demo-forum.json', import.meta.url);

/** Reads and checks the demo forum; a broken file fails with every problem and where it is. */
export async function loadDemoForum(file: URL = DEMO_FORUM_FILE): Promise<DemoForum> {
  const parsed = demoForumSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`demo forum ${file.pathname} is invalid: ${problems.join('; ')}`);
  }
  return parsed.data;
}
