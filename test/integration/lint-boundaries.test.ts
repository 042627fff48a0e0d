/**
 * The runtime boundaries (ARCHITECTURE.md §2) are enforced by eslint.config.js. A guard needs a
 * test for what it accepts and for what it rejects: lint snippets as if they sat in each folder.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('runtime boundaries', () => {
  it.each([
    ['shared/x.ts', "import * as Y from 'yjs';"],
    ['shared/model/x.ts', "import { deriveRoomKeys } from '../crypto/room-keys';"],
    ['renderer/src/x.ts', "import { contract } from '../../shared/bridge/contract';"],
    ['electron/host/x.ts', "import { readFile } from 'node:fs/promises';"],
    ['electron/main.ts', "import { app } from 'electron';"],
    ['electron/ipc/x.ts', "import { ipcMain } from 'electron';"],
  ])('accepts %s: %s', async (file, code) => {
    expect(await restricted(file, code)).toEqual([]);
  });

  it.each([
    ['shared/x.ts', "import { readFile } from 'node:fs/promises';"],
    ['shared/x.ts', "import { createHash } from 'crypto';"],
    ['shared/x.ts', "import React from 'react';"],
    ['shared/x.ts', "import { Host } from '../electron/host/host';"],
    ['shared/x.ts', "import { bridge } from '../renderer/src/bridge';"],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';"],
    ['renderer/src/x.ts', "import { join } from 'path';"],
    ['renderer/src/x.ts', "import { Host } from '../../electron/host/host';"],
    ['electron/host/x.ts', "import { app } from 'electron';"],
    ['electron/host/x.ts', "import { bridge } from '../../renderer/src/bridge';"],
    ['electron/main.ts', "import { bridge } from '../renderer/src/bridge';"],
  ])('rejects %s: %s', async (file, code) => {
    expect(await restricted(file, code)).not.toEqual([]);
  });
});
