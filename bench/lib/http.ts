// Plain HTTP requests for the bench's own probes (not the load): a connection per request, so no pooled
// keep-alive socket outlives the server it was opened to (servers come and go on fresh ports), and a timeout.
import { request } from 'node:http';

export interface HttpAnswer { status: number; headers: Record<string, string>; text: string }

export function httpRequest(
  url: string, options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const body = options.body;
    const req = request(url, {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'), agent: false,
      headers: { ...options.headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) },
      timeout: options.timeoutMs ?? 30_000,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = String(value);
        resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer in ${options.timeoutMs ?? 30_000} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
