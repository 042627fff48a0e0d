/**
 * THE property of the page tree (ARCHITECTURE.md §3): whatever concurrent operations replicas
 * make while partitioned, once they have exchanged everything they compute the same tree, the
 * tree is acyclic, and it holds every page that was not deleted forever exactly once.
 *
 * Three replicas, a seeded PRNG. Each step every replica does a few random operations on its own
 * state (including moves that form cycles once merged), then a random subset of the queued
 * updates is delivered, in random order: some updates arrive before the ones they depend on, and
 * some replicas stay partitioned for several steps. Each replica's own tree is checked after
 * every step (acyclic, every page exactly once). At the end all replicas meet, move pages apart
 * once more (which closes cycles at the last merge), and everything is delivered: the three trees
 * must then serialize identically and hold exactly the pages created and never deleted forever.
 *
 * To reproduce a failure, run `runScenario(<seed>)` from the error message in its own test.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CommonplaceError } from '../errors';
import type { MemberId, PageId } from '../ids';
import { createPage, duplicatePageEntry, movePage, renamePage, setPageTags } from './pages';
import { listPages } from './schema';
import { ALICE, BOB, REMOTE_ORIGIN, TEST_ORIGIN, prng, serializeTree, syncAll, treeViolation } from './test-support';
import { deletePageForever, restorePage, trashPage } from './trash';
import { buildTree } from './tree';
import type { PageTree } from './tree';

const SEEDS = 200;
const STEPS = 30;
const REPLICAS = 3;
const MAX_OPS_PER_STEP = 3;
/** Moves each replica makes in the final partition, from the same merged state. */
const FINAL_MOVES = 3;
/** Creation stops above this many pages, so that moves among few pages often collide. */
const MAX_PAGES = 10;
/** Chance that no update at all is delivered after a step (a partition lasting a step). */
const PARTITION_CHANCE = 0.2;
/** Chance that a queued update is delivered at a given step. */
const DELIVERY_CHANCE = 0.5;
/** Clock ticks per step; replicas' clocks jitter within a step so move stamps sometimes tie. */
const TICKS_PER_STEP = 4;
const MEMBERS: readonly MemberId[] = [ALICE, BOB, 'c3'.repeat(32) as MemberId];
/** Stop after this many failing seeds; their messages make the report. */
const MAX_REPORTED_FAILURES = 5;
/** About 4 s here; the margin is for slow CI machines. */
const PROPERTY_TIMEOUT_MS = 60_000;
/** Errors the random operations may legitimately meet (a stale or invalid random choice). */
const EXPECTED_CODES = new Set(['conflict', 'not-found', 'invalid-argument']);

interface Replica {
  readonly doc: Y.Doc;
  /** Updates produced here, waiting for delivery to each other replica (index = destination). */
  readonly outbox: Uint8Array[][];
}

class ScenarioFailure extends Error {}

export function runScenario(seed: number): void {
  const rand = prng(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(items: readonly T[]): T | undefined => items[int(items.length)];
  /** Fisher–Yates, in place. */
  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = int(i + 1);
      const a = items[i];
      const b = items[j];
      if (a === undefined || b === undefined) continue;
      items[i] = b;
      items[j] = a;
    }
    return items;
  };
  const newId = () => Array.from({ length: 32 }, () => int(16).toString(16)).join('') as PageId;
  const created = new Set<PageId>();
  const deleted = new Set<PageId>();

  const replicas: Replica[] = [];
  for (let r = 0; r < REPLICAS; r++) {
    const doc = new Y.Doc();
    doc.clientID = seed * REPLICAS + r + 1; // deterministic, so a seed replays exactly
    const outbox: Uint8Array[][] = Array.from({ length: REPLICAS }, () => []);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE_ORIGIN) return;
      for (let to = 0; to < REPLICAS; to++) if (to !== r) outbox[to]?.push(update);
    });
    replicas.push({ doc, outbox });
  }

  const fail = (step: number, message: string): never => {
    throw new ScenarioFailure(`seed ${seed}, step ${step}: ${message}`);
  };

  const clock = (step: number) => step * TICKS_PER_STEP + int(TICKS_PER_STEP);
  /** Runs one random operation; a rejection is expected now and then, any other error fails. */
  const attempt = (step: number, r: number, op: () => void): void => {
    try {
      op();
    } catch (error) {
      if (!(error instanceof CommonplaceError && EXPECTED_CODES.has(error.code))) {
        fail(step, `unexpected error on replica ${r}: ${String(error)}`);
      }
    }
  };

  const randomOp = (doc: Y.Doc, tree: PageTree, by: MemberId, now: number): void => {
    const all = [...tree.byId.keys()];
    const target = () => pick(all) ?? newId(); // a missing page exercises the not-found paths
    const parent = () => (rand() < 0.2 ? null : (pick(all) ?? null));
    // Mostly a valid position; past the end now and then, to exercise the reject path.
    const index = (parentId: PageId | null) =>
      int((parentId === null ? tree.roots : (tree.byId.get(parentId)?.children ?? [])).length + 2);
    const roll = rand();
    if (roll < 0.22 && all.length < MAX_PAGES) {
      const id = newId();
      const parentId = parent();
      createPage(doc, { id, title: `t${int(100)}`, parentId, index: index(parentId), kind: 'note', by, now }, TEST_ORIGIN);
      created.add(id);
    } else if (roll < 0.52) {
      const parentId = parent();
      movePage(doc, { pageId: target(), parentId, index: index(parentId), by, now }, TEST_ORIGIN);
    } else if (roll < 0.6) {
      const pageId = target();
      const parentId = tree.byId.get(pageId)?.parent ?? null;
      movePage(doc, { pageId, parentId, index: index(parentId), by, now }, TEST_ORIGIN);
    } else if (roll < 0.7) {
      trashPage(doc, { pageId: target(), by, now }, TEST_ORIGIN);
    } else if (roll < 0.78) {
      restorePage(doc, { pageId: pick(tree.trash)?.id ?? target(), by, now }, TEST_ORIGIN);
    } else if (roll < 0.84) {
      const pageId = pick(tree.trash)?.id ?? target();
      for (const id of deletePageForever(doc, { pageId }, TEST_ORIGIN)) deleted.add(id);
    } else if (roll < 0.9 && all.length < MAX_PAGES) {
      const newIdForCopy = newId();
      duplicatePageEntry(doc, { pageId: target(), newId: newIdForCopy, by, now }, TEST_ORIGIN);
      created.add(newIdForCopy);
    } else if (roll < 0.95) {
      renamePage(doc, { pageId: target(), title: `r${int(100)}`, by, now }, TEST_ORIGIN);
    } else {
      setPageTags(doc, { pageId: target(), tags: ['a', 'b', 'c'].filter(() => rand() < 0.5), by, now }, TEST_ORIGIN);
    }
  };

  const deliver = (chance: number): void => {
    const links: [number, number][] = [];
    for (let from = 0; from < REPLICAS; from++) for (let to = 0; to < REPLICAS; to++) if (from !== to) links.push([from, to]);
    // Links in random order; on each, a random subset of the queue, in random order.
    for (const [from, to] of shuffle(links)) {
      const queue = replicas[from]?.outbox[to];
      const dest = replicas[to]?.doc;
      if (queue === undefined || dest === undefined) continue;
      const sent: Uint8Array[] = [];
      const kept: Uint8Array[] = [];
      for (const update of queue) (rand() < chance ? sent : kept).push(update);
      queue.splice(0, queue.length, ...kept);
      for (const update of shuffle(sent)) Y.applyUpdate(dest, update, REMOTE_ORIGIN);
    }
  };

  for (let step = 0; step < STEPS; step++) {
    replicas.forEach(({ doc }, r) => {
      const ops = 1 + int(MAX_OPS_PER_STEP);
      for (let k = 0; k < ops; k++) attempt(step, r, () => randomOp(doc, buildTree(doc), MEMBERS[r] ?? ALICE, clock(step)));
      const violation = treeViolation(doc, buildTree(doc));
      if (violation !== null) fail(step, `replica ${r}: ${violation}`);
    });
    if (rand() >= PARTITION_CHANCE) deliver(DELIVERY_CHANCE);
  }

  // Finally all replicas meet, then each moves pages while partitioned once more: moves made
  // from the same state on different replicas are what closes cycles at the last merge.
  deliver(1);
  replicas.forEach(({ doc }, r) => {
    for (let k = 0; k < FINAL_MOVES; k++) {
      const ids = [...buildTree(doc).byId.keys()];
      const pageId = pick(ids);
      if (pageId === undefined) return;
      const parentId = pick(ids) ?? null;
      attempt(STEPS, r, () => movePage(doc, { pageId, parentId, index: 0, by: MEMBERS[r] ?? ALICE, now: clock(STEPS) }, TEST_ORIGIN));
    }
  });
  deliver(1);
  syncAll(replicas.map((r) => r.doc));

  const expected = [...created].filter((id) => !deleted.has(id)).sort();
  const reference = serializeTree(buildTree(replicas[0]?.doc ?? new Y.Doc()));
  replicas.forEach(({ doc }, r) => {
    const tree = buildTree(doc);
    const violation = treeViolation(doc, tree);
    if (violation !== null) fail(STEPS, `replica ${r} after sync: ${violation}`);
    if (serializeTree(tree) !== reference) fail(STEPS, `replica ${r} computes a different tree than replica 0`);
    const ids = listPages(doc).map((p) => p.id).sort();
    if (JSON.stringify(ids) !== JSON.stringify(expected)) {
      fail(STEPS, `replica ${r} holds ${ids.length} pages, expected the ${expected.length} never deleted forever`);
    }
  });
  for (const { doc } of replicas) doc.destroy();
}

describe('page tree property', () => {
  it(`converges to one acyclic tree holding every live page (${SEEDS} seeds × ${STEPS} steps × ${REPLICAS} replicas)`, () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      try {
        runScenario(seed);
      } catch (error) {
        failures.push(error instanceof ScenarioFailure ? error.message : `seed ${seed}: ${String(error)}`);
        if (failures.length >= MAX_REPORTED_FAILURES) break;
      }
    }
    expect(failures).toEqual([]);
  }, PROPERTY_TIMEOUT_MS);
});
