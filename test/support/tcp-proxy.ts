// A TCP proxy between the servers and Redis that the drill controls. cut() models a partition: every open
// connection stops moving bytes (held, as TCP would, not dropped) and new connections are refused; heal()
// lets the held bytes through again and accepts connections. reset() closes everything at once.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

interface Pair { client: Socket; upstream: Socket }

export class TcpProxy {
  private server: Server | undefined;
  private readonly pairs = new Set<Pair>();
  private partitioned = false;

  constructor(readonly port: number, private readonly targetPort: number) {}

  get url() { return `redis://127.0.0.1:${this.port}`; }

  async start(): Promise<void> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  private accept(client: Socket) {
    if (this.partitioned) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: '127.0.0.1', port: this.targetPort });
    const pair = { client, upstream };
    this.pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.pairs.delete(pair);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  }

  /** Holds every open connection's bytes and refuses new connections. */
  cut(): void {
    this.partitioned = true;
    for (const { client, upstream } of this.pairs) {
      client.pause();
      upstream.pause();
      client.unpipe(upstream);
      upstream.unpipe(client);
    }
  }

  heal(): void {
    this.partitioned = false;
    for (const { client, upstream } of this.pairs) {
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
      upstream.resume();
    }
  }

  /** A hard partition: every connection is closed and new ones refused until heal(). */
  sever(): void {
    this.partitioned = true;
    this.reset();
  }

  /** Closes every connection (as a Redis restart would); new ones are still accepted. */
  reset(): void {
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  async stop(): Promise<void> {
    this.reset();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
