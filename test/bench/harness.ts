/**
 * A small benchmark harness. A benchmark is a module `<name>.bench.ts` whose default export is
 * `defineBench({ name, description, run })`; `run` measures with `timed`, `medianOf` or
 * `interleavedMedians` and
 * reports figures with `ctx.metric`. Figures are best given as ratios to a floor measured in
 * the same run (ARCHITECTURE.md §8), with a target where we have one. run.ts finds the
 * modules, runs them, prints one table each and writes bench-results/<name>.json.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Target {
  readonly op: '<=' | '>=';
  readonly value: number;
}

export interface Metric {
  readonly name: string;
  readonly value: number;
  /** 'ms', 'B', 'x' (a ratio), '' ... */
  readonly unit: string;
  readonly target?: Target;
  readonly note?: string;
}

export interface BenchContext {
  metric(metric: Metric): void;
  /** A progress line (stderr), so long runs show signs of life. */
  log(message: string): void;
  /** A fresh temporary directory, removed when the benchmark ends. */
  tempDir(): Promise<string>;
}

export interface Bench {
  /** Also the result file's name and what `npm run bench -- <prefix>` matches. */
  readonly name: string;
  readonly description: string;
  run(ctx: BenchContext): Promise<void>;
}

export const defineBench = (bench: Bench): Bench => bench;

export interface MetricResult extends Metric {
  /** undefined when the metric has no target. */
  readonly pass?: boolean;
}

export interface BenchResult {
  readonly name: string;
  readonly description: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly environment: {
    node: string;
    platform: string;
    arch: string;
    cpus: number;
    cpuModel: string;
    gcExposed: boolean;
    /** 1-minute load average before and after: other work on the machine skews wall times. */
    loadAverage: { before: number; after: number };
  };
  readonly metrics: readonly MetricResult[];
  readonly error?: string;
}

/** Runs a full garbage collection if node was started with --expose-gc (npm run bench does). */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export interface Timing<T> {
  /** Wall-clock time. */
  readonly ms: number;
  /** CPU time of the whole process (all threads, user + system): steadier than wall time on a busy machine. */
  readonly cpuMs: number;
  readonly value: T;
}

/** Times `fn` once, after a garbage collection so earlier garbage is not billed to it. */
export async function timed<T>(fn: () => T | Promise<T>): Promise<Timing<T>> {
  collectGarbage();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await fn();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, value };
}

/** Times `fn` `runs` times and returns the median, for short measurements. */
export async function medianOf(runs: number, fn: () => unknown): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push((await timed(fn)).ms);
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}

/**
 * Times each function `runs` times, taking turns (a, b, a, b, ...), and returns each one's
 * median wall and CPU time: drift on a shared machine then hits all of them alike, which
 * keeps their ratio honest.
 */
export async function interleavedMedians<K extends string>(
  runs: number,
  fns: Record<K, () => unknown>,
): Promise<Record<K, { ms: number; cpuMs: number }>> {
  const names = Object.keys(fns) as K[];
  const samples = new Map<K, Array<Timing<unknown>>>(names.map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const name of names) samples.get(name)?.push(await timed(fns[name]));
  }
  const middle = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  const medians = {} as Record<K, { ms: number; cpuMs: number }>;
  for (const name of names) {
    const taken = samples.get(name) ?? [];
    medians[name] = { ms: middle(taken.map((t) => t.ms)), cpuMs: middle(taken.map((t) => t.cpuMs)) };
  }
  return medians;
}

/** Lets the event loop run (I/O callbacks, timers), as a live process would between messages. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function runBench(bench: Bench): Promise<BenchResult> {
  const metrics: MetricResult[] = [];
  const dirs: string[] = [];
  const ctx: BenchContext = {
    metric: (metric) => metrics.push({ ...metric, pass: metric.target && meets(metric.value, metric.target) }),
    log: (message) => process.stderr.write(`[${bench.name}] ${message}\n`),
    tempDir: async () => {
      const dir = await mkdtemp(join(tmpdir(), `commonplace-bench-${bench.name}-`));
      dirs.push(dir);
      return dir;
    },
  };
  const startedAt = new Date().toISOString();
  const loadBefore = loadavg()[0] ?? 0;
  const start = performance.now();
  let error: string | undefined;
  try {
    await bench.run(ctx);
  } catch (thrown) {
    error = thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown);
  } finally {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }
  return {
    name: bench.name,
    description: bench.description,
    startedAt,
    durationMs: Math.round(performance.now() - start),
    environment: {
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
      loadAverage: { before: loadBefore, after: loadavg()[0] ?? 0 },
    },
    metrics,
    ...(error === undefined ? {} : { error }),
  };
}

const meets = (value: number, target: Target): boolean => (target.op === '<=' ? value <= target.value : value >= target.value);

function formatValue(value: number, unit: string): string {
  const digits = unit === 'x' ? 2 : Math.abs(value) >= 100 ? 0 : 1;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })}${unit === 'x' ? '×' : ''}`;
}

/** The result as a plain-text table. */
export function formatTable(result: BenchResult): string {
  const header = ['metric', 'value', 'unit', 'target', '', 'note'];
  const rows = result.metrics.map((m) => [
    m.name,
    formatValue(m.value, m.unit),
    m.unit === 'x' ? '' : m.unit,
    m.target ? `${m.target.op === '<=' ? '≤' : '≥'} ${m.target.value}${m.unit === 'x' ? '×' : ` ${m.unit}`}` : '',
    m.pass === undefined ? '' : m.pass ? 'ok' : 'MISS',
    m.note ?? '',
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => (row[i] ?? '').length)));
  const line = (row: string[]): string =>
    row.map((cell, i) => (i === 1 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const env = result.environment;
  return [
    `${result.name}: ${result.description}`,
    `node ${env.node}, ${env.cpus} × ${env.cpuModel}, load average ${env.loadAverage.before.toFixed(1)} → ${env.loadAverage.after.toFixed(1)}, ` +
      `${(result.durationMs / 1000).toFixed(1)} s${env.gcExposed ? '' : ', WARNING: no --expose-gc'}`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...(result.error ? [`ERROR: ${result.error}`] : []),
  ].join('\n');
}
