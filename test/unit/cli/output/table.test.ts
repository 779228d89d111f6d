import { describe, expect, it } from 'vitest';

import { formatKeyValues, formatTable, visibleWidth } from '../../../../src/cli/output/table.js';

describe('formatTable', () => {
  it('pads every column to its widest cell and right-aligns numeric columns', () => {
    const text = formatTable(
      [{ header: 'NAME' }, { header: 'ROWS', align: 'right' }],
      [
        ['iris', 150],
        ['penguins', 3],
      ],
    );
    expect(text).toBe(['NAME      ROWS', 'iris       150', 'penguins     3', ''].join('\n'));
  });

  it('prints empty cells for null/undefined and flattens newlines inside a cell', () => {
    const text = formatTable([{ header: 'A' }, { header: 'B' }, { header: 'C' }], [['x', null, 'two\nlines']]);
    expect(text).toBe(['A  B  C', 'x     two lines', ''].join('\n'));
  });

  it('cuts cells longer than maxWidth with an ellipsis', () => {
    const text = formatTable([{ header: 'ID', maxWidth: 5 }], [['abcdefgh']]);
    expect(text).toBe('ID\nabcd…\n');
  });

  it('prints emptyText instead of a lone header when there are no rows', () => {
    expect(formatTable([{ header: 'X' }], [], { emptyText: '(no runs)' })).toBe('(no runs)\n');
    expect(formatTable([{ header: 'X' }], [])).toBe('X\n');
  });

  it('ignores ANSI colour codes when measuring width', () => {
    expect(visibleWidth('\u001b[1mabc\u001b[22m')).toBe(3);
    const text = formatTable([{ header: 'H' }, { header: 'I' }], [['abc', 'z']], { decorateHeader: (t) => `\u001b[1m${t}\u001b[22m` });
    expect(text.split('\n')[1]).toBe('abc  z');
    expect(text.split('\n')[0]).toBe('\u001b[1mH  \u001b[22m  \u001b[1mI\u001b[22m');
  });
});

describe('formatKeyValues', () => {
  it('aligns values after the longest key and prints - for missing values', () => {
    expect(
      formatKeyValues([
        ['id', 'r1'],
        ['git commit', null],
      ]),
    ).toBe('id:          r1\ngit commit:  -\n');
  });
});
