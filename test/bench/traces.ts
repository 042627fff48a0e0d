/**
 * Real editing traces (josephg/editing-traces, see shared/data/traces/README.md, which sits
 * next to the repository: `<repo>/../shared/data/traces/`), and their replay as Yjs updates.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import * as Y from 'yjs';

export type TraceName = 'automerge-paper' | 'seph-blog1';

/** [position, deleted count, inserted text], with Array.prototype.splice semantics. */
export type Patch = readonly [number, number, string];

export interface SequentialTrace {
  readonly endContent: string;
  readonly txns: ReadonlyArray<{ readonly patches: readonly Patch[] }>;
}

const tracesDir = fileURLToPath(new URL('../../../shared/data/traces/', import.meta.url));

export async function loadTrace(name: TraceName): Promise<SequentialTrace> {
  const gz = await readFile(`${tracesDir}${name}.json.gz`);
  return JSON.parse(gunzipSync(gz).toString('utf8')) as SequentialTrace;
}

/** The Y.Text every trace replay writes to. */
export const TRACE_TEXT = 'text';

/**
 * Replays the trace on a source doc, one transaction per trace transaction, and returns the
 * update each one emitted, as a peer or the renderer would send them to the host.
 */
export function traceUpdates(trace: SequentialTrace, options: { gc: boolean }): Uint8Array[] {
  const doc = new Y.Doc({ gc: options.gc });
  const text = doc.getText(TRACE_TEXT);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (const { patches } of trace.txns) {
    doc.transact(() => {
      for (const [pos, del, ins] of patches) {
        if (del > 0) text.delete(pos, del);
        if (ins.length > 0) text.insert(pos, ins);
      }
    });
  }
  if (text.toString() !== trace.endContent) throw new Error('trace replay does not reach endContent');
  doc.destroy();
  return updates;
}
