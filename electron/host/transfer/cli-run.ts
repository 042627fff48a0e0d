/**
 * `npm run cli -- import|export …`: the import and export services without the UI, for scripts
 * and backups. Opens a Host on the data directory directly.
 *
 * While another process (the desktop app, a `serve` peer) has a workspace open, its LevelDB store
 * is locked. Export then reads a consistent snapshot of it (store-snapshot.ts explains why the
 * copy is consistent) and never touches the original; import refuses (exit code 3) with a
 * message saying to import from the running app, because writing needs the lock.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { WorkspaceInfo } from '../../../shared/bridge/contract';
import { CommonplaceError } from '../../../shared/errors';
import { Host } from '../host';
import { AttachmentStore } from '../attachments/attachment-store';
import { defaultDataDir } from '../serve/data-dir';
import { LevelDocStore } from '../store/level-doc-store';
import { CLI_USAGE, parseCliArgs, type CliArgs } from './cli-args';
import { ExportService } from './export-service';
import { storeSource, workspaceSource, type Me } from './export-source';
import { ImportService } from './import-service';
import { snapshotLevelDir } from './store-snapshot';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** The data directory is in use by another process and the command needs to write. */
export const EXIT_BUSY = 3;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** LevelDocStore.open's refusal of a store another process holds (classic-level's LEVEL_LOCKED). */
function isLocked(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === 'LEVEL_LOCKED') return true;
  }
  return error instanceof CommonplaceError && error.code === 'conflict' && error.message.startsWith('cannot open the doc store');
}

function findWorkspace(list: readonly WorkspaceInfo[], wanted: string): WorkspaceInfo | undefined {
  return list.find((w) => w.id === wanted) ?? list.find((w) => w.name === wanted) ?? list.find((w) => w.name.toLowerCase() === wanted.toLowerCase());
}

export async function runCli(argv: readonly string[], io: CliIo, version = '0.0.0'): Promise<number> {
  const verdict = parseCliArgs(argv);
  if (!verdict.ok) {
    io.err(`cli: ${verdict.message}\n\n${CLI_USAGE}`);
    return EXIT_USAGE;
  }
  const args = verdict.args;
  if (args.command === 'help') {
    io.out(CLI_USAGE);
    return EXIT_OK;
  }
  const dataDir = resolve(args.dataDir ?? defaultDataDir({ platform: process.platform, env: process.env, homedir: homedir() }));
  const host = await Host.open({ dataDir, mode: 'desktop', version });
  try {
    const result = args.command === 'import' ? await runImport(host, args) : await runExport(host, dataDir, args);
    io.out(args.json ? JSON.stringify(result, null, 2) : summary(args.command, result));
    return EXIT_OK;
  } catch (error) {
    const failure = CommonplaceError.from(error);
    const busy = args.command === 'import' && isLocked(failure);
    const message = busy
      ? `the data directory ${dataDir} is in use by the desktop app or a serve peer; import from the app, or stop it and run this again`
      : failure.message;
    if (args.json) io.out(JSON.stringify({ error: { code: failure.code, message } }, null, 2));
    io.err(`cli: ${message}`);
    return busy ? EXIT_BUSY : EXIT_FAILURE;
  } finally {
    await host.close();
  }
}

async function runImport(host: Host, args: CliArgs) {
  const folder = resolve(args.path);
  const name = args.workspace ?? basename(folder);
  const info = findWorkspace(await host.workspaces.list(), name) ?? (await host.workspaces.create(name));
  const workspace = await host.workspaces.get(info.id);
  await host.members.requireRole(info.id, 'importMarkdown'); // as from the app: peers would refuse what our role may not write
  return new ImportService({ by: host.identity.id }).importFolder(workspace, folder);
}

async function runExport(host: Host, dataDir: string, args: CliArgs) {
  const list = await host.workspaces.list();
  const info = args.workspace !== undefined ? findWorkspace(list, args.workspace) : list.length === 1 ? list[0] : undefined;
  if (info === undefined) {
    const names = list.map((w) => JSON.stringify(w.name)).join(', ') || 'none';
    throw new CommonplaceError('not-found', `${args.workspace === undefined ? 'name a workspace with --workspace' : `no workspace ${JSON.stringify(args.workspace)}`} (workspaces: ${names})`);
  }
  const outDir = resolve(args.path);
  const me: Me = { id: host.identity.id, name: host.identity.name };
  const exporter = new ExportService();
  try {
    const workspace = await host.workspaces.get(info.id);
    return { ...(await exporter.exportWorkspace(workspaceSource(workspace, me), outDir)), snapshot: false };
  } catch (error) {
    if (!isLocked(error)) throw error;
  }
  // Held open elsewhere: export from a snapshot. The paths are WorkspaceService's layout.
  const dir = join(dataDir, 'workspaces', info.id);
  const scratch = await mkdtemp(join(tmpdir(), 'commonplace-snapshot-'));
  try {
    await snapshotLevelDir(join(dir, 'store'), join(scratch, 'store'));
    const store = await LevelDocStore.open(join(scratch, 'store'));
    try {
      const source = await storeSource(store, info.id, new AttachmentStore(join(dir, 'attachments')), me);
      return { ...(await exporter.exportWorkspace(source, outDir)), snapshot: true };
    } finally {
      await store.close();
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function summary(command: CliArgs['command'], result: object): string {
  const r = result as Record<string, unknown>;
  if (command === 'import') {
    return [
      `Imported ${String(r.notes)} notes (${String(r.created)} new, ${String(r.updated)} updated, ${String(r.unchanged)} unchanged) from ${String(r.source)}.`,
      `Links: ${String(r.linksResolved)} of ${String(r.linksFound)} resolved. Images: ${String(r.imagesAttached)} attached, ${String(r.imagesMissing)} missing.`,
      `${(r.warnings as unknown[]).length} warnings. Use --json for the full report.`,
    ].join('\n');
  }
  return `Exported ${String(r.notes)} notes and ${String(r.attachments)} attachments to ${String(r.dir)}${r.snapshot ? ' (from a snapshot: the workspace is open elsewhere)' : ''}.`;
}
