// Live positions as clients see them: opaque strings naming a channel (`thread:<id>`, `category:<id>`) and a position
// in it. Thread.liveCursor, Category.liveCursor and every event's `position` are of this form; a subscription's
// `after` takes any of them, for its own channel only.
import { badInput } from '../errors.js';

const VERSION = 'l1';

export const encodeLiveCursor = (channel: string, seq: number) =>
  Buffer.from(`${VERSION}|${channel}|${seq}`, 'utf8').toString('base64url');

/** The position in `channel` that `cursor` names; BAD_USER_INPUT when it is not one of this channel's positions. */
export function decodeLiveCursor(cursor: string, channel: string): number {
  const refuse = () => badInput(`after must be a liveCursor or an event position of this ${channel.split(':')[0]}`, 'after');
  if (cursor.length > 100) throw refuse();
  const [version, named, seq, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (version !== VERSION || named !== channel || rest.length > 0 || !/^\d{1,15}$/.test(seq ?? '')) throw refuse();
  return Number(seq);
}
