// The floor: a bare node:http server that reads the request body and answers with stored response bytes (the
// forum's own response to that request), doing no other work. What a GraphQL server could at best approach here.
//   node bench/dist/bench/peers/floor.js --responses file.json --port N
// file.json: [{ "request": "<request body>", "headers": { ... }, "body": "<response body>" }]
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { peerArg } from './peer-args.js';

interface Stored { request: string; headers: Record<string, string>; body: string }

const stored = JSON.parse(readFileSync(peerArg('responses', 'floor.json'), 'utf8')) as Stored[];
const byRequest = new Map(stored.map((s) => [s.request, { headers: { ...s.headers, 'content-length': String(Buffer.byteLength(s.body)) }, body: Buffer.from(s.body) }]));

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const found = byRequest.get(Buffer.concat(chunks).toString('utf8'));
    if (!found) {
      res.writeHead(req.url === '/healthz' ? 200 : 404).end();
      return;
    }
    res.writeHead(200, found.headers).end(found.body);
  });
});
server.keepAliveTimeout = 5000;
server.listen(Number(peerArg('port', '0')));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
