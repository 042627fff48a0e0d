/**
 * `cli export` while a `serve` peer has the same data directory open and is writing to it: the
 * export never fails on LevelDB's lock (it reads a consistent snapshot), never disturbs the
 * running host, and never corrupts the store. `cli import` in the same situation refuses with
 * exit code 3 and touches nothing.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CallOutcome } from '../../shared/bridge/validate';
import { WS_PATH, decodeServerFrame, encodeFrame } from '../../shared/bridge/ws-protocol';
import type { PageId, WorkspaceId } from '../../shared/ids';
import { listPages } from '../../shared/model';
import type { ExportReport, ImportReport } from '../../shared/transfer/report';
import { EXIT_BUSY } from '../../electron/host/transfer/cli-run';
import { png, writeVault } from '../../electron/host/transfer/test-support';
import { loadOrCreateIdentity } from '../../electron/host/workspace/identity';
import { WorkspaceService } from '../../electron/host/workspace/workspace-service';
import { assertBuilt, makeTempDir, removeDir, startServe, type ServeProcess } from '../e2e/harness';
import { runCli } from './fixtures/cli';

const NOTES = 40;
const NAME = 'Field notes';
let dataDir: string;
let workspaceId: WorkspaceId;
/** Pages to duplicate over the bridge while the export runs. */
let pageIds: PageId[] = [];
let serve: ServeProcess | undefined;
let socket: WebSocket | undefined;

/** A minimal bridge client over serve's WebSocket. */
function connect(server: ServeProcess): Promise<{ call(area: string, method: string, args: unknown): Promise<CallOutcome> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}${WS_PATH}?token=${server.token}`);
  socket = ws;
  const waiting = new Map<number, (outcome: CallOutcome) => void>();
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) return;
    const verdict = decodeServerFrame(data.toString('utf8'));
    if (verdict.ok && verdict.value.t === 'result') waiting.get(verdict.value.id)?.(verdict.value.outcome);
  });
  let next = 1;
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        call: (area, method, args) =>
          new Promise((done) => {
            const id = next++;
            waiting.set(id, done);
            ws.send(encodeFrame({ t: 'call', id, area, method, args }));
          }),
      }),
    );
  });
}

beforeAll(async () => {
  assertBuilt(); // serve runs from dist/: `npm run build` first
  dataDir = await makeTempDir('commonplace-cli-locked-');
  const files: Record<string, string | Uint8Array> = { 'images/p.png': png(3) };
  for (let i = 0; i < NOTES; i++) files[`Notes/Note ${i}.md`] = `# Note ${i}\n\nLinks to [[Note ${(i + 1) % NOTES}]].\n\n![p](../images/p.png)\n`;
  const imported = await runCli(['import', await writeVault(files, NAME), '--data', dataDir, '--json']);
  expect(imported.code, imported.stderr).toBe(0);
  workspaceId = imported.json<ImportReport>().workspaceId;
  // Before serve starts, while the store is free: the ids of a few pages.
  const { identity } = await loadOrCreateIdentity(dataDir);
  const workspaces = new WorkspaceService(dataDir, identity);
  try {
    pageIds = listPages((await workspaces.get(workspaceId)).root.doc)
      .filter((page) => page.title.startsWith('Note '))
      .slice(0, 5)
      .map((page) => page.id);
  } finally {
    await workspaces.close();
  }
}, 120_000);

afterAll(async () => {
  socket?.terminate();
  if (serve) expect(await serve.stop()).toBe(0);
  await removeDir(dataDir);
});

describe('the CLI beside a running serve', () => {
  it('exports from a snapshot while serve holds the store and writes to it', { timeout: 180_000 }, async () => {
    serve = await startServe({ dataDir });
    const bridge = await connect(serve);
    // serve opens the workspace (and locks its store) on first use; then it keeps writing while we export.
    const first = await bridge.call('pages', 'duplicate', { workspaceId, pageId: pageIds[0] });
    expect(first.ok).toBe(true);
    let writes = 1;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const outcome = await bridge.call('pages', 'duplicate', { workspaceId, pageId: pageIds[writes % pageIds.length] });
        if (!outcome.ok) throw new Error(outcome.error.message);
        writes += 1;
      }
    })();

    const out = join(dataDir, 'backup');
    const exported = await runCli(['export', out, '--data', dataDir, '--workspace', NAME, '--json']);
    writing = false;
    await writer;
    expect(exported.code, exported.stderr).toBe(0);
    const report = exported.json<ExportReport & { snapshot: boolean }>();
    console.log('export beside serve', JSON.stringify({ notes: report.notes, attachments: report.attachments, snapshot: report.snapshot, duplicatesWrittenMeanwhile: writes, ms: exported.ms }));
    expect(report.snapshot).toBe(true);
    expect(report.notes).toBeGreaterThanOrEqual(NOTES + 2); // the notes, their folder, the welcome page
    expect(report.attachments).toBe(1);
    expect(await readFile(join(out, 'Notes', 'Note 7.md'), 'utf8')).toContain('[[Note 8]]');
    expect((await readdir(join(out, 'Notes'))).length).toBeGreaterThanOrEqual(NOTES + 1);

    // serve is unharmed: it still answers and writes.
    const after = await bridge.call('pages', 'duplicate', { workspaceId, pageId: pageIds[0] });
    expect(after.ok).toBe(true);

    // Import needs the lock: refused, with a message, exit code 3.
    const refused = await runCli(['import', out, '--data', dataDir, '--workspace', NAME, '--json']);
    expect(refused.code).toBe(EXIT_BUSY);
    expect(refused.stderr).toContain('in use');
  });

  it('leaves a store that opens with everything serve wrote', { timeout: 60_000 }, async () => {
    expect(await serve?.stop()).toBe(0);
    serve = undefined;
    const { identity } = await loadOrCreateIdentity(dataDir);
    const workspaces = new WorkspaceService(dataDir, identity);
    try {
      const workspace = await workspaces.get(workspaceId);
      expect(listPages(workspace.root.doc).length).toBeGreaterThan(NOTES + 2); // the duplicates too
    } finally {
      await workspaces.close();
    }
  });
});
