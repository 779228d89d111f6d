import { describe, expect, it } from 'vitest';

import { renderAutomlReport } from '../../../src/automl/report.js';
import type { AutomlReportInput, AutomlReportTrial } from '../../../src/automl/report.js';

const HOSTILE = `<script>alert(1)</script>" onload="x`;
const HOSTILE_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;&quot; onload=&quot;x';

function trial(
  id: number,
  learner: string,
  score: number | undefined,
  endedAtSeconds: number,
  extra: Partial<AutomlReportTrial> = {},
): AutomlReportTrial {
  return { id, learner, params: {}, status: 'ok', score, fitSeconds: 1, endedAtSeconds, ...extra };
}

function input(overrides: Partial<AutomlReportInput> = {}): AutomlReportInput {
  return {
    title: 'churn / exited',
    generatedAt: '2026-12-07T15:00:00.000Z',
    task: 'binary',
    metric: 'roc_auc',
    higherIsBetter: true,
    budgetSeconds: 60,
    elapsedSeconds: 42.25,
    data: { rows: 10_000, columns: 12, target: 'exited', source: 'churn.csv' },
    validation: { strategy: 'stratified k-fold', folds: 5, score: 0.871 },
    notes: [],
    trials: [],
    ensemble: [],
    ...overrides,
  };
}

/** The leaderboard's trial numbers, top to bottom. */
function leaderboardOrder(html: string): number[] {
  const table = /<section id="leaderboard">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  return [...table.matchAll(/<tr class="\w+" data-trial="(\d+)">/g)].map((m) => Number(m[1]));
}

function circles(html: string): Map<number, [number, number]> {
  const found = new Map<number, [number, number]>();
  for (const m of html.matchAll(/<circle cx="([\d.-]+)" cy="([\d.-]+)"[^>]*data-trial="(\d+)"/g))
    found.set(Number(m[3]), [Number(m[1]), Number(m[2])]);
  return found;
}

function bestLine(html: string): { points: [number, number][]; data: string } {
  const m = /<polyline class="best" points="([^"]*)" data-best-so-far="([^"]*)"/.exec(html);
  if (!m) throw new Error('no best-so-far line');
  const points = (m[1] ?? '').split(' ').map((pair) => pair.split(',').map(Number) as [number, number]);
  return { points, data: m[2] ?? '' };
}

/** Every element opened is closed in order (void elements and self-closing SVG tags aside). */
function unbalancedTags(html: string): string[] {
  const voids = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);
  const stack: string[] = [];
  const problems: string[] = [];
  for (const m of html.replace(/<!DOCTYPE html>/, '').matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name = '', selfClosing] = m;
    if (voids.has(name) || selfClosing) continue;
    if (!closing) stack.push(name);
    else if (stack.pop() !== name) problems.push(`</${name}> at ${m.index}`);
  }
  return [...problems, ...stack.map((name) => `<${name}> never closed`)];
}

describe('renderAutomlReport', () => {
  it('escapes every user-influenced string, in text, attributes and SVG', () => {
    const html = renderAutomlReport(
      input({
        title: HOSTILE,
        data: { rows: 3, columns: 2, target: HOSTILE, source: HOSTILE },
        validation: { strategy: HOSTILE, folds: 2 },
        notes: [{ column: HOSTILE, kind: HOSTILE, message: HOSTILE }],
        trials: [
          trial(1, HOSTILE, 0.9, 3, { params: { [HOSTILE]: HOSTILE }, preprocessing: HOSTILE, source: HOSTILE }),
          trial(2, 'gbdt', undefined, 4, { status: 'failed', error: HOSTILE }),
        ],
        ensemble: [{ trial: 1, learner: HOSTILE, weight: 1 }],
        importance: { kind: HOSTILE, features: [{ feature: HOSTILE, value: 0.5 }] },
        testMetrics: { [HOSTILE]: 0.8 },
      }),
    );
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('onload="');
    expect(html).toContain(`<title>${HOSTILE_ESCAPED}</title>`);
    expect(html).toContain(`<h1>${HOSTILE_ESCAPED}</h1>`);
    expect(html).toContain(`${HOSTILE_ESCAPED}=${HOSTILE_ESCAPED}`);
    expect(html).toContain(`failed: ${HOSTILE_ESCAPED}`);
    expect(html).toContain(`<title>#1 ${HOSTILE_ESCAPED}: 0.9000 at 3.0 s</title>`);
    // The bar label is cut to 28 characters before escaping, so no entity is ever split.
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot; …</text>');
    expect(unbalancedTags(html)).toEqual([]);
  });

  it('renders numbers through Number(), so a mistyped value read from JSON carries no markup', () => {
    const hostileNumber = HOSTILE as unknown as number;
    const html = renderAutomlReport(
      input({
        elapsedSeconds: hostileNumber,
        data: { rows: hostileNumber, columns: hostileNumber, target: 'y' },
        validation: { strategy: 'holdout', folds: hostileNumber },
        trials: [trial(hostileNumber, 'gbdt', 0.5, 1, { rows: hostileNumber })],
        ensemble: [{ trial: hostileNumber, learner: 'gbdt', weight: hostileNumber }],
      }),
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('onload');
    expect(html).toContain('NaN rows × NaN columns');
    expect(html).toContain('<dd>NaN of a 60.0 s budget');
    expect(html).toContain('<span style="width:0.0%">');
    expect(unbalancedTags(html)).toEqual([]);
  });

  it('is one offline page: a CSP meta, inline CSS, no script, no URL', () => {
    const html = renderAutomlReport(input({ trials: [trial(1, 'gbdt', 0.8, 2), trial(2, 'linear', 0.7, 5)] }));
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/<script|javascript:|https?:|url\(|<link|<img|@import|\son\w+=/i);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it('ranks higher scores first when higher is better, failed trials last with their error', () => {
    const trials = [
      trial(1, 'gbdt', 0.7, 1),
      trial(2, 'gbdt', undefined, 2, { status: 'failed', error: 'out of memory' }),
      trial(3, 'linear', 0.9, 3),
      trial(4, 'rf', 0.8, 4),
      trial(5, 'rf', 0.95, 5, { status: 'pruned', rows: 500 }),
    ];
    const html = renderAutomlReport(input({ trials }));
    expect(leaderboardOrder(html)).toEqual([3, 4, 1, 5, 2]);
    expect(html).toMatch(/<tr class="failed" data-trial="2">[^]*?failed: out of memory/);
    expect(html).toContain('<dt>Best single model</dt><dd>#3 linear: 0.9000</dd>');
    expect(html).toContain('<dt>Trials</dt><dd>5: 3 ok, 1 failed, 1 pruned</dd>');
  });

  it('ranks lower scores first when lower is better, a non-finite score after the finite ones', () => {
    const trials = [
      trial(1, 'gbdt', 0.7, 1),
      trial(2, 'gbdt', Number.NaN, 2),
      trial(3, 'linear', 0.3, 3),
      trial(4, 'knn', undefined, 4, { status: 'failed' }),
      trial(5, 'rf', 0.5, 5),
    ];
    const html = renderAutomlReport(input({ metric: 'log_loss', higherIsBetter: false, trials }));
    expect(leaderboardOrder(html)).toEqual([3, 5, 1, 2, 4]);
    expect(html).toContain('failed: no reason given');
    expect(html).toContain('#3 linear: 0.3000');
  });

  it('shows the top 100 trials and says how many more there are', () => {
    const trials = Array.from({ length: 103 }, (_, i) => trial(i + 1, 'gbdt', i / 1000, i));
    const html = renderAutomlReport(input({ trials }));
    const order = leaderboardOrder(html);
    expect(order).toHaveLength(100);
    expect(order[0]).toBe(103);
    expect(html).toContain('3 more trials not shown.');
  });

  it('draws the best-so-far step line through the trials that improved, in time order', () => {
    // Ended at 10 s: 0.6 (best), 20 s: 0.5, 30 s: 0.8 (best), 40 s: failed, 50 s: 0.7, 60 s: 0.9 (best), 70 s: 0.85.
    const trials = [
      trial(7, 'rf', 0.85, 70),
      trial(1, 'gbdt', 0.6, 10),
      trial(2, 'linear', 0.5, 20),
      trial(3, 'gbdt', 0.8, 30),
      trial(4, 'rf', undefined, 40, { status: 'failed' }),
      trial(5, 'linear', 0.7, 50),
      trial(6, 'gbdt', 0.9, 60),
    ];
    const html = renderAutomlReport(input({ trials, elapsedSeconds: 70 }));
    const line = bestLine(html);
    expect(line.data).toBe('1:10:0.6 3:30:0.8 6:60:0.9');
    const at = circles(html);
    expect([...at.keys()].sort()).toEqual([1, 2, 3, 5, 6, 7]);
    const p = (id: number): [number, number] => at.get(id) as [number, number];
    // Up from trial 1 to 3 to 6 (each step: across at the old best, then up), then flat to the last trial's time.
    expect(line.points).toEqual([p(1), [p(3)[0], p(1)[1]], p(3), [p(6)[0], p(3)[1]], p(6), [p(7)[0], p(6)[1]]]);
    // Higher scores are drawn higher (smaller y), later times further right.
    expect(p(6)[1]).toBeLessThan(p(3)[1]);
    expect(p(3)[1]).toBeLessThan(p(1)[1]);
    expect(p(1)[0]).toBeLessThan(p(3)[0]);
  });

  it('follows decreasing scores when lower is better', () => {
    const trials = [trial(1, 'gbdt', 0.5, 1), trial(2, 'gbdt', 0.6, 2), trial(3, 'rf', 0.4, 3), trial(4, 'rf', 0.4, 4)];
    const html = renderAutomlReport(input({ metric: 'rmse', higherIsBetter: false, trials }));
    const line = bestLine(html);
    expect(line.data).toBe('1:1:0.5 3:3:0.4');
    const at = circles(html);
    const p = (id: number): [number, number] => at.get(id) as [number, number];
    expect(line.points).toEqual([p(1), [p(3)[0], p(1)[1]], p(3), [p(4)[0], p(3)[1]]]);
  });

  it('puts the x ticks on round seconds covering the search and labels both axes', () => {
    const html = renderAutomlReport(input({ trials: [trial(1, 'gbdt', 0.81, 12), trial(2, 'rf', 0.84, 38)], elapsedSeconds: 41 }));
    const xLabels = [...html.matchAll(/text-anchor="middle">(\d+)<\/text>/g)].map((m) => m[1]);
    expect(xLabels).toEqual(['0', '10', '20', '30', '40', '50']);
    const yLabels = [...html.matchAll(/text-anchor="end" dominant-baseline="middle">([\d.]+)<\/text>/g)].map((m) => m[1]);
    expect(yLabels).toEqual(['0.810', '0.815', '0.820', '0.825', '0.830', '0.835', '0.840']);
    expect(html).toContain('seconds since the search started');
    expect(html).toMatch(/rotate\(-90\)" text-anchor="middle">roc_auc<\/text>/);
  });

  it('colours points by learner and lists every learner in the legend', () => {
    const html = renderAutomlReport(input({ trials: [trial(1, 'rf', 0.8, 1), trial(2, 'gbdt', 0.7, 2), trial(3, 'rf', 0.9, 3)] }));
    const fill = (id: number): string | undefined =>
      new RegExp(`fill="(#[0-9a-f]{6})" fill-opacity="0.8" data-trial="${id}"`).exec(html)?.[1];
    expect(fill(1)).toBe(fill(3));
    expect(fill(1)).not.toBe(fill(2));
    expect(html).toContain(`<li><span class="swatch" style="background:${fill(2)}"></span>gbdt</li>`);
    expect(html).toContain(`<li><span class="swatch" style="background:${fill(1)}"></span>rf</li>`);
  });

  it('renders with no trials at all', () => {
    const html = renderAutomlReport(input());
    expect(html).toContain('No trials were run.');
    expect(html).toContain('No successful trial with a finite score to plot.');
    expect(html).toContain('No ensemble was built.');
    expect(html).toContain('<dt>Best single model</dt><dd><span class="muted">none</span></dd>');
    expect(html).not.toContain('<svg');
    expect(unbalancedTags(html)).toEqual([]);
  });

  it('renders one trial, identical scores and skips non-finite scores and times in the plot', () => {
    const one = renderAutomlReport(input({ trials: [trial(1, 'gbdt', 0.75, 0)], elapsedSeconds: 0 }));
    expect(bestLine(one).data).toBe('1:0:0.75');
    expect(bestLine(one).points).toHaveLength(1);
    expect(one).not.toMatch(/NaN|Infinity/);
    expect(unbalancedTags(one)).toEqual([]);

    const flat = renderAutomlReport(
      input({
        trials: [
          trial(1, 'gbdt', 0.5, 1),
          trial(2, 'gbdt', 0.5, 2),
          trial(3, 'rf', Number.POSITIVE_INFINITY, 3),
          trial(4, 'rf', 0.5, Number.NaN),
        ],
      }),
    );
    expect([...circles(flat).keys()]).toEqual([1, 2]);
    expect(bestLine(flat).data).toBe('1:1:0.5');
    expect(flat).toContain('2 ok trials with a non-finite score or time not plotted.');
    const svg = /<section id="score-vs-time">[\s\S]*?<\/section>/.exec(flat)?.[0] ?? '';
    expect(svg).not.toMatch(/NaN|Infinity/);
    // The leaderboard still lists it, spelt out.
    expect(flat).toMatch(/data-trial="3">[^]*?<td class="num">Infinity<\/td>/);
  });

  it('shows the ensemble members with their weights, as a table and as bars scaled to the largest', () => {
    const html = renderAutomlReport(
      input({
        trials: [trial(1, 'gbdt', 0.8, 1), trial(2, 'linear', 0.78, 2)],
        ensemble: [
          { trial: 2, learner: 'linear', weight: 0.25 },
          { trial: 1, learner: 'gbdt', weight: 0.75 },
        ],
        ensembleScore: 0.8123456,
      }),
    );
    const section = /<section id="ensemble">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(section).toContain('<tr data-trial="1"><td class="num">1</td><td>gbdt</td><td class="num">0.7500</td></tr>');
    expect(section).toContain('<tr data-trial="2"><td class="num">2</td><td>linear</td><td class="num">0.2500</td></tr>');
    expect(section.indexOf('data-trial="1"')).toBeLessThan(section.indexOf('data-trial="2"'));
    const widths = [...section.matchAll(/<rect class="bar" [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect(widths[1]).toBeCloseTo((widths[0] as number) / 3, 2);
    expect(section).toContain('Validation score 0.8123.');
    expect(html).toContain('<dt>Ensemble score</dt><dd>0.8123</dd>');
  });

  it('draws the top 25 features by magnitude with their kind, negative values in another colour', () => {
    const features = Array.from({ length: 30 }, (_, i) => ({ feature: `f${i}`, value: i % 2 === 0 ? i : -i }));
    const html = renderAutomlReport(input({ importance: { kind: 'permutation', features } }));
    const section = /<section id="importance">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(section).toContain('Kind: permutation (top 25 of 30).');
    const labels = [...section.matchAll(/<title>(f\d+):/g)].map((m) => m[1]);
    expect(labels).toEqual(Array.from({ length: 25 }, (_, i) => `f${29 - i}`));
    expect(section).toContain('<title>f29: -29.00</title>');
    expect(section.match(/class="bar neg"/g)).toHaveLength(13);
  });

  it('summarises budget, data, validation, test metrics and data notes with formatted numbers', () => {
    const html = renderAutomlReport(
      input({
        testMetrics: { roc_auc: 0.86789, accuracy: 0.9 },
        notes: [
          { column: 'zip', kind: 'high-cardinality', message: '9,000 distinct values: target-encoded' },
          { kind: 'imbalance', message: '8% positive' },
        ],
      }),
    );
    expect(html).toContain('42.3 s of a 60.0 s budget<span class="meter"><span style="width:70.4%"></span></span>');
    expect(html).toContain('10,000 rows × 12 columns, target <code>exited</code>, from <code>churn.csv</code>');
    expect(html).toContain('stratified k-fold, 5 folds, score 0.8710');
    expect(html).toContain('<dt>Test metrics</dt><dd>roc_auc 0.8679, accuracy 0.9000</dd>');
    expect(html).toContain('<tr><td>zip</td><td>high-cardinality</td><td>9,000 distinct values: target-encoded</td></tr>');
    expect(html).toContain('<tr><td></td><td>imbalance</td><td>8% positive</td></tr>');
  });

  it('is deterministic: the same input renders the same bytes', () => {
    const value = input({
      trials: [trial(1, 'gbdt', 0.8, 1), trial(2, 'rf', 0.85, 2)],
      ensemble: [{ trial: 2, learner: 'rf', weight: 1 }],
    });
    expect(renderAutomlReport(value)).toBe(renderAutomlReport(value));
  });
});
