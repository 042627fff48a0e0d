/**
 * A child process of the sync benchmark, driven by JSON lines (sync-raw-peer.ts, or a host through
 * test/integration/fixtures/sync-harness.ts): requests with replies, and events kept with the
 * wall-clock time they arrived.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { wallClock } from './sync-keystrokes';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const REQUEST_TIMEOUT_MS = 120_000;

export type Message = Record<string, unknown>;

export class JsonChild {
  readonly events: Array<Message & { at: number }> = [];
  stderr = '';
  private nextId = 1;
  private readonly pending = new Map<number, (reply: Message) => void>();
  private readonly exited: Promise<unknown>;

  private constructor(private readonly child: ChildProcess) {
    let buffered = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) this.line(line);
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => child.on('exit', resolve));
  }

  /** Starts `node --import tsx <script> ...args` and waits for its `ready` event. */
  static async start(script: string, args: string[]): Promise<JsonChild> {
    // SYNC_BENCH_NODE_ARGS: extra Node flags for every child (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
    const nodeArgs = process.env.SYNC_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const child = new JsonChild(spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...args], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] }));
    await child.waitFor((e) => e.event === 'ready', 60_000);
    return child;
  }

  async request(cmd: string, args: Message = {}, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Message> {
    const id = this.nextId++;
    const reply = await new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${cmd} timed out\n${this.stderr.slice(-2000)}`)), timeoutMs);
      this.pending.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.child.stdin?.write(`${JSON.stringify({ id, cmd, ...args })}\n`);
    });
    if (!reply.ok) throw new Error(`${cmd} failed: ${String(reply.error)}`);
    return reply;
  }

  async waitFor(match: (event: Message) => boolean, timeoutMs: number): Promise<Message & { at: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no such event within ${timeoutMs} ms\n${this.stderr.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await this.request('stop', {}, 10_000).catch(() => this.child.kill('SIGKILL'));
    await this.exited;
  }

  private line(line: string): void {
    let message: Message;
    try {
      message = JSON.parse(line) as Message;
    } catch {
      this.stderr += `(stdout) ${line}\n`;
      return;
    }
    if (typeof message.id === 'number') {
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
      return;
    }
    this.events.push({ ...message, at: wallClock() });
  }
}
