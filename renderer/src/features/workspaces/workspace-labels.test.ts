import { describe, expect, it } from 'vitest';
import type { WorkspaceInfo } from '../../../../shared/bridge/contract';
import type { WorkspaceId } from '../../../../shared/ids';
import { workspaceDetails } from './workspace-labels';

const ws = (id: string, name: string, createdAt: string): WorkspaceInfo => ({ id: id.padEnd(32, '0') as WorkspaceId, name, createdAt: Date.parse(createdAt) });
const NOW = Date.parse('2026-11-29T12:00:00Z');

describe('workspaceDetails', () => {
  it('adds nothing to a workspace whose name no other shares', () => {
    const list = [ws('a1', 'Field station', '2026-11-01T10:00:00Z'), ws('b2', 'Reading group', '2026-11-01T10:00:00Z')];
    expect(workspaceDetails(list, 'en-GB', NOW).size).toBe(0);
  });

  it('tells apart workspaces that share a name by the day they were created', () => {
    const list = [ws('a1', 'My community', '2025-11-01T10:00:00Z'), ws('b2', 'My community', '2026-11-28T10:00:00Z'), ws('c3', 'Other', '2026-11-28T10:00:00Z')];
    const details = workspaceDetails(list, 'en-GB', NOW);
    expect(details.get(list[0]!.id)).toBe('created 1 Nov 2025');
    expect(details.get(list[1]!.id)).toBe('created 28 Nov');
    expect(details.has(list[2]!.id)).toBe(false);
  });

  it('adds the first characters of the id when they were also created the same day', () => {
    const list = [ws('a1b2c3', 'My community', '2026-11-28T09:00:00Z'), ws('d4e5f6', 'My community', '2026-11-28T11:00:00Z')];
    const details = workspaceDetails(list, 'en-GB', NOW);
    expect(details.get(list[0]!.id)).toBe('created 28 Nov · a1b2c3');
    expect(details.get(list[1]!.id)).toBe('created 28 Nov · d4e5f6');
  });
});
