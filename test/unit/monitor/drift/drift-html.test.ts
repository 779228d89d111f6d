import { describe, expect, it } from 'vitest';

import { Registry } from '../../../../src/core/index.js';
import { Frame } from '../../../../src/data/index.js';
import { defineDriftMethod, type DriftMethod, driftReport, renderDriftReport } from '../../../../src/monitor/drift/index.js';
import { categorical } from '../../../fixtures/monitor/frames.js';

/** Distance = total variation between the two columns' shares: a real score the test can predict. */
const tv = defineDriftMethod({
  id: 'tv',
  title: 'total variation',
  description: 'half the sum of absolute share differences',
  kind: 'distance',
  defaultThreshold: 0.1,
  columnTypes: ['categorical'],
  symmetric: true,
  onSample: (r, c) => {
    const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
    let d = 0;
    for (let i = 0; i < r.counts.length; i++)
      d += Math.abs((r.counts[i] as number) / sum(r.counts) - (c.counts[i] as number) / sum(c.counts));
    return { score: d / 2 };
  },
});

describe('renderDriftReport', () => {
  it('is one offline page: escaped names and levels, most drifted column first, a chart per column', async () => {
    const evil = '<script>alert(1)</script>';
    const ref = new Frame([categorical('calm', ['a', 'b', 'a', 'b']), categorical(evil, ['x', 'x', 'y', 'y'])]);
    const cur = new Frame([categorical('calm', ['a', 'b', 'a', 'b']), categorical(evil, ['<b>new</b>', '<b>new</b>', '<b>new</b>', 'y'])]);
    const report = await driftReport(ref, cur, {
      method: 'tv',
      registry: new Registry<DriftMethod>('drift method', [tv]),
      labels: { reference: 'ref"&.csv', current: 'cur.csv' },
    });
    const html = renderDriftReport(report, { generatedAt: '2026-01-02T03:04:05.000Z', title: `Drift of ${evil}` });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>new');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;new&lt;/b&gt;');
    expect(html).toContain('ref&quot;&amp;.csv');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html.match(/<svg /g)?.length).toBe(2);
    // The drifted column (tv 0.75) is listed and drawn before the calm one (0).
    expect(html.indexOf('&lt;script&gt;alert(1)')).toBeLessThan(html.indexOf('<code>calm</code>'));
    expect(html).toContain('dataset drift');
    expect(html).toContain('2026-01-02T03:04:05.000Z');
    expect(report.columns[0]?.score).toBeCloseTo(0.75, 15);
  });
});
