// Subscribe messages parsed and validated like an HTTP request (token, depth, cost and alias limits), once per text.
// The readers of a thread send the same subscription: validating it anew cost about 2.4 ms of CPU per subscriber (the
// live bench's profile: 1.2 s of the 3.4 s a process spent taking in 500 subscriptions), and a thousand readers opening
// a page together held the event loop for seconds. Apollo Server keeps such a store for HTTP operations.
import { LRUCache } from 'lru-cache';
import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { ErrorCode, ForumError } from '../errors.js';
import { aliasLimit } from '../graphql/alias-limit.js';
import { costLimit } from '../graphql/cost-limit.js';
import { depthLimit } from '../graphql/depth-limit.js';
import { MAX_ALIASES, MAX_QUERY_COST, MAX_QUERY_DEPTH, MAX_TOKENS } from './apollo.js';

const RULES = [...specifiedRules, depthLimit(MAX_QUERY_DEPTH), costLimit(MAX_QUERY_COST), aliasLimit(MAX_ALIASES)];

export interface PreparedDocumentsOptions {
  /** Documents kept (the least recently used goes first). Defaults to 1000. */
  maxEntries?: number;
  /** Their texts' characters in all. Defaults to 256 KiB; a longer text is validated every time, not kept. */
  maxChars?: number;
}

export class PreparedDocuments {
  /** Kept documents by text, least recently used first out; sized by their texts' characters. */
  private readonly documents: LRUCache<string, DocumentNode>;

  constructor(private readonly schema: GraphQLSchema, options: PreparedDocumentsOptions = {}) {
    const maxChars = options.maxChars ?? 256 * 1024;
    this.documents = new LRUCache<string, DocumentNode>({
      max: options.maxEntries ?? 1000,
      maxSize: maxChars,
      maxEntrySize: maxChars,
      sizeCalculation: (_document, text) => Math.max(1, text.length),
    });
  }

  /** The document of a valid text (shared by every subscription of that text: never change it), or its errors. */
  prepare(query: unknown): DocumentNode | GraphQLError[] {
    if (typeof query !== 'string') return [new ForumError(ErrorCode.BAD_REQUEST, 'A subscribe message needs a query string')];
    const kept = this.documents.get(query);
    if (kept) return kept;
    const prepared = check(this.schema, query);
    if (!Array.isArray(prepared)) this.documents.set(query, prepared as DocumentNode); // a text past maxChars is not kept
    return prepared;
  }

  /** Documents kept now (tests). */
  get size(): number { return this.documents.size; }
}

function check(schema: GraphQLSchema, query: string): DocumentNode | GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: MAX_TOKENS });
  } catch (error) {
    const message = error instanceof GraphQLError ? error.message : 'The query does not parse';
    return [new ForumError(ErrorCode.GRAPHQL_PARSE_FAILED, message)];
  }
  const errors = validate(schema, document, RULES);
  if (errors.length > 0) return errors.map((e) => new ForumError(ErrorCode.GRAPHQL_VALIDATION_FAILED, e.message));
  return document;
}
