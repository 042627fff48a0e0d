/**
 * The automerge-paper trace (259,778 single-character edits, each its own update) through
 * the host's store, against raw Yjs as the floor, in the same run:
 * - apply: raw = Y.applyUpdate of every update to a fresh doc; store = the same into a doc
 *   bound by PersistedDoc to a LevelDocStore, until the last update is durable (whenSaved).
 *   A second floor, "raw + update listener", applies with a no-op 'update' listener: Yjs only
 *   encodes each transaction's update when someone listens, so every persistence or sync
 *   provider pays that, and the host's sync pays it anyway.
 * - load: raw = apply Y.encodeStateAsUpdate of the final doc to a fresh doc; store = a new
 *   store instance on the same directory, PersistedDoc.open (store read + checks + apply);
 *   medians of LOAD_RUNS runs taken in turns.
 * Apply runs APPLY_ROUNDS times, the three kinds in turns, and reports medians.
 * Both sides yield to the event loop every YIELD_EVERY updates, as a live host does between
 * messages (so the store's group commit flushes while edits keep coming). Page docs: gc off.
 * Wall time is the figure; CPU time (whole process) is given too, as a check on a busy machine.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import * as Y from 'yjs';
import { newPageId, type DocId } from '../../shared/ids';
import type { DocStoreStats } from '../../electron/host/store/doc-store';
import { LevelDocStore } from '../../electron/host/store/level-doc-store';
import { PersistedDoc } from '../../electron/host/store/persisted-doc';
import { defineBench, interleavedMedians, timed, yieldToEventLoop, type BenchContext, type Timing } from './harness';
import { loadTrace, TRACE_TEXT, traceUpdates } from './traces';

const TRACE = 'automerge-paper';
const GC = false; // page docs keep deleted content (ARCHITECTURE.md §3)
const YIELD_EVERY = 1000;
const APPLY_ROUNDS = 3;
const LOAD_RUNS = 15;
const TARGET_APPLY_RATIO = 1.3;
const TARGET_LOAD_RATIO = 1.2;

async function applyAll(doc: Y.Doc, updates: readonly Uint8Array[]): Promise<void> {
  for (let i = 0; i < updates.length; i++) {
    Y.applyUpdate(doc, updates[i] as Uint8Array);
    if ((i + 1) % YIELD_EVERY === 0) await yieldToEventLoop();
  }
}

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await dirBytes(path) : (await stat(path)).size;
  }
  return total;
}

function checkText(doc: Y.Doc, expected: string, what: string): void {
  if (doc.getText(TRACE_TEXT).toString() !== expected) throw new Error(`${what}: final text differs from endContent`);
}

interface StoreRun {
  readonly dir: string;
  readonly docId: DocId;
  readonly left: DocStoreStats;
  readonly unloadMs: number;
}

/** Applies every update through PersistedDoc + a new LevelDocStore, until durable; then unloads. */
async function storeApply(ctx: BenchContext, updates: readonly Uint8Array[], endContent: string): Promise<Timing<StoreRun>> {
  const dir = await ctx.tempDir();
  const docId = newPageId();
  const store = await LevelDocStore.open(dir);
  const doc = new Y.Doc({ gc: GC });
  const persisted = await PersistedDoc.open(store, docId, doc);
  const applied = await timed(async () => {
    await applyAll(doc, updates);
    await persisted.whenSaved();
  });
  checkText(doc, endContent, 'store');
  const left = store.stats(docId);
  const unload = await timed(() => persisted.destroy()); // folds what is left into the snapshot
  doc.destroy();
  await store.close();
  return { ...applied, value: { dir, docId, left, unloadMs: unload.ms } };
}

/** Applies every update to a fresh doc (with a no-op 'update' listener if `listen`). */
async function rawApply(updates: readonly Uint8Array[], endContent: string, listen: boolean): Promise<Timing<Y.Doc>> {
  const doc = new Y.Doc({ gc: GC });
  if (listen) doc.on('update', () => {});
  const applied = await timed(() => applyAll(doc, updates));
  checkText(doc, endContent, listen ? 'raw + listener' : 'raw');
  return { ...applied, value: doc };
}

type Cost = Pick<Timing<unknown>, 'ms' | 'cpuMs'>;
const costOf = ({ ms, cpuMs }: Cost): Cost => ({ ms, cpuMs }); // drops the value, so docs can be freed
const median = (costs: readonly Cost[], key: keyof Cost): number =>
  costs.map((c) => c[key]).sort((a, b) => a - b)[Math.floor(costs.length / 2)] ?? Number.NaN;

async function run(ctx: BenchContext): Promise<void> {
  const trace = await loadTrace(TRACE);
  const updates = traceUpdates(trace, { gc: GC });
  const updateBytes = updates.reduce((sum, u) => sum + u.length, 0);
  ctx.log(`${updates.length} updates, ${updateBytes} bytes`);

  // Apply: the floors and the store, in turns, APPLY_ROUNDS times.
  const raws: Cost[] = [];
  const listened: Cost[] = [];
  const stored: Cost[] = [];
  const unloads: Cost[] = [];
  let encoded: Uint8Array = new Uint8Array();
  let encode: Cost = { ms: Number.NaN, cpuMs: Number.NaN };
  let last: StoreRun | undefined;
  for (let round = 1; round <= APPLY_ROUNDS; round++) {
    const raw = await rawApply(updates, trace.endContent, false);
    raws.push(costOf(raw));
    if (round === 1) {
      const encoding = await timed(() => Y.encodeStateAsUpdate(raw.value));
      [encoded, encode] = [encoding.value, costOf(encoding)];
    }
    raw.value.destroy();
    const listenedRun = await rawApply(updates, trace.endContent, true);
    listened.push(costOf(listenedRun));
    listenedRun.value.destroy();
    const storeRun = await storeApply(ctx, updates, trace.endContent);
    stored.push(costOf(storeRun));
    unloads.push({ ms: storeRun.value.unloadMs, cpuMs: Number.NaN });
    last = storeRun.value;
    ctx.log(`round ${round}: raw ${raws.at(-1)?.ms.toFixed(0)} ms, listener ${listened.at(-1)?.ms.toFixed(0)} ms, store ${stored.at(-1)?.ms.toFixed(0)} ms`);
  }
  if (!last) throw new Error('no store run');
  const { dir, docId, left } = last;
  const diskAfterClose = await dirBytes(dir);

  // Load: a new store instance on the last run's directory.
  const reopen = await timed(() => LevelDocStore.open(dir)); // replays LevelDB's log
  const store = reopen.value;
  const diskAfterReopen = await dirBytes(dir);
  const loads = await interleavedMedians(LOAD_RUNS, {
    raw: () => Y.applyUpdate(new Y.Doc({ gc: GC }), encoded),
    store: async () => {
      const doc = new Y.Doc({ gc: GC });
      await (await PersistedDoc.open(store, docId, doc)).destroy();
    },
  });
  const [rawLoad, storeLoad] = [loads.raw.ms, loads.store.ms];
  const check = new Y.Doc({ gc: GC });
  await (await PersistedDoc.open(store, docId, check)).destroy();
  checkText(check, trace.endContent, 'store reload');
  await store.close();
  // The store never forces LevelDB's compaction: deleted records stay in the log and level-0
  // tables until LevelDB compacts them on its own schedule. This shows what it reclaims.
  const db = new ClassicLevel(dir);
  await db.open();
  await db.compactRange('\u0000', '\uffff');
  await db.close();
  const diskAfterLevelCompaction = await dirBytes(dir);

  const rawApplyMs = median(raws, 'ms');
  const listenerApplyMs = median(listened, 'ms');
  const storeApplyMs = median(stored, 'ms');
  const [rawCpu, listenerCpu, storeCpu] = [median(raws, 'cpuMs'), median(listened, 'cpuMs'), median(stored, 'cpuMs')];
  const unloadMs = median(unloads, 'ms');
  const cpu = (ms: number): string => `cpu ${Math.round(ms).toLocaleString('en-US')} ms`;
  ctx.metric({ name: 'updates', value: updates.length, unit: '', note: `${updateBytes.toLocaleString('en-US')} B as separate updates` });
  ctx.metric({ name: 'raw apply (median)', value: rawApplyMs, unit: 'ms', note: cpu(rawCpu) });
  ctx.metric({ name: 'raw apply + update listener (median)', value: listenerApplyMs, unit: 'ms', note: cpu(listenerCpu) });
  ctx.metric({ name: 'store apply, until durable (median)', value: storeApplyMs, unit: 'ms', note: cpu(storeCpu) });
  ctx.metric({
    name: 'apply ratio store/raw',
    value: storeApplyMs / rawApplyMs,
    unit: 'x',
    target: { op: '<=', value: TARGET_APPLY_RATIO },
    note: `cpu ${(storeCpu / rawCpu).toFixed(2)}×`,
  });
  ctx.metric({
    name: 'apply ratio (raw + listener)/raw',
    value: listenerApplyMs / rawApplyMs,
    unit: 'x',
    note: `cpu ${(listenerCpu / rawCpu).toFixed(2)}×; Yjs encoding each update`,
  });
  ctx.metric({
    name: 'apply ratio store/(raw + listener)',
    value: storeApplyMs / listenerApplyMs,
    unit: 'x',
    note: `cpu ${(storeCpu / listenerCpu).toFixed(2)}×; the store's own cost`,
  });
  ctx.metric({ name: 'records left after apply', value: left.recordsSinceSnapshot, unit: '', note: `snapshot ${left.snapshotBytes} B + ${left.bytesSinceSnapshot} B` });
  ctx.metric({ name: 'unload (destroy: final fold)', value: unloadMs, unit: 'ms', note: 'not in apply or load' });
  ctx.metric({ name: 'raw encode (encodeStateAsUpdate)', value: encode.ms, unit: 'ms' });
  ctx.metric({ name: 'raw load (median)', value: rawLoad, unit: 'ms', note: cpu(loads.raw.cpuMs) });
  ctx.metric({ name: 'store load (median, read + apply)', value: storeLoad, unit: 'ms', note: cpu(loads.store.cpuMs) });
  ctx.metric({
    name: 'load ratio store/raw',
    value: storeLoad / rawLoad,
    unit: 'x',
    target: { op: '<=', value: TARGET_LOAD_RATIO },
    note: `cpu ${(loads.store.cpuMs / loads.raw.cpuMs).toFixed(2)}×`,
  });
  ctx.metric({ name: 'store reopen (not in load)', value: reopen.ms, unit: 'ms', note: 'LevelDB open + log replay' });
  ctx.metric({ name: 'encoded state', value: encoded.length, unit: 'B', note: 'Y.encodeStateAsUpdate, V1' });
  ctx.metric({ name: 'disk after close', value: diskAfterClose, unit: 'B' });
  ctx.metric({ name: 'disk after reopen', value: diskAfterReopen, unit: 'B', note: 'log replayed into a table' });
  ctx.metric({ name: 'disk/encoded after reopen', value: diskAfterReopen / encoded.length, unit: 'x' });
  ctx.metric({ name: 'disk after LevelDB compactRange', value: diskAfterLevelCompaction, unit: 'B' });
  ctx.metric({ name: 'disk/encoded after compactRange', value: diskAfterLevelCompaction / encoded.length, unit: 'x' });
  ctx.metric({ name: 'final text equals endContent', value: 1, unit: '', note: 'raw, store and reload checked' });
}

export default defineBench({
  name: 'store-trace',
  description: `${TRACE} trace through PersistedDoc + LevelDocStore vs raw Yjs (gc ${GC ? 'on' : 'off'})`,
  run,
});
