import { describe, expect, it } from 'vitest';

import { escapeHtml } from '../../../src/core/index.js';

describe('escapeHtml', () => {
  it('replaces the five characters that can end text or an attribute value', () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;',
    );
  });

  it('escapes an ampersand once, so an existing entity shows as typed', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });

  it('leaves other text, including non-ASCII, unchanged', () => {
    expect(escapeHtml('prix_€ / âge = 3')).toBe('prix_€ / âge = 3');
    expect(escapeHtml('')).toBe('');
  });
});
