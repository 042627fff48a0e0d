/**
 * `<data>/serve.json`: where a running `serve` on this data directory can be reached (its port and
 * process id), so the CLI can ask it to do what needs the running host — make an invite code, join
 * a workspace and sync it at once — instead of opening the store, which the serve holds locked.
 * The token to authenticate with is in `<data>/serve-token` (session-token.ts). Removed on a clean
 * stop; a record left by a crash names a dead process or a closed port, and is ignored.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger } from '../../../shared/log';
import { isWellFormedToken } from './guards';
import { TOKEN_FILE } from './session-token';

const log = createLogger('serve');
export const SERVE_RECORD_FILE = 'serve.json';
const MAX_PORT = 65_535;

export interface ServeRecord {
  readonly pid: number;
  readonly port: number;
}

export async function writeServeRecord(dataDir: string, record: ServeRecord): Promise<void> {
  const path = join(dataDir, SERVE_RECORD_FILE);
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  await rename(tmp, path);
}

export async function removeServeRecord(dataDir: string, pid = process.pid): Promise<void> {
  const found = await readServeRecordFile(dataDir);
  if (found?.pid === pid) await rm(join(dataDir, SERVE_RECORD_FILE), { force: true });
}

async function readServeRecordFile(dataDir: string): Promise<ServeRecord | null> {
  try {
    const value = JSON.parse(await readFile(join(dataDir, SERVE_RECORD_FILE), 'utf8')) as Record<string, unknown>;
    const { pid, port } = value;
    if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return null;
    if (typeof port !== 'number' || !Number.isInteger(port) || port <= 0 || port > MAX_PORT) return null;
    return { pid, port };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.debug(`cannot read ${SERVE_RECORD_FILE}`, error);
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, but not ours to signal
  }
}

/** The running serve of this data directory and its token, or null if none runs. */
export async function findRunningServe(dataDir: string): Promise<(ServeRecord & { token: string }) | null> {
  const record = await readServeRecordFile(dataDir);
  if (!record || !isAlive(record.pid)) return null;
  const token = await readFile(join(dataDir, TOKEN_FILE), 'utf8').then(
    (text) => text.trim(),
    () => null,
  );
  return isWellFormedToken(token) ? { ...record, token } : null;
}
