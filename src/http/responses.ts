// How every HTTP answer is written: CORS headers on all of them (a browser on another origin must be able to read
// a 405 or a 413 to show it), and errors in GraphQL's shape with a code from the one ErrorCode enum.
import type { ServerResponse } from 'node:http';
import type { ErrorCode } from '../errors.js';

export const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST',
  'access-control-allow-headers': 'content-type, authorization, apollo-require-preflight, x-apollo-operation-name',
  'access-control-max-age': '600',
};

export const errorBody = (message: string, code: ErrorCode) => ({ errors: [{ message, extensions: { code } }] });

export function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string | number>) {
  res.writeHead(status, { ...CORS_HEADERS, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', ...headers });
}

/** Errors are never stored by a browser or a cache in front. */
export function sendError(res: ServerResponse, status: number, code: ErrorCode, message: string, headers: Record<string, string> = {}) {
  sendJson(res, status, errorBody(message, code), { 'cache-control': 'no-store', ...headers });
}

/** The raw bytes of an error answer, for sockets node:http refused before a ServerResponse existed. */
export function rawErrorResponse(status: number, reason: string, code: ErrorCode, message: string): string {
  const payload = JSON.stringify(errorBody(message, code));
  const headers = Object.entries(CORS_HEADERS).map(([key, value]) => `${key}: ${value}\r\n`).join('');
  return `HTTP/1.1 ${status} ${reason}\r\n${headers}content-type: application/json; charset=utf-8\r\ncache-control: no-store\r\n`
    + `content-length: ${Buffer.byteLength(payload)}\r\nconnection: close\r\n\r\n${payload}`;
}
