import { escapeHtml, reportPage } from '../core/index.js';

/** One trial of an AutoML search as the report shows it. */
export interface AutomlReportTrial {
  /** Trial number, 1-based. */
  readonly id: number;
  /** Learner id, e.g. `gbdt`. */
  readonly learner: string;
  readonly params: Readonly<Record<string, string | number | boolean>>;
  /** e.g. `one-hot`, `target-encode`. */
  readonly preprocessing?: string;
  readonly status: 'ok' | 'failed' | 'pruned';
  /** Validation score in the metric's units (absent when failed). */
  readonly score?: number;
  /** Why it failed. */
  readonly error?: string;
  readonly fitSeconds: number;
  /** Seconds since the search started. */
  readonly endedAtSeconds: number;
  /** Training rows used (successive halving on rows). */
  readonly rows?: number;
  /** `default`, `portfolio`, `history`, `tpe`, `random` or `halving`. */
  readonly source?: string;
}

/** Everything the AutoML report shows; the caller gathers it, {@link renderAutomlReport} only renders it. */
export interface AutomlReportInput {
  /** User-influenced (dataset and target names); escaped like every other string. */
  readonly title: string;
  /** ISO timestamp given by the caller (the report never reads the clock). */
  readonly generatedAt: string;
  readonly task: 'binary' | 'multiclass' | 'regression';
  /** e.g. `roc_auc`, `log_loss`, `rmse`. */
  readonly metric: string;
  readonly higherIsBetter: boolean;
  readonly budgetSeconds: number;
  readonly elapsedSeconds: number;
  readonly data: { readonly rows: number; readonly columns: number; readonly target: string; readonly source?: string };
  readonly validation: { readonly strategy: string; readonly folds: number; readonly score?: number };
  readonly notes: readonly { readonly column?: string; readonly kind: string; readonly message: string }[];
  readonly trials: readonly AutomlReportTrial[];
  readonly ensemble: readonly { readonly trial: number; readonly learner: string; readonly weight: number }[];
  /** Validation score of the ensemble. */
  readonly ensembleScore?: number;
  readonly importance?: { readonly kind: string; readonly features: readonly { readonly feature: string; readonly value: number }[] };
  readonly testMetrics?: Readonly<Record<string, number>>;
}

const LEADERBOARD_ROWS = 100;
const IMPORTANCE_BARS = 25;
/** Tableau 10: distinct to most readers, including the common colour-vision deficiencies. */
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const CHART = { width: 640, height: 320, left: 64, right: 16, top: 16, bottom: 48 } as const;

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;margin:2rem auto;max-width:1100px;padding:0 1rem}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de}
.muted{color:#656d76}dl.summary{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}
table{border-collapse:collapse;font-size:13px}th,td{border-bottom:1px solid #e5e7eb;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}tr.failed td{color:#9a3412}tr.pruned td{color:#656d76}
code{font-size:12px;word-break:break-word}.meter{display:inline-block;width:8rem;height:.6rem;background:#e5e7eb;margin-left:.5rem}
.meter span{display:block;height:100%;background:#4e79a7}.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-1px}
svg text{font:11px system-ui,sans-serif;fill:#1f2328}.axis line,.axis path{stroke:#8c959f}.grid{stroke:#eaeef2}
.best{fill:none;stroke:#1f2328;stroke-width:1.5}.bar{fill:#4e79a7}.bar.neg{fill:#e15759}`;

/**
 * Renders an AutoML search as one self-contained HTML page: summary, leaderboard, score against time, the chosen
 * ensemble, feature importance and data notes. No script, no external resource (a Content-Security-Policy meta
 * forbids them); every user-influenced string is escaped. Pure: the same input gives the same bytes.
 */
export function renderAutomlReport(input: AutomlReportInput): string {
  return reportPage({
    title: input.title,
    generated: `AutoML report generated ${input.generatedAt}`,
    css: CSS,
    sections: [
      summarySection(input),
      leaderboardSection(input),
      scoreTimeSection(input),
      ensembleSection(input),
      importanceSection(input),
      notesSection(input),
    ],
  });
}

function summarySection(input: AutomlReportInput): string {
  const count = (status: AutomlReportTrial['status']): number => input.trials.filter((t) => t.status === status).length;
  const best = rankTrials(input.trials, input.higherIsBetter).find((t) => t.status === 'ok' && isFiniteNumber(t.score));
  const ratio = input.budgetSeconds > 0 ? input.elapsedSeconds / input.budgetSeconds : 1;
  const used = Number.isNaN(ratio) ? 0 : Math.min(1, Math.max(0, ratio));
  const { data, validation } = input;
  const rows: [string, string][] = [
    ['Task', escapeHtml(input.task)],
    ['Metric', `${escapeHtml(input.metric)} <span class="muted">(${input.higherIsBetter ? 'higher' : 'lower'} is better)</span>`],
    [
      'Time',
      `${formatSeconds(input.elapsedSeconds)} of a ${formatSeconds(input.budgetSeconds)} budget` +
        `<span class="meter"><span style="width:${(used * 100).toFixed(1)}%"></span></span>`,
    ],
    ['Trials', `${input.trials.length}: ${count('ok')} ok, ${count('failed')} failed, ${count('pruned')} pruned`],
    [
      'Best single model',
      best ? `#${formatId(best.id)} ${escapeHtml(best.learner)}: ${formatScore(best.score)}` : '<span class="muted">none</span>',
    ],
    ['Ensemble score', input.ensembleScore === undefined ? '<span class="muted">none</span>' : formatScore(input.ensembleScore)],
    [
      'Data',
      `${formatCount(data.rows)} rows × ${formatCount(data.columns)} columns, target <code>${escapeHtml(data.target)}</code>` +
        (data.source === undefined ? '' : `, from <code>${escapeHtml(data.source)}</code>`),
    ],
    [
      'Validation',
      `${escapeHtml(validation.strategy)}, ${formatCount(validation.folds)} fold${validation.folds === 1 ? '' : 's'}` +
        (validation.score === undefined ? '' : `, score ${formatScore(validation.score)}`),
    ],
  ];
  const test = input.testMetrics ? Object.entries(input.testMetrics) : [];
  if (test.length > 0) rows.push(['Test metrics', test.map(([name, value]) => `${escapeHtml(name)} ${formatScore(value)}`).join(', ')]);
  const items = rows.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('');
  return `<section id="summary"><h2>Summary</h2><dl class="summary">${items}</dl></section>`;
}

function leaderboardSection(input: AutomlReportInput): string {
  const ranked = rankTrials(input.trials, input.higherIsBetter);
  if (ranked.length === 0) return '<section id="leaderboard"><h2>Leaderboard</h2><p class="muted">No trials were run.</p></section>';
  const shown = ranked.slice(0, LEADERBOARD_ROWS);
  const rows = shown.map((t, i) => {
    const params = Object.entries(t.params)
      .map(([name, value]) => `${escapeHtml(name)}=${escapeHtml(paramValue(value))}`)
      .join(', ');
    const outcome = t.status === 'failed' ? `failed: ${escapeHtml(t.error ?? 'no reason given')}` : escapeHtml(t.status);
    return (
      `<tr class="${escapeHtml(t.status)}" data-trial="${formatId(t.id)}"><td class="num">${i + 1}</td><td class="num">${formatId(t.id)}</td>` +
      `<td>${escapeHtml(t.learner)}</td><td class="num">${t.status === 'failed' ? '' : formatScore(t.score)}</td>` +
      `<td>${outcome}</td><td>${escapeHtml(t.preprocessing ?? '')}</td><td class="num">${t.rows === undefined ? '' : formatCount(t.rows)}</td>` +
      `<td class="num">${formatSeconds(t.fitSeconds)}</td><td class="num">${formatSeconds(t.endedAtSeconds)}</td>` +
      `<td>${escapeHtml(t.source ?? '')}</td><td><code>${params}</code></td></tr>`
    );
  });
  const hidden = ranked.length - shown.length;
  const more = hidden > 0 ? `<p class="muted">${hidden} more trial${hidden === 1 ? '' : 's'} not shown.</p>` : '';
  return (
    '<section id="leaderboard"><h2>Leaderboard</h2><table><thead><tr><th class="num">Rank</th><th class="num">Trial</th>' +
    `<th>Learner</th><th class="num">${escapeHtml(input.metric)}</th><th>Status</th><th>Preprocessing</th>` +
    '<th class="num">Rows</th><th class="num">Fit</th><th class="num">Ended at</th><th>Source</th><th>Params</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>${more}</section>`
  );
}

/**
 * Best first: ok trials, then pruned ones (scored on fewer rows, so not comparable with ok ones), then failed;
 * within a group by score honouring the direction, a missing or non-finite score last, ties by trial number.
 */
function rankTrials(trials: readonly AutomlReportTrial[], higherIsBetter: boolean): AutomlReportTrial[] {
  const group = { ok: 0, pruned: 1, failed: 2 } as const;
  return [...trials].sort((a, b) => {
    if (a.status !== b.status) return group[a.status] - group[b.status];
    const aFinite = isFiniteNumber(a.score);
    const bFinite = isFiniteNumber(b.score);
    if (aFinite && bFinite && a.score !== b.score) return higherIsBetter ? b.score - a.score : a.score - b.score;
    if (aFinite !== bFinite) return aFinite ? -1 : 1;
    return a.id - b.id;
  });
}

interface Point {
  readonly trial: AutomlReportTrial;
  readonly t: number;
  readonly score: number;
}

function scoreTimeSection(input: AutomlReportInput): string {
  const head = '<section id="score-vs-time"><h2>Score vs time</h2>';
  const points: Point[] = input.trials
    .filter((t) => t.status === 'ok' && isFiniteNumber(t.score) && Number.isFinite(t.endedAtSeconds))
    .map((trial) => ({ trial, t: trial.endedAtSeconds, score: trial.score as number }))
    .sort((a, b) => a.t - b.t || a.trial.id - b.trial.id);
  if (points.length === 0) return `${head}<p class="muted">No successful trial with a finite score to plot.</p></section>`;

  const colours = learnerColours(points.map((p) => p.trial.learner));
  const best = bestSoFar(points, input.higherIsBetter);
  // Time starts at 0 and runs to the later of the last trial and the elapsed time (1 s when all ended at 0).
  const tMin = Math.min(0, ...points.map((p) => p.t));
  const tMax = Math.max(...points.map((p) => p.t), Number.isFinite(input.elapsedSeconds) ? input.elapsedSeconds : 0);
  const xTicks = niceTicks(tMin, tMax > tMin ? tMax : tMin + 1);
  const yTicks = niceTicks(Math.min(...points.map((p) => p.score)), Math.max(...points.map((p) => p.score)));
  const x = scale(xTicks, CHART.left, CHART.width - CHART.right);
  const y = scale(yTicks, CHART.height - CHART.bottom, CHART.top);

  const steps: [number, number][] = [];
  best.forEach((p, i) => {
    const previous = best[i - 1];
    if (previous) steps.push([x(p.t), y(previous.score)]);
    steps.push([x(p.t), y(p.score)]);
  });
  const last = points[points.length - 1] as Point;
  const lastBest = best[best.length - 1] as Point;
  if (last.t > lastBest.t) steps.push([x(last.t), y(lastBest.score)]);

  const circles = points.map(
    (p) =>
      `<circle cx="${coordinate(x(p.t))}" cy="${coordinate(y(p.score))}" r="4" fill="${colours.get(p.trial.learner)}" ` +
      `fill-opacity="0.8" data-trial="${formatId(p.trial.id)}"><title>#${formatId(p.trial.id)} ${escapeHtml(p.trial.learner)}: ` +
      `${formatScore(p.score)} at ${formatSeconds(p.t)}</title></circle>`,
  );
  const bottom = CHART.height - CHART.bottom;
  const svg = [
    `<svg viewBox="0 0 ${CHART.width} ${CHART.height}" width="${CHART.width}" height="${CHART.height}" role="img" ` +
      `aria-label="validation score of each successful trial against the time it ended">`,
    ...yTicks.values.map(
      (v) =>
        `<line class="grid" x1="${CHART.left}" x2="${CHART.width - CHART.right}" y1="${coordinate(y(v))}" y2="${coordinate(y(v))}"/>` +
        `<text x="${CHART.left - 6}" y="${coordinate(y(v))}" text-anchor="end" dominant-baseline="middle">${yTicks.label(v)}</text>`,
    ),
    ...xTicks.values.map(
      (v) =>
        `<line class="axis" x1="${coordinate(x(v))}" x2="${coordinate(x(v))}" y1="${bottom}" y2="${bottom + 5}"/>` +
        `<text x="${coordinate(x(v))}" y="${bottom + 18}" text-anchor="middle">${xTicks.label(v)}</text>`,
    ),
    `<g class="axis"><line x1="${CHART.left}" x2="${CHART.width - CHART.right}" y1="${bottom}" y2="${bottom}"/>` +
      `<line x1="${CHART.left}" x2="${CHART.left}" y1="${CHART.top}" y2="${bottom}"/></g>`,
    `<text x="${(CHART.left + CHART.width - CHART.right) / 2}" y="${CHART.height - 6}" text-anchor="middle">seconds since the search started</text>`,
    `<text transform="translate(14 ${(CHART.top + bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(input.metric)}</text>`,
    `<polyline class="best" points="${steps.map(([px, py]) => `${coordinate(px)},${coordinate(py)}`).join(' ')}" ` +
      `data-best-so-far="${best.map((p) => `${formatId(p.trial.id)}:${p.t}:${p.score}`).join(' ')}"/>`,
    ...circles,
    '</svg>',
  ].join('\n');
  const legend = [...colours]
    .map(([learner, colour]) => `<li><span class="swatch" style="background:${colour}"></span>${escapeHtml(learner)}</li>`)
    .join('');
  const skipped = input.trials.filter((t) => t.status === 'ok').length - points.length;
  const note = skipped > 0 ? ` ${skipped} ok trial${skipped === 1 ? '' : 's'} with a non-finite score or time not plotted.` : '';
  return (
    `${head}${svg}<ul class="legend">${legend}<li><svg width="24" height="10"><line class="best" x1="0" x2="24" y1="5" y2="5"/></svg> ` +
    `best so far</li></ul><p class="muted">Each point is a successful trial; ${input.higherIsBetter ? 'higher' : 'lower'} is better.${note}</p></section>`
  );
}

/** The points that improved on every earlier one, in time order (the first point always does). */
function bestSoFar(points: readonly Point[], higherIsBetter: boolean): Point[] {
  const improvements: Point[] = [];
  for (const p of points) {
    const current = improvements[improvements.length - 1];
    if (!current || (higherIsBetter ? p.score > current.score : p.score < current.score)) improvements.push(p);
  }
  return improvements;
}

/** Colours by learner id in sorted order, so one learner keeps its colour whatever order trials ran in. */
function learnerColours(learners: readonly string[]): Map<string, string> {
  const sorted = [...new Set(learners)].sort();
  return new Map(sorted.map((learner, i) => [learner, PALETTE[i % PALETTE.length] as string]));
}

interface Ticks {
  readonly min: number;
  readonly max: number;
  readonly values: readonly number[];
  readonly label: (value: number) => string;
}

/** About five round ticks (1, 2 or 5 × 10^k apart) covering [lo, hi]; a single value is widened around itself. */
function niceTicks(lo: number, hi: number): Ticks {
  if (hi <= lo) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.05;
    lo -= pad;
    hi += pad;
  }
  const raw = (hi - lo) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normalised = raw / magnitude;
  const step = (normalised < 1.5 ? 1 : normalised < 3 ? 2 : normalised < 7 ? 5 : 10) * magnitude;
  // The epsilon keeps 0.84 / 0.005 = 168.00000000000003 from adding a tick past the data.
  const first = Math.floor(lo / step + 1e-9);
  const count = Math.max(1, Math.ceil(hi / step - 1e-9) - first);
  const values = Array.from({ length: count + 1 }, (_, i) => (first + i) * step);
  const decimals = Math.min(12, Math.max(0, -Math.floor(Math.log10(step))));
  return { min: values[0] as number, max: values[count] as number, values, label: (v) => v.toFixed(decimals) };
}

function scale(ticks: Ticks, from: number, to: number): (value: number) => number {
  return (value) => from + ((value - ticks.min) / (ticks.max - ticks.min)) * (to - from);
}

function ensembleSection(input: AutomlReportInput): string {
  const head = '<section id="ensemble"><h2>Ensemble</h2>';
  if (input.ensemble.length === 0) return `${head}<p class="muted">No ensemble was built.</p></section>`;
  const members = [...input.ensemble].sort((a, b) => b.weight - a.weight || a.trial - b.trial);
  const rows = members
    .map(
      (m) =>
        `<tr data-trial="${formatId(m.trial)}"><td class="num">${formatId(m.trial)}</td><td>${escapeHtml(m.learner)}</td><td class="num">${formatScore(m.weight)}</td></tr>`,
    )
    .join('');
  const scoreLine = input.ensembleScore === undefined ? '' : `<p>Validation score ${formatScore(input.ensembleScore)}.</p>`;
  return (
    `${head}${scoreLine}<table><thead><tr><th class="num">Trial</th><th>Learner</th><th class="num">Weight</th></tr></thead>` +
    `<tbody>${rows}</tbody></table>${barChart(
      members.map((m) => ({ label: `#${formatId(m.trial)} ${m.learner}`, value: m.weight })),
      'ensemble weights',
    )}</section>`
  );
}

function importanceSection(input: AutomlReportInput): string {
  const head = '<section id="importance"><h2>Feature importance</h2>';
  const importance = input.importance;
  if (!importance || importance.features.length === 0) return `${head}<p class="muted">No feature importance was computed.</p></section>`;
  const top = [...importance.features]
    .filter((f) => Number.isFinite(f.value))
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || a.feature.localeCompare(b.feature))
    .slice(0, IMPORTANCE_BARS);
  const of = importance.features.length > top.length ? ` (top ${top.length} of ${importance.features.length})` : '';
  return (
    `${head}<p>Kind: ${escapeHtml(importance.kind)}${of}.</p>` +
    `${barChart(
      top.map((f) => ({ label: f.feature, value: f.value })),
      'feature importance',
    )}</section>`
  );
}

/** Horizontal bars scaled to the largest magnitude; a negative value is drawn the same way in another colour. */
function barChart(bars: readonly { readonly label: string; readonly value: number }[], label: string): string {
  const rowHeight = 22;
  const labelWidth = 180;
  const barWidth = 380;
  const largest = Math.max(...bars.map((b) => Math.abs(b.value)), 0);
  const height = bars.length * rowHeight + 4;
  const rows = bars.map((bar, i) => {
    const width = largest > 0 ? (Math.abs(bar.value) / largest) * barWidth : 0;
    const top = i * rowHeight + 2;
    const shortLabel = bar.label.length > 28 ? `${bar.label.slice(0, 27)}…` : bar.label;
    return (
      `<g><title>${escapeHtml(bar.label)}: ${formatScore(bar.value)}</title>` +
      `<text x="${labelWidth - 6}" y="${top + rowHeight / 2}" text-anchor="end" dominant-baseline="middle">${escapeHtml(shortLabel)}</text>` +
      `<rect class="bar${bar.value < 0 ? ' neg' : ''}" x="${labelWidth}" y="${top + 3}" width="${coordinate(width)}" height="${rowHeight - 6}"/>` +
      `<text x="${coordinate(labelWidth + width + 6)}" y="${top + rowHeight / 2}" dominant-baseline="middle">${formatScore(bar.value)}</text></g>`
    );
  });
  const width = labelWidth + barWidth + 80;
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${label}">${rows.join('')}</svg>`;
}

function notesSection(input: AutomlReportInput): string {
  const head = '<section id="notes"><h2>Data notes</h2>';
  if (input.notes.length === 0) return `${head}<p class="muted">No notes.</p></section>`;
  const rows = input.notes
    .map((n) => `<tr><td>${escapeHtml(n.column ?? '')}</td><td>${escapeHtml(n.kind)}</td><td>${escapeHtml(n.message)}</td></tr>`)
    .join('');
  return `${head}<table><thead><tr><th>Column</th><th>Kind</th><th>Message</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** A trial number as written, through Number() so a mistyped value from JSON cannot carry markup. */
function formatId(value: number): string {
  return String(Number(value));
}

/** A whole count with thousands separators (10,000 rows), the same in every locale. */
function formatCount(value: number): string {
  const n = Number(value);
  return Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : formatScore(n);
}

function isFiniteNumber(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value);
}

/** Four significant digits; exponent notation only outside [1e-3, 1e6); NaN and ±Infinity spelt out. */
function formatScore(value: number | undefined): string {
  if (value === undefined) return '';
  const n = Number(value);
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
  const magnitude = Math.abs(n);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6)) return n.toExponential(3);
  if (magnitude >= 1e4) return Math.round(n).toString();
  return n.toPrecision(4);
}

function formatSeconds(value: number): string {
  const n = Number(value);
  return Number.isFinite(n) ? `${n.toFixed(1)} s` : formatScore(n);
}

/** A param value as typed, a non-integer number to four significant digits (TPE draws long floats). */
function paramValue(value: string | number | boolean): string {
  return typeof value === 'number' && !Number.isInteger(value) ? formatScore(value) : String(value);
}

/** SVG coordinates to 0.01 px: exact enough to draw, short enough to keep the page small. */
function coordinate(value: number): string {
  return String(Math.round(value * 100) / 100);
}
