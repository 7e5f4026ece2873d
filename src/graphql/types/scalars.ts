import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { registerEnumType } from 'type-graphql';

const ISO_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** The contract's DateTime. Read models keep ISO strings, so serializing is usually a pass-through. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An ISO-8601 date-time in UTC, e.g. 2026-11-22T10:00:00.000Z.',
  serialize(value) {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'string') return value;
    throw new GraphQLError('DateTime cannot represent this value');
  },
  parseValue(value) {
    if (typeof value !== 'string' || !ISO_RE.test(value) || Number.isNaN(Date.parse(value))) {
      throw new GraphQLError('DateTime must be an ISO-8601 string');
    }
    return new Date(value);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || !ISO_RE.test(ast.value) || Number.isNaN(Date.parse(ast.value))) {
      throw new GraphQLError('DateTime must be an ISO-8601 string');
    }
    return new Date(ast.value);
  },
});

export enum ReactionType { LIKE = 'LIKE', HELPFUL = 'HELPFUL', LOVE = 'LOVE' }
export enum ThreadSort { LAST_ACTIVITY = 'LAST_ACTIVITY', NEWEST = 'NEWEST', OLDEST = 'OLDEST', MOST_POSTS = 'MOST_POSTS', MOST_VIEWED = 'MOST_VIEWED', RELEVANCE = 'RELEVANCE' }
export enum Role { MEMBER = 'MEMBER', MODERATOR = 'MODERATOR', ADMIN = 'ADMIN' }

registerEnumType(ReactionType, { name: 'ReactionType' });
registerEnumType(ThreadSort, {
  name: 'ThreadSort',
  valuesConfig: {
    LAST_ACTIVITY: { description: 'Most recent post first.' },
    RELEVANCE: { description: 'Best search match first; only with a search (BAD_USER_INPUT otherwise).' },
  },
});
registerEnumType(Role, { name: 'Role' });

export enum ReportReason { SPAM = 'SPAM', OFF_TOPIC = 'OFF_TOPIC', INAPPROPRIATE = 'INAPPROPRIATE', OTHER = 'OTHER' }
export enum ReportStatus { OPEN = 'OPEN', RESOLVED = 'RESOLVED' }
export enum ReportResolution { DISMISSED = 'DISMISSED', POST_DELETED = 'POST_DELETED', AUTHOR_SUSPENDED = 'AUTHOR_SUSPENDED' }

registerEnumType(ReportReason, { name: 'ReportReason' });
registerEnumType(ReportStatus, { name: 'ReportStatus' });
registerEnumType(ReportResolution, { name: 'ReportResolution' });
