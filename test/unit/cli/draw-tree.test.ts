import { describe, expect, it } from 'vitest';

import { drawTree } from '../../../src/cli/actions/lineage.js';

describe('drawTree', () => {
  it('draws branches, last-child corners and continuing vertical lines', () => {
    const text = drawTree([
      { depth: 0, text: 'root' },
      { depth: 1, text: 'a' },
      { depth: 2, text: 'a1' },
      { depth: 2, text: 'a2' },
      { depth: 1, text: 'b' },
      { depth: 2, text: 'b1' },
    ]);
    expect(text).toBe(['root', '├─ a', '│  ├─ a1', '│  └─ a2', '└─ b', '   └─ b1', ''].join('\n'));
  });

  it('prints a lone root as one line', () => {
    expect(drawTree([{ depth: 0, text: 'x' }])).toBe('x\n');
  });
});
