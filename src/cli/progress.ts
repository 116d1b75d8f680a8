// Progress display for long CLI work: one bar per segment on a terminal, plain lines otherwise
// (CI logs, pipes), so output stays readable in both.
import cliProgress from 'cli-progress';

export interface ProgressView {
  start(segmentId: number, name: string): void;
  update(segmentId: number, fraction: number, message?: string): void;
  done(segmentId: number, seconds: number): void;
  fail(segmentId: number): void;
  stop(): void;
}

export function createProgressView(total: number, stream: NodeJS.WriteStream = process.stderr): ProgressView {
  return stream.isTTY ? new BarView(total, stream) : new LineView(total, stream);
}

class BarView implements ProgressView {
  private readonly multi: cliProgress.MultiBar;
  private readonly bars = new Map<number, cliProgress.SingleBar>();
  constructor(
    private readonly total: number,
    stream: NodeJS.WriteStream,
  ) {
    this.multi = new cliProgress.MultiBar(
      {
        stream,
        format: ' {step} {name} {bar} {percentage}% {status}',
        barCompleteChar: '█',
        barIncompleteChar: '░',
        barsize: 28,
        hideCursor: true,
        clearOnComplete: false,
        autopadding: true,
      },
      cliProgress.Presets.shades_classic,
    );
  }
  start(id: number, name: string) {
    const bar = this.multi.create(100, 0, {
      step: `[${id}/${this.total}]`,
      name: name.padEnd(6),
      status: '',
    });
    this.bars.set(id, bar);
  }
  update(id: number, fraction: number, message?: string) {
    this.bars
      .get(id)
      ?.update(Math.round(Math.min(1, Math.max(0, fraction)) * 100), { status: message ?? '' });
  }
  done(id: number, seconds: number) {
    this.bars.get(id)?.update(100, { status: `done in ${seconds.toFixed(1)} s` });
  }
  fail(id: number) {
    this.bars.get(id)?.update({ status: 'failed' });
  }
  stop() {
    this.multi.stop();
  }
}

class LineView implements ProgressView {
  private readonly names = new Map<number, string>();
  private readonly last = new Map<number, string>();
  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream,
  ) {}
  private line(id: number, text: string) {
    this.stream.write(`[${id}/${this.total}] ${this.names.get(id) ?? ''} ${text}\n`);
  }
  start(id: number, name: string) {
    this.names.set(id, name);
    this.line(id, 'started');
  }
  update(id: number, fraction: number, message?: string) {
    // Plain logs get a line when the message changes or another tenth is done, not per percent.
    const key = `${message ?? ''}|${Math.floor(fraction * 10)}`;
    if (this.last.get(id) === key) return;
    this.last.set(id, key);
    this.line(id, `${Math.round(fraction * 100)}%${message ? ` ${message}` : ''}`);
  }
  done(id: number, seconds: number) {
    this.line(id, `done in ${seconds.toFixed(1)} s`);
  }
  fail(id: number) {
    this.line(id, 'failed');
  }
  stop() {}
}
