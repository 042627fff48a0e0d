/**
 * Crash loop: a child process appends "item-N;" through PersistedDoc + LevelDocStore and prints
 * `saved N` once N is durable; we SIGKILL it at a random moment, reopen the store and check
 * that it opens, reports no problem, and holds every N ever reported saved. 50 times on the
 * same directory, each run continuing the numbering, with compaction forced to run often.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newPageId } from '../../shared/ids';
import { applyLoaded } from '../../electron/host/store/doc-store';
import { LevelDocStore } from '../../electron/host/store/level-doc-store';

const RUNS = 50;
const KILL_DELAY_MS = { min: 50, max: 600 };
/** Small, so that compaction runs many times per run and kills land inside it too. */
const COMPACT_AFTER_BYTES = 4096;
const FIRST_SAVE_TIMEOUT_MS = 15_000;

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const writer = fileURLToPath(new URL('./fixtures/store-crash/writer.ts', import.meta.url));

interface RunResult {
  saved: number[];
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Starts the writer, kills it KILL_DELAY_MS after its first save, returns what it reported. */
function crashRun(dir: string, docId: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir, docId], {
      cwd: repoRoot,
      env: { ...process.env, STORE_CRASH_COMPACT_BYTES: String(COMPACT_AFTER_BYTES) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const saved: number[] = [];
    let stdout = '';
    let stderr = '';
    let killTimer: NodeJS.Timeout | undefined;
    const giveUp = setTimeout(() => child.kill('SIGKILL'), FIRST_SAVE_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const lines = stdout.split('\n');
      stdout = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^saved (\d+)$/.exec(line);
        if (!match) continue;
        saved.push(Number(match[1]));
        if (!killTimer) {
          clearTimeout(giveUp);
          const delay = KILL_DELAY_MS.min + Math.random() * (KILL_DELAY_MS.max - KILL_DELAY_MS.min);
          killTimer = setTimeout(() => child.kill('SIGKILL'), delay);
        }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(giveUp);
      clearTimeout(killTimer);
      // A line cut by the kill is not a report: only complete lines count.
      resolve({ saved, signal, stderr });
    });
  });
}

describe('LevelDocStore under kill -9', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'commonplace-crash-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // About 35-50 s on an idle 2-core machine; the timeout leaves room for a busy one.
  it(`keeps everything reported saved across ${RUNS} kills`, { timeout: 240_000 }, async () => {
    const docId = newPageId();
    let reportedMax = 0;
    let sawSnapshot = false;
    for (let run = 1; run <= RUNS; run++) {
      const result = await crashRun(dir, docId);
      expect(result.signal, `run ${run} should die by SIGKILL; stderr:\n${result.stderr}`).toBe('SIGKILL');
      expect(result.saved.length, `run ${run} saved nothing; stderr:\n${result.stderr}`).toBeGreaterThan(0);
      reportedMax = Math.max(reportedMax, ...result.saved);

      const store = await LevelDocStore.open(dir); // must open after any kill
      try {
        const loaded = await store.load(docId);
        expect(loaded.problems, `run ${run}`).toEqual([]);
        const doc = new Y.Doc({ gc: false });
        applyLoaded(doc, loaded, null);
        const items = [...doc.getText('t').toString().matchAll(/item-(\d+);/g)].map((m) => Number(m[1]));
        // Appends are durable in order, so the text is exactly item-1 .. item-K, no gap, no repeat,
        // and K covers every number ever reported saved.
        expect(items.length, `run ${run}`).toBeGreaterThanOrEqual(reportedMax);
        expect(items.every((n, i) => n === i + 1), `run ${run}: items out of sequence`).toBe(true);
        sawSnapshot ||= store.stats(docId).snapshotBytes > 0;
      } finally {
        await store.close();
      }
    }
    expect(sawSnapshot, 'compaction should have run').toBe(true);
  });
});
