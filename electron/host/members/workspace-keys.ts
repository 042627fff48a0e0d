/**
 * Where a workspace keeps what roles need beside its docs, in its directory:
 * - the workspace key and its rotation state, in workspace.json (the record; auth-keys.ts adopts
 *   a rotated key through `recordKeyHolder`);
 * - grants this host knows but may not write into the workspace doc (a reader's own invite claim),
 *   in grants.json (`fileGrantStore`).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseGrant, type Grant } from '../../../shared/crypto/grants';
import { createLogger } from '../../../shared/log';
import type { GrantStore } from '../sync/auth';
import type { KeyHolder, KeyState } from '../sync/auth-keys';
import { writeJsonAtomic } from '../workspace/identity';
import type { WorkspaceRecord } from '../workspace/workspace-service';

const log = createLogger('members');
const WORKSPACE_FILE = 'workspace.json';
const GRANTS_FILE = 'grants.json';

/** What of an OpenWorkspace the record holder needs. */
export interface RecordOwner {
  record: WorkspaceRecord;
  recordWritten: Promise<void>;
  readonly dir: string;
}

export function recordKeyHolder(workspace: RecordOwner): KeyHolder {
  return {
    current: (): KeyState => {
      const { key, keyEpoch, keySig, previousKey } = workspace.record;
      return { key, epoch: keyEpoch ?? 0, sig: keySig ?? null, previousKey: previousKey ?? null };
    },
    adopt: async (next) => {
      workspace.record = { ...workspace.record, key: next.key, keyEpoch: next.epoch, keySig: next.sig, previousKey: next.previousKey };
      await saveRecord(workspace);
    },
  };
}

/** Records the trust anchor adopted on first use. */
export async function rememberAnchor(workspace: RecordOwner, anchor: string): Promise<void> {
  if (workspace.record.creatorId) return;
  workspace.record = { ...workspace.record, creatorId: anchor as WorkspaceRecord['creatorId'] };
  await saveRecord(workspace);
}

function saveRecord(workspace: RecordOwner): Promise<void> {
  const write = () => writeJsonAtomic(join(workspace.dir, WORKSPACE_FILE), workspace.record);
  // Chained after any write in flight (a rename), so the last record written is the latest.
  workspace.recordWritten = workspace.recordWritten.then(write, write);
  return workspace.recordWritten;
}

export function fileGrantStore(dir: string): GrantStore {
  const path = join(dir, GRANTS_FILE);
  let writing: Promise<void> = Promise.resolve();
  return {
    load: async () => {
      try {
        const value = JSON.parse(await readFile(path, 'utf8')) as unknown;
        return Array.isArray(value) ? value.map(parseGrant).filter((g): g is Grant => g !== null) : [];
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.error(`could not read ${path}`, error);
        return [];
      }
    },
    save: (grants) => {
      const write = () => writeJsonAtomic(path, grants);
      writing = writing.then(write, write);
      return writing;
    },
  };
}
