// Requests node:http refuses before they reach a handler (headers over 16 KiB, unparsable HTTP) get a coded JSON
// answer too, instead of a bare status line.
import type { Duplex } from 'node:stream';
import { ErrorCode } from '../errors.js';
import { rawErrorResponse } from './responses.js';

export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(error.code === 'HPE_HEADER_OVERFLOW'
    ? rawErrorResponse(431, 'Request Header Fields Too Large', ErrorCode.REQUEST_HEADER_FIELDS_TOO_LARGE, 'Request headers are larger than 16 KiB')
    : rawErrorResponse(400, 'Bad Request', ErrorCode.BAD_REQUEST, 'The request is not valid HTTP'));
}
