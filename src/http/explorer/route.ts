// GET /explorer (the page) and /explorer/assets/<name> (its files).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '../../errors.js';
import { send, sendError } from '../responses.js';
import { explorerAsset } from './assets.js';
import { EXPLORER_CSP, explorerPage } from './page.js';

export const EXPLORER_PATH = '/explorer';
const ASSETS_PREFIX = `${EXPLORER_PATH}/assets/`;

export const isExplorerPath = (pathname: string) => pathname === EXPLORER_PATH || pathname.startsWith(ASSETS_PREFIX);

export function handleExplorer(req: IncomingMessage, res: ServerResponse, url: URL): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendError(res, 405, ErrorCode.METHOD_NOT_ALLOWED, `Method ${req.method} is not allowed: use GET`, { allow: 'GET, HEAD' });
    return;
  }
  if (url.pathname === EXPLORER_PATH) {
    send(res, 200, explorerPage(), {
      'content-type': 'text/html; charset=utf-8', 'content-security-policy': EXPLORER_CSP, 'cache-control': 'no-cache',
    });
    return;
  }
  const asset = explorerAsset(url.pathname.slice(ASSETS_PREFIX.length));
  if (!asset) {
    sendError(res, 404, ErrorCode.NOT_FOUND, `No explorer asset at ${url.pathname}`);
    return;
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  // Assets change only with an npm upgrade, which restarts the server; an hour spares reloads the work.
  send(res, 200, gzip ? asset.gzipped : asset.body, {
    'content-type': asset.type, 'cache-control': 'public, max-age=3600', vary: 'accept-encoding',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  });
}
