/**
 * The session token is kept in the data directory (readable by its owner only), so a tab left
 * open reconnects after `serve` restarts on the same port. Whoever can read the data directory
 * can read every workspace anyway; `--new-token` makes a fresh one.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger } from '../../../shared/log';
import { isWellFormedToken, newSessionToken } from './guards';

const log = createLogger('serve');
export const TOKEN_FILE = 'serve-token';
const OWNER_ONLY = 0o600;

export async function loadOrCreateToken(dataDir: string, options: { rotate: boolean }): Promise<string> {
  const path = join(dataDir, TOKEN_FILE);
  if (!options.rotate) {
    const stored = await readFile(path, 'utf8').then(
      (text) => text.trim(),
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') log.warn(`cannot read ${path}; making a new token`, error);
        return null;
      },
    );
    if (isWellFormedToken(stored)) return stored;
    if (stored !== null) log.warn(`${path} holds no valid token; making a new one`);
  }
  const token = newSessionToken();
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, `${token}\n`, { mode: OWNER_ONLY });
  await rename(tmp, path);
  return token;
}
