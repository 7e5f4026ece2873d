// A one-line progress bar on stderr: redrawn in place on a terminal, a line per 10% otherwise (logs, CI).

export class ProgressBar {
  private readonly started = performance.now();
  private lastDraw = 0;
  private lastDecile = -1;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number): void {
    const now = performance.now();
    const fraction = this.total === 0 ? 1 : Math.min(1, done / this.total);
    if (this.stream.isTTY) {
      if (now - this.lastDraw < 100 && done < this.total) return;
      this.lastDraw = now;
      const width = 30;
      const filled = Math.round(fraction * width);
      this.stream.write(`\r${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.describe(done, now)}`);
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile === this.lastDecile) return;
    this.lastDecile = decile;
    this.stream.write(`${this.label} ${this.describe(done, now)}\n`);
  }

  finish(): void {
    this.update(this.total);
    if (this.stream.isTTY) this.stream.write('\n');
  }

  private describe(done: number, now: number): string {
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    const percent = this.total === 0 ? 100 : Math.floor((100 * done) / this.total);
    return `${percent}% ${done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')} ${this.unit} `
      + `(${rate.toLocaleString('en-US')}/s, ${seconds.toFixed(1)} s)`;
  }
}
