// PERSISTED_QUERIES: which documents a request may name and run.
// - on: Apollo's automatic persisted queries. A hash this server knows (registered by any process, or in the
//   manifest) stands for its document; an unknown one is PERSISTED_QUERY_NOT_FOUND and the client sends the text.
// - only (trusted documents): nothing runs but the manifest's operations, named by id or sent as their exact text;
//   anything else is PERSISTED_QUERY_NOT_IN_LIST, before it is parsed. Nothing is registered.
// - off: a request with a persisted query is PERSISTED_QUERY_NOT_SUPPORTED (Apollo's answer); text runs as always.
// The HTTP stage here refuses early and cheaply; the Apollo plugin checks again what Apollo resolved, so that no
// shape of request this stage did not foresee can run a document outside the manifest.
import type { ApolloServerPlugin } from '@apollo/server';
import { isSha256Hex, sha256Hex } from '../cache/persisted-query-store.js';
import { ErrorCode, ForumError } from '../errors.js';
import type { ForumContext } from '../graphql/context.js';
import type { Manifest } from './persisted-query-manifest.js';

export type PersistedQueryMode = 'on' | 'only' | 'off';

export interface PolicyRefusal { status: number; code: ErrorCode; message: string }

const BAD_HASH: PolicyRefusal = {
  status: 400, code: ErrorCode.BAD_REQUEST,
  message: 'extensions.persistedQuery.sha256Hash must be the SHA-256 of the document: 64 lower-case hexadecimal digits',
};
const TEXT_NOT_IN_LIST: PolicyRefusal = {
  status: 400, code: ErrorCode.PERSISTED_QUERY_NOT_IN_LIST,
  message: 'This server runs only the operations of its persisted-query manifest: send one of them, by its id or its exact text',
};
const ID_NOT_IN_LIST: PolicyRefusal = {
  status: 400, code: ErrorCode.PERSISTED_QUERY_NOT_IN_LIST,
  message: 'No operation of this server\'s persisted-query manifest has this id',
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value);

/** A request's document text and persisted-query extension as Apollo will read them; undefined where Apollo refuses. */
function partsOf(method: string, body: unknown, url: URL): { query?: string; persisted?: unknown } {
  if (method === 'GET') {
    const queries = url.searchParams.getAll('query');
    const extensions = url.searchParams.getAll('extensions');
    let parsed: unknown;
    if (extensions.length === 1) {
      try {
        parsed = JSON.parse(extensions[0]!);
      } catch { /* Apollo answers invalid JSON itself */ }
    }
    return { query: queries.length === 1 ? queries[0] : undefined, persisted: isRecord(parsed) ? parsed.persistedQuery : undefined };
  }
  if (!isRecord(body)) return {};
  return {
    query: typeof body.query === 'string' ? body.query : undefined,
    persisted: isRecord(body.extensions) ? body.extensions.persistedQuery : undefined,
  };
}

export class PersistedQueryPolicy {
  constructor(readonly mode: PersistedQueryMode, private readonly manifest: Manifest | null) {
    // config.ts requires the manifest for `only`; a policy without one would refuse everything, or fail per request.
    if (mode === 'only' && manifest === null) throw new Error('PERSISTED_QUERIES=only needs a manifest');
  }

  /**
   * The HTTP stage (before parsing): a malformed hash is BAD_REQUEST (it would never name a document), and in `only`
   * mode a document or id outside the manifest is PERSISTED_QUERY_NOT_IN_LIST. Null: Apollo takes it from here.
   */
  check(method: string, body: unknown, url: URL): PolicyRefusal | null {
    if (this.mode === 'off') return null;
    const { query, persisted } = partsOf(method, body, url);
    // Not an object of version 1: Apollo's own refusals (unsupported version) apply.
    if (isRecord(persisted) && persisted.version === 1) {
      if (!isSha256Hex(persisted.sha256Hash)) return BAD_HASH;
      if (this.mode === 'only' && !this.manifest!.has(persisted.sha256Hash)) return ID_NOT_IN_LIST;
      return null;
    }
    if (this.mode === 'only' && query !== undefined && query !== '' && !this.allowsText(query)) return TEXT_NOT_IN_LIST;
    return null;
  }

  /** Whether a document's text may run: in `only` mode, when it is exactly one of the manifest's bodies. */
  allowsText(query: string): boolean {
    return this.mode !== 'only' || this.manifest!.has(sha256Hex(query));
  }

  /** The refusal of a subscription's text over WebSocket in `only` mode, or null. */
  subscriptionRefusal(query: unknown): PolicyRefusal | null {
    return typeof query === 'string' && !this.allowsText(query) ? TEXT_NOT_IN_LIST : null;
  }

  /** In `only` mode: whatever Apollo resolved (from an id or a text) runs only when its hash is the manifest's. */
  plugin(): ApolloServerPlugin<ForumContext> {
    const manifest = this.manifest;
    const only = this.mode === 'only';
    return {
      async requestDidStart() {
        if (!only) return;
        return {
          async didResolveOperation({ queryHash }) {
            if (!manifest!.has(queryHash)) {
              throw new ForumError(TEXT_NOT_IN_LIST.code, TEXT_NOT_IN_LIST.message, { http: { status: 400 } });
            }
          },
        };
      },
    };
  }
}
