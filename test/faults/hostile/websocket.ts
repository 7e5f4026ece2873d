// Hostile WebSocket input for the subscriptions endpoint: junk frames, frames out of protocol order, unknown and
// malformed messages, bad tokens, invalid and oversized documents, floods of subscriptions and of connections.
// Every answer must be a protocol message or a close with a code of the protocol or ours (4xxx); never a close as an
// internal error (1011), an INTERNAL_SERVER_ERROR frame, a stack or SQL, and the server must keep answering.
import WebSocket from 'ws';

export interface WsFixture { token: string; threadSlug: string }

interface Outcome { messages: string[]; close: { code: number; reason: string } | null; error: string | null }

const PROTOCOL = 'graphql-transport-ws';
/** A source address of its own, so the connection flood cannot crowd out the other drills' addresses. */
const SOURCE = '127.0.0.51';

type Send = (ws: WebSocket, acked: Promise<void>) => void | Promise<void>;

/**
 * Opens a socket, sends the frames (`acked` resolves on connection_ack, so a case can send after the handshake, as a
 * client must), and collects what comes back for `waitMs`.
 */
function exchange(url: string, send: Send, waitMs = 1500): Promise<Outcome> {
  return new Promise((resolve) => {
    const outcome: Outcome = { messages: [], close: null, error: null };
    const ws = new WebSocket(url, PROTOCOL, { localAddress: SOURCE, handshakeTimeout: 5000 });
    let ack!: () => void;
    const acked = new Promise<void>((r) => { ack = r; });
    const finish = () => {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
      resolve(outcome);
    };
    const timer = setTimeout(finish, waitMs + 3000);
    ws.on('open', () => {
      Promise.resolve().then(() => send(ws, acked)).catch((error: Error) => { outcome.error = error.message; });
      setTimeout(finish, waitMs);
    });
    ws.on('message', (data) => {
      const text = String(data);
      outcome.messages.push(text);
      if (text.includes('"connection_ack"')) ack();
    });
    ws.on('close', (code, reason) => { outcome.close = { code, reason: String(reason) }; finish(); });
    ws.on('error', (error) => { outcome.error = error.message; });
  });
}

const init = (payload: unknown = {}) => JSON.stringify({ type: 'connection_init', payload });
const subscribe = (id: string, query: string, variables: Record<string, unknown> = {}) =>
  JSON.stringify({ id, type: 'subscribe', payload: { query, variables } });
const THREAD = 'subscription($s: String!) { threadActivity(slug: $s) { kind postId } }';

function judge(name: string, outcome: Outcome): string | null {
  for (const message of outcome.messages) {
    if (/INTERNAL_SERVER_ERROR|\n\s+at |select |insert |update /i.test(message)) return `${name}: answered ${message.slice(0, 160)}`;
  }
  const code = outcome.close?.code;
  if (code !== undefined && !(code === 1000 || code === 1001 || code === 1002 || code === 1003 || code === 1008
    || code === 1009 || (code >= 4000 && code <= 4999))) {
    return `${name}: closed with ${code} ${outcome.close!.reason}`;
  }
  if (outcome.close && /\n\s+at |select /i.test(outcome.close.reason)) return `${name}: close reason ${outcome.close.reason}`;
  return null;
}

/** Runs every case against one server; returns the findings and the number of cases. */
export async function websocketDrill(baseUrl: string, f: WsFixture): Promise<{ cases: number; findings: string[] }> {
  const url = `${baseUrl.replace(/^http/, 'ws')}/graphql`;
  const random = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7919 + 13) % 256));
  /** connection_init (with this payload), then, once acknowledged, the frames. */
  const afterAck = (frames: string[], payload: unknown = {}): Send => async (ws, acked) => {
    ws.send(init(payload));
    await acked;
    for (const frame of frames) ws.send(frame);
  };
  const cases: [string, Send][] = [
    ['random binary bytes', (ws) => { ws.send(random(512)); }],
    ['text that is not JSON', (ws) => { ws.send('{"type": "connection_init", '); }],
    ['JSON without a type', (ws) => { ws.send('{}'); }],
    ['an unknown message type', afterAck([JSON.stringify({ type: 'hello', id: '1' })])],
    ['subscribe before connection_init', (ws) => { ws.send(subscribe('1', THREAD, { s: f.threadSlug })); }],
    ['connection_init twice', (ws) => { ws.send(init()); ws.send(init()); }],
    ['connection_init with a number as payload', (ws) => { ws.send(JSON.stringify({ type: 'connection_init', payload: 42 })); }],
    ['Authorization that is a number', (ws) => { ws.send(init({ Authorization: 123 })); }],
    ['Authorization with a junk token', (ws) => { ws.send(init({ Authorization: 'Bearer junk' })); }],
    ['Authorization with NUL and a lone surrogate', (ws) => { ws.send(init({ Authorization: 'Bearer a\u0000b\ud800' })); }],
    ['a document that does not parse', afterAck([subscribe('1', 'subscription { threadActivity(')])],
    ['a mutation over the socket', afterAck([subscribe('1', 'mutation { logout }')], { Authorization: `Bearer ${f.token}` })],
    ['a query over the socket', afterAck([subscribe('1', '{ categories { slug } }')])],
    ['an unknown field', afterAck([subscribe('1', 'subscription { nothing }')])],
    ['a document 40 deep', afterAck([subscribe('1',
      `subscription($s: String!) { threadActivity(slug: $s) { ${'thread { posts { nodes { '.repeat(13)}id${' } } }'.repeat(13)} } }`,
      { s: f.threadSlug })])],
    ['a message over 64 KiB', afterAck([subscribe('1', `subscription { ${'a'.repeat(80 * 1024)} }`)])],
    ['a slug with NUL, a lone surrogate and 5,000 characters', afterAck([
      subscribe('1', THREAD, { s: 'x\u0000\ud800' }), subscribe('2', THREAD, { s: 'y'.repeat(5000) })])],
    ['variables of the wrong type, or missing', afterAck([subscribe('1', THREAD, { s: 42 }), subscribe('2', THREAD, {})])],
    ['the same subscription id twice', afterAck([subscribe('dup', THREAD, { s: f.threadSlug }), subscribe('dup', THREAD, { s: f.threadSlug })])],
    ['complete of an unknown id, and pings', afterAck([
      JSON.stringify({ type: 'complete', id: 'nobody' }), JSON.stringify({ type: 'ping' }), JSON.stringify({ type: 'pong' })])],
    ['a malformed pong', afterAck([JSON.stringify({ type: 'pong', payload: [1, 2, 3] })])],
    ['a flood of 300 subscriptions', afterAck(Array.from({ length: 300 }, (_, i) => subscribe(`f${i}`, THREAD, { s: f.threadSlug })))],
    ['a flood of 2,000 junk frames', (ws) => { for (let i = 0; i < 2000; i++) ws.send(`junk ${i}`); }],
  ];
  const findings: string[] = [];
  for (const [name, send] of cases) {
    const problem = judge(name, await exchange(url, send));
    if (problem) findings.push(problem);
  }
  // A flood of connections from one address: past the limit they are refused with a code, and none is an error.
  const sockets = await Promise.all(Array.from({ length: 70 }, () => exchange(url, (ws) => { ws.send(init()); }, 1000)));
  sockets.forEach((outcome, i) => {
    const problem = judge(`connection ${i + 1} of 70 from one address`, outcome);
    if (problem) findings.push(problem);
  });
  return { cases: cases.length + 1, findings };
}
