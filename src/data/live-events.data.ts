// Live events' positions and backlog (live_events). Positions are raised by the writing transaction under the row
// lock of the thread or category, so in each channel they follow commit order; the backlog keeps each event at its
// position, committed with the change itself.
import { and, asc, eq, gt, inArray, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { cacheOutbox, categories, liveEvents, threads } from '../db/schema.js';
import { rowsOf } from './raw-rows.js';

export type ChannelKind = 'thread' | 'category';

/** A channel whose position a transaction raised: its name (`thread:<id>`) and the positions its events got. */
export interface RaisedChannel { channel: string; seqs: number[] }

/**
 * Inside the writing transaction: raises the position of one thread's or category's channel by its events' number,
 * taking the row's lock, and keeps the events at their new positions, in one statement. Null when the slug names no
 * row. Callers take channels in one order (threads, then categories, each by slug), so two writers never wait for
 * each other in a cycle.
 */
export async function raiseAndKeep(
  tx: Db, kind: ChannelKind, slug: string, events: readonly unknown[], outboxId: number | null,
): Promise<RaisedChannel | null> {
  const table = sql.raw(kind === 'thread' ? 'threads' : 'categories');
  const n = events.length;
  const result = await tx.execute(sql`
    with raised as (update ${table} set live_seq = live_seq + ${n}::int where slug = ${slug} returning id, live_seq)
    insert into live_events (channel, seq, event, outbox_id)
    select ${`${kind}:`}::text || raised.id::text, raised.live_seq - ${n}::int + e.ord, e.event, ${outboxId}::bigint
    from raised, jsonb_array_elements(${JSON.stringify(events)}::jsonb) with ordinality as e(event, ord)
    returning channel, seq`);
  return raisedChannel(rowsOf(result) as { channel: string; seq: number | string }[]);
}

/** An outbox row to write in the same statement as a channel's events (the first channel's: one round trip fewer). */
export interface OutboxValues { changes: readonly unknown[]; claimedBy: string | null }

/**
 * raiseAndKeep, writing the transaction's outbox row in the same statement (its events name the row). Returns the
 * row's id, and the raised channel or null when the slug names no row (the outbox row is written all the same).
 */
export async function insertOutboxRaiseAndKeep(
  tx: Db, outbox: OutboxValues, kind: ChannelKind, slug: string, events: readonly unknown[],
): Promise<{ outboxId: number; raised: RaisedChannel | null }> {
  const table = sql.raw(kind === 'thread' ? 'threads' : 'categories');
  const n = events.length;
  // created_at: the clock now, not the transaction's start (leases count a row's age from here).
  const result = await tx.execute(sql`
    with o as (
      insert into cache_outbox (changes, created_at, claimed_by)
      values (${JSON.stringify(outbox.changes)}::jsonb, clock_timestamp(), ${outbox.claimedBy}::text) returning id
    ),
    raised as (update ${table} set live_seq = live_seq + ${n}::int where slug = ${slug} returning id, live_seq),
    kept as (
      insert into live_events (channel, seq, event, outbox_id)
      select ${`${kind}:`}::text || raised.id::text, raised.live_seq - ${n}::int + e.ord, e.event, (select id from o)
      from raised, jsonb_array_elements(${JSON.stringify(events)}::jsonb) with ordinality as e(event, ord)
      returning channel, seq
    )
    select o.id as outbox_id, kept.channel, kept.seq from o left join kept on true`);
  const rows = rowsOf(result) as { outbox_id: number | string; channel: string | null; seq: number | string | null }[];
  const kept = rows.filter((r) => r.channel !== null) as { channel: string; seq: number | string }[];
  return { outboxId: Number(rows[0]!.outbox_id), raised: raisedChannel(kept) };
}

function raisedChannel(rows: { channel: string; seq: number | string }[]): RaisedChannel | null {
  if (rows.length === 0) return null;
  return { channel: rows[0]!.channel, seqs: rows.map((r) => Number(r.seq)).sort((a, b) => a - b) };
}

/** Drops a channel's events at or before `seq` (the count bound; a bounded range per call). */
export async function dropEventsUpTo(tx: Db, channel: string, fromSeq: number, toSeq: number): Promise<void> {
  await tx.delete(liveEvents).where(and(eq(liveEvents.channel, channel), gt(liveEvents.seq, fromSeq), lte(liveEvents.seq, toSeq)));
}

/** Drops up to `limit` events older than `maxAgeS` seconds; returns how many went. */
export async function dropEventsOlderThan(db: Db, maxAgeS: number, limit: number): Promise<number> {
  const old = db.select({ id: liveEvents.id }).from(liveEvents)
    .where(lt(liveEvents.createdAt, sql`now() - make_interval(secs => ${maxAgeS})`)).orderBy(asc(liveEvents.id)).limit(limit);
  const rows = await db.delete(liveEvents).where(inArray(liveEvents.id, old)).returning({ id: liveEvents.id });
  return rows.length;
}

/** The events of these outbox rows, in the order they were made. */
export function findEventsOfOutbox(db: Db, outboxIds: readonly number[]) {
  return db.select({ channel: liveEvents.channel, seq: liveEvents.seq, event: liveEvents.event }).from(liveEvents)
    .where(inArray(liveEvents.outboxId, [...outboxIds])).orderBy(asc(liveEvents.id));
}

/** `thread:12` → the row's table and id; null for anything else. */
function parseChannel(channel: string): { kind: ChannelKind; id: number } | null {
  const match = /^(thread|category):(\d{1,10})$/.exec(channel);
  if (!match) return null;
  const id = Number(match[2]);
  return id <= 2_147_483_647 ? { kind: match[1] as ChannelKind, id } : null;
}

/** A channel's position now (its last committed event); null when the channel names no row. */
export async function currentPosition(db: Db, channel: string): Promise<number | null> {
  const parsed = parseChannel(channel);
  if (!parsed) return null;
  const table = parsed.kind === 'thread' ? threads : categories;
  const [row] = await db.select({ seq: table.liveSeq }).from(table).where(eq(table.id, parsed.id));
  return row?.seq ?? null;
}

export interface BacklogEvent { seq: number; event: unknown; readable: boolean }

/**
 * The channel's kept events after `after` (at most `limit`, in position order), no older than `maxAgeS`. `readable`:
 * the event's outbox row was applied (its writer removes the row after applying, before announcing).
 */
export function findBacklog(db: Db, channel: string, after: number, limit: number, maxAgeS: number): Promise<BacklogEvent[]> {
  return db.select({
    seq: liveEvents.seq,
    event: liveEvents.event,
    readable: sql<boolean>`not exists (select 1 from ${cacheOutbox} o where o.id = ${liveEvents.outboxId})`.mapWith(Boolean),
  }).from(liveEvents)
    .where(and(eq(liveEvents.channel, channel), gt(liveEvents.seq, after),
      sql`${liveEvents.createdAt} >= now() - make_interval(secs => ${maxAgeS})`))
    .orderBy(asc(liveEvents.seq)).limit(limit);
}

/**
 * A thread's or category's channel and its readable position: every event at or before it was applied (the cache and
 * the list indexes show it). The oldest event whose outbox row still waits holds it back. (The position is read
 * first: an event applied between the two reads is readable, one still waiting at the second read holds it back.)
 */
export async function readablePosition(db: Db, kind: ChannelKind, slug: string): Promise<{ channel: string; seq: number } | null> {
  const table = kind === 'thread' ? threads : categories;
  const [row] = await db.select({ id: table.id, seq: table.liveSeq }).from(table).where(eq(table.slug, slug));
  if (!row) return null;
  const channel = `${kind}:${row.id}`;
  const waiting = await firstWaiting(db, channel);
  return { channel, seq: waiting === null ? row.seq : Math.min(row.seq, waiting - 1) };
}

/** The position of the channel's oldest event whose outbox row still waits to be applied; null when none waits. */
export async function firstWaiting(db: Db, channel: string): Promise<number | null> {
  const [row] = await db.select({ seq: sql<number | null>`min(${liveEvents.seq})`.mapWith((v) => (v === null ? null : Number(v))) })
    .from(liveEvents).innerJoin(cacheOutbox, eq(cacheOutbox.id, liveEvents.outboxId)).where(eq(liveEvents.channel, channel));
  return row?.seq ?? null;
}
