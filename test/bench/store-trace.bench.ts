/**
 * The automerge-paper trace (259,778 single-character edits, each its own update) through
 * the host's store, against raw Yjs as the floor, in the same run:
 * - apply: raw = Y.applyUpdate of every update to a fresh doc; store = the same into a doc
 *   bound by PersistedDoc to a LevelDocStore, until the last update is durable (whenSaved).
 *   A second floor, "raw + update listener", applies with a no-op 'update' listener: Yjs only
 *   encodes each transaction's update when someone listens, so every persistence or sync
 *   provider pays that, and the host's sync pays it anyway.
 * - load: raw = apply Y.encodeStateAsUpdate of the final doc to a fresh doc; store = a new
 *   store instance on the same directory, PersistedDoc.open (store read + apply).
 * Both sides yield to the event loop every YIELD_EVERY updates, as a live host does between
 * messages (so the store's group commit flushes while edits keep coming). Page docs: gc off.
 * Wall time is the figure; CPU time (whole process) is given too, as a check on a busy machine.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import * as Y from 'yjs';
import { newPageId } from '../../shared/ids';
import { LevelDocStore } from '../../electron/host/store/level-doc-store';
import { PersistedDoc } from '../../electron/host/store/persisted-doc';
import { defineBench, medianOf, timed, yieldToEventLoop, type BenchContext } from './harness';
import { loadTrace, TRACE_TEXT, traceUpdates } from './traces';

const TRACE = 'automerge-paper';
const GC = false; // page docs keep deleted content (ARCHITECTURE.md §3)
const YIELD_EVERY = 1000;
const LOAD_RUNS = 5;
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

async function run(ctx: BenchContext): Promise<void> {
  const trace = await loadTrace(TRACE);
  const updates = traceUpdates(trace, { gc: GC });
  const updateBytes = updates.reduce((sum, u) => sum + u.length, 0);
  ctx.log(`${updates.length} updates, ${updateBytes} bytes; raw apply…`);

  // (a) raw Yjs: the floors.
  const raw = new Y.Doc({ gc: GC });
  const rawApply = await timed(() => applyAll(raw, updates));
  checkText(raw, trace.endContent, 'raw');
  const encode = await timed(() => Y.encodeStateAsUpdate(raw));
  const encoded = encode.value;
  const rawLoad = await medianOf(LOAD_RUNS, () => Y.applyUpdate(new Y.Doc({ gc: GC }), encoded));
  raw.destroy();
  ctx.log(`raw apply ${rawApply.ms.toFixed(0)} ms; raw + update listener…`);
  const listened = new Y.Doc({ gc: GC });
  listened.on('update', () => {});
  const listenerApply = await timed(() => applyAll(listened, updates));
  listened.destroy();
  ctx.log(`raw + listener ${listenerApply.ms.toFixed(0)} ms; store apply…`);

  // (b) through PersistedDoc + LevelDocStore.
  const dir = await ctx.tempDir();
  const docId = newPageId();
  let store = await LevelDocStore.open(dir);
  const bound = new Y.Doc({ gc: GC });
  const persisted = await PersistedDoc.open(store, docId, bound);
  const storeApply = await timed(async () => {
    await applyAll(bound, updates);
    await persisted.whenSaved();
  });
  checkText(bound, trace.endContent, 'store');
  const left = store.stats(docId);
  const unload = await timed(() => persisted.destroy()); // folds what is left into the snapshot
  bound.destroy();
  await store.close();
  const diskAfterClose = await dirBytes(dir);

  const reopen = await timed(() => LevelDocStore.open(dir)); // replays LevelDB's log
  store = reopen.value;
  const diskAfterReopen = await dirBytes(dir);
  const storeLoad = await medianOf(LOAD_RUNS, async () => {
    const doc = new Y.Doc({ gc: GC });
    await (await PersistedDoc.open(store, docId, doc)).destroy();
  });
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

  const cpu = (ms: number): string => `cpu ${Math.round(ms).toLocaleString('en-US')} ms`;
  ctx.metric({ name: 'updates', value: updates.length, unit: '', note: `${updateBytes.toLocaleString('en-US')} B as separate updates` });
  ctx.metric({ name: 'raw apply', value: rawApply.ms, unit: 'ms', note: cpu(rawApply.cpuMs) });
  ctx.metric({ name: 'raw apply + update listener', value: listenerApply.ms, unit: 'ms', note: cpu(listenerApply.cpuMs) });
  ctx.metric({ name: 'store apply (until durable)', value: storeApply.ms, unit: 'ms', note: cpu(storeApply.cpuMs) });
  ctx.metric({
    name: 'apply ratio store/raw',
    value: storeApply.ms / rawApply.ms,
    unit: 'x',
    target: { op: '<=', value: TARGET_APPLY_RATIO },
    note: `cpu ${(storeApply.cpuMs / rawApply.cpuMs).toFixed(2)}×`,
  });
  ctx.metric({
    name: 'apply ratio store/(raw + listener)',
    value: storeApply.ms / listenerApply.ms,
    unit: 'x',
    note: `cpu ${(storeApply.cpuMs / listenerApply.cpuMs).toFixed(2)}×; the store's own cost`,
  });
  ctx.metric({ name: 'records left after apply', value: left.recordsSinceSnapshot, unit: '', note: `snapshot ${left.snapshotBytes} B + ${left.bytesSinceSnapshot} B` });
  ctx.metric({ name: 'unload (destroy: final fold)', value: unload.ms, unit: 'ms', note: 'not in apply or load' });
  ctx.metric({ name: 'raw encode (encodeStateAsUpdate)', value: encode.ms, unit: 'ms' });
  ctx.metric({ name: 'raw load (median)', value: rawLoad, unit: 'ms' });
  ctx.metric({ name: 'store load (median, read + apply)', value: storeLoad, unit: 'ms' });
  ctx.metric({ name: 'load ratio store/raw', value: storeLoad / rawLoad, unit: 'x', target: { op: '<=', value: TARGET_LOAD_RATIO } });
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
