import { describe, expect, it } from 'vitest';
import { planVault, type PlanNode } from './vault-plan';

const shape = (nodes: readonly PlanNode[]): unknown[] =>
  nodes.map((n) => (n.children.length > 0 ? [n.title, n.notePath, shape(n.children)] : [n.title, n.notePath]));

describe('planVault', () => {
  it('makes folders pages, folders first, names case-insensitively ordered', () => {
    const plan = planVault(['b.md', 'A.md', 'z/n.md', 'Y/m.md', 'Y/deep/k.md']);
    expect(shape(plan.roots)).toEqual([
      ['Y', null, [['deep', null, [['k', 'Y/deep/k.md']]], ['m', 'Y/m.md']]],
      ['z', null, [['n', 'z/n.md']]],
      ['A', 'A.md'],
      ['b', 'b.md'],
    ]);
    expect(plan.ordered.map((n) => n.key)).toEqual(['Y/', 'Y/deep/', 'Y/deep/k.md', 'Y/m.md', 'z/', 'z/n.md', 'A.md', 'b.md']);
  });

  it('takes a folder note from inside the folder, else from beside it', () => {
    const plan = planVault(['Guide/Guide.md', 'Guide/Step.md', 'Topics.md', 'Topics/One.md', 'Other.md']);
    expect(shape(plan.roots)).toEqual([
      ['Guide', 'Guide/Guide.md', [['Step', 'Guide/Step.md']]],
      ['Topics', 'Topics.md', [['One', 'Topics/One.md']]],
      ['Other', 'Other.md'],
    ]);
    const topics = plan.byKey.get('Topics/');
    expect(topics?.altKeys).toEqual(['Topics.md']);
    expect(plan.byNote.get('Topics.md')?.key).toBe('Topics/');
  });

  it('prefers the inside note when both exist; the beside one stays a note', () => {
    const plan = planVault(['F.md', 'F/F.md', 'F/x.md']);
    expect(shape(plan.roots)).toEqual([['F', 'F/F.md', [['x', 'F/x.md']]], ['F', 'F.md']]);
  });

  it('uses a frontmatter title when given', () => {
    const plan = planVault(['a/a.md', 'a/C- notes.md'], (path) => (path === 'a/C- notes.md' ? 'C# notes' : path === 'a/a.md' ? 'Alpha' : null));
    expect(shape(plan.roots)).toEqual([['Alpha', 'a/a.md', [['C# notes', 'a/C- notes.md']]]]);
  });

  it('handles an empty folder list', () => {
    expect(planVault([]).roots).toEqual([]);
  });
});
