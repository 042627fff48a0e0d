import { describe, expect, it } from 'vitest';
import { CommonplaceError } from '../errors';
import { MAX_IMPORT_BATCH_BYTES, MAX_IMPORT_BATCH_FILES, MAX_IMPORT_FILE_BYTES } from './transfer';
import { parseArgs } from './validate';

const WS = '0123456789abcdef0123456789abcdef';
const PAGE = 'fedcba9876543210fedcba9876543210';
const OP = 'c1a0e8f2-1b3c-4d5e-9f00-112233445566';
const file = (path: string, size = 3) => ({ path, bytes: new Uint8Array(size) });
const batch = (files: unknown[], done = false) => ({ workspaceId: WS, operationId: OP, files, done });

/** parseArgs's verdict as a string: 'ok' or the error message. */
function verdict(method: string, args: unknown): string {
  try {
    parseArgs('transfer', method, args);
    return 'ok';
  } catch (error) {
    expect(error).toBeInstanceOf(CommonplaceError);
    expect((error as CommonplaceError).code).toBe('invalid-argument');
    return (error as Error).message;
  }
}

describe('transfer arguments', () => {
  it.each([
    ['importFolder', { workspaceId: WS, operationId: OP }],
    ['exportWorkspace', { workspaceId: WS, operationId: 'abcdefgh' }],
    ['exportPage', { workspaceId: WS, pageId: PAGE, format: 'md' }],
    ['exportPage', { workspaceId: WS, pageId: PAGE, format: 'html' }],
    ['importFiles', batch([file('vault/a.md'), file('vault/img/b.png')])],
    ['importFiles', batch([], true)],
    ['importFiles', batch(Array.from({ length: MAX_IMPORT_BATCH_FILES }, (_, i) => file(`vault/${i}.md`, 1)))],
    ['importFiles', batch([file('vault/big.png', MAX_IMPORT_FILE_BYTES)])],
  ])('accepts %s(%#)', (method, args) => {
    expect(verdict(method, args)).toBe('ok');
  });

  it.each([
    ['importFolder', { workspaceId: WS }, 'operation'],
    ['importFolder', { workspaceId: WS, operationId: 'short' }, 'operation id'],
    ['importFolder', { workspaceId: WS, operationId: '../../../etc' }, 'operation id'],
    ['importFolder', { workspaceId: WS, operationId: OP, path: '/home' }, 'path'],
    ['exportWorkspace', { workspaceId: WS, operationId: OP, dir: '/tmp/x' }, 'dir'],
    ['exportPage', { workspaceId: WS, pageId: PAGE, format: 'pdf' }, 'format'],
    ['exportPage', { workspaceId: WS, pageId: '../x', format: 'md' }, 'page id'],
    ['importFiles', batch([file('/etc/passwd')]), 'relative'],
    ['importFiles', batch([file('vault/../../x.md')]), '..'],
    ['importFiles', batch([file('vault\\..\\x.md')]), 'backslash'],
    ['importFiles', batch([file('C:/x.md')]), 'drive'],
    ['importFiles', batch([{ path: 'vault/a.md', bytes: [1, 2, 3] }]), 'bytes'],
    ['importFiles', batch([{ path: 'vault/a.md', bytes: new Uint8Array(1), mode: 0o777 }]), 'mode'],
    ['importFiles', batch([file('vault/big.png', MAX_IMPORT_FILE_BYTES + 1)]), 'bytes'],
    ['importFiles', batch([file('vault/a.png', MAX_IMPORT_BATCH_BYTES / 2 + 1), file('vault/b.png', MAX_IMPORT_BATCH_BYTES / 2)]), 'batch'],
    ['importFiles', batch(Array.from({ length: MAX_IMPORT_BATCH_FILES + 1 }, (_, i) => file(`vault/${i}.md`, 1))), 'files'],
    ['importFiles', { workspaceId: WS, operationId: OP, files: [] }, 'done'],
  ])('rejects %s(%#)', (method, args, hint) => {
    expect(verdict(method, args).toLowerCase()).toContain(hint.toLowerCase());
  });
});
