import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newPageId } from '../../../shared/ids';
import { appendBlocks } from '../../../shared/model/blocks';
import { PAGE_CONTENT } from '../../../shared/model';
import { MemoryDocStore } from '../store/memory-doc-store';
import { readStoredPage, versionOf } from './page-source';

const PAGE = newPageId();

describe('readStoredPage', () => {
  it('reads the text of a stored page, with the version of its records', async () => {
    const store = new MemoryDocStore();
    const doc = new Y.Doc();
    appendBlocks(doc.getXmlFragment(PAGE_CONTENT), [{ type: 'paragraph', text: 'field notes' }]);
    await store.append(PAGE, Y.encodeStateAsUpdate(doc));
    const text = await readStoredPage(store, PAGE);
    expect(text?.body).toContain('field notes');
    expect(text?.version).toBe(versionOf(await store.load(PAGE)));
    expect(await readStoredPage(store, PAGE, text?.version ?? null)).toBeNull(); // unchanged: not read again
  });

  it('answers a page with nothing stored with no text', async () => {
    const store = new MemoryDocStore();
    const text = await readStoredPage(store, PAGE);
    expect(text).toEqual({ body: '', version: versionOf(await store.load(PAGE)) });
    expect(await readStoredPage(store, PAGE, text?.version ?? null)).toBeNull();
  });
});
