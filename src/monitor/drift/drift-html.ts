import { escapeHtml, reportPage } from '../../core/index.js';
import type { Distribution } from './column-sample.js';
import type { ColumnDrift, DriftReport, MultivariateDrift } from './drift-report.js';

/** What the page shows besides the report. */
export interface DriftHtmlOptions {
  /** Page title (user-influenced: escaped). Default `Drift report`. */
  readonly title?: string;
  /** ISO timestamp given by the caller (the renderer never reads the clock). */
  readonly generatedAt: string;
}

const REFERENCE_COLOUR = '#4e79a7';
const CURRENT_COLOUR = '#f28e2b';
const CHART = { width: 560, height: 200, left: 48, right: 12, top: 12, bottom: 56 } as const;

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;margin:2rem auto;max-width:1100px;padding:0 1rem}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de}h3{font-size:1rem;margin:1.5rem 0 .3rem}
.muted{color:#656d76}dl.summary{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}
table{border-collapse:collapse;font-size:13px}th,td{border-bottom:1px solid #e5e7eb;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}code{font-size:12px;word-break:break-word}
.verdict{font-weight:600}.drift{color:#b42318}.stable{color:#1a7f37}.none{color:#656d76}
.legend{list-style:none;padding:0;display:flex;gap:1rem}.swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-1px}
section.column{border-top:1px solid #eaeef2;margin-top:1rem}svg text{font:10px system-ui,sans-serif;fill:#1f2328}.axis{stroke:#8c959f}`;

function fmt(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  return abs < 1e-4 || abs >= 1e6 ? value.toExponential(3) : Number(value.toPrecision(4)).toString();
}

function verdict(drift: boolean, status: string): string {
  if (status === 'insufficient-data') return '<span class="verdict none">no verdict</span>';
  if (status === 'type-changed') return '<span class="verdict drift">type changed</span>';
  return drift ? '<span class="verdict drift">drift</span>' : '<span class="verdict stable">no drift</span>';
}

function rule(kind: string | null, threshold: number | null): string {
  if (kind === null || threshold === null) return '—';
  return kind === 'p-value' ? `p &lt; ${fmt(threshold)}` : `≥ ${fmt(threshold)}`;
}

/**
 * Renders a drift report as one self-contained HTML page (no script, no external resource: a
 * Content-Security-Policy meta forbids them): the dataset verdict, multivariate results, a table of every column
 * (most drifted first) and per column both distributions (overlaid histogram or category bars), the method, its
 * score, threshold and verdict. Every user-influenced string (labels, column names, levels) is escaped. Pure.
 */
export function renderDriftReport(report: DriftReport, options: DriftHtmlOptions): string {
  return reportPage({
    title: options.title ?? 'Drift report',
    generated: `Drift report generated ${options.generatedAt}`,
    css: CSS,
    sections: [
      summary(report),
      multivariateSection(report.multivariate),
      columnTable(report.columns),
      legend(),
      ...report.columns.map(columnSection),
      skippedSection(report.skipped),
    ],
  });
}

function summary(report: DriftReport): string {
  const d = report.dataset;
  const rows: [string, string][] = [
    ['Verdict', d.drift ? '<span class="verdict drift">dataset drift</span>' : '<span class="verdict stable">no dataset drift</span>'],
    [
      'Drifted columns',
      `${d.drifted} of ${d.compared} (${(d.share * 100).toFixed(1)}%; dataset drift at ≥ ${(d.driftShare * 100).toFixed(1)}%)`,
    ],
    ['Reference', `<code>${escapeHtml(report.reference.label)}</code>, ${report.reference.rows} rows`],
    ['Current', `<code>${escapeHtml(report.current.label)}</code>, ${report.current.rows} rows`],
    ['P-value correction', report.correction === 'none' ? 'none' : 'Benjamini–Hochberg across the p-value columns'],
  ];
  return `<section><h2>Summary</h2><dl class="summary">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl></section>`;
}

function multivariateSection(results: readonly MultivariateDrift[]): string {
  if (results.length === 0) return '';
  const rows = results.map((m) => {
    const top = Array.isArray(m.details['topFeatures'])
      ? (m.details['topFeatures'] as { feature: string; importance: number }[])
          .map((f) => `${escapeHtml(f.feature)} (${fmt(f.importance)})`)
          .join(', ')
      : '';
    return (
      `<tr><td><code>${escapeHtml(m.method)}</code></td><td class="num">${fmt(m.score)}</td><td>${rule(m.kind, m.threshold)}</td>` +
      `<td>${m.score === null ? '<span class="verdict none">no verdict</span>' : verdict(m.drift, 'ok')}</td><td>${top || escapeHtml(m.note ?? '')}</td></tr>`
    );
  });
  return (
    '<section><h2>Multivariate</h2><table><thead><tr><th>method</th><th class="num">score</th><th>drift when</th><th>verdict</th><th>most telling features</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table></section>`
  );
}

function anchor(index: number): string {
  return `col-${index}`;
}

function columnTable(columns: readonly ColumnDrift[]): string {
  const rows = columns.map(
    (c, i) =>
      `<tr><td><a href="#${anchor(i)}"><code>${escapeHtml(c.column)}</code></a></td><td>${escapeHtml(c.type)}</td>` +
      `<td>${c.method === null ? '—' : `<code>${escapeHtml(c.method)}</code>`}</td><td class="num">${fmt(c.score)}</td>` +
      `<td class="num">${fmt(c.adjustedPValue)}</td><td>${rule(c.kind, c.threshold)}</td>` +
      `<td class="num">${c.effectSize === undefined ? '—' : `${escapeHtml(c.effectSize.name)} ${fmt(c.effectSize.value)}`}</td>` +
      `<td>${verdict(c.drift, c.status)}</td></tr>`,
  );
  return (
    '<section><h2>Columns, most drifted first</h2><table><thead><tr><th>column</th><th>type</th><th>method</th><th class="num">score</th>' +
    '<th class="num">adjusted p</th><th>drift when</th><th class="num">effect size</th><th>verdict</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table></section>`
  );
}

function legend(): string {
  return (
    `<ul class="legend"><li><span class="swatch" style="background:${REFERENCE_COLOUR}"></span>reference</li>` +
    `<li><span class="swatch" style="background:${CURRENT_COLOUR}"></span>current</li></ul>`
  );
}

function columnSection(c: ColumnDrift, index: number): string {
  const facts = [
    `type ${escapeHtml(c.type)}${c.currentType !== c.type ? ` → ${escapeHtml(c.currentType)}` : ''}`,
    c.method === null
      ? 'no method run'
      : `method <code>${escapeHtml(c.method)}</code>${c.choice ? ` (${escapeHtml(c.choice.by)}: ${escapeHtml(c.choice.reason)})` : ''}`,
    `score ${fmt(c.score)}${c.adjustedPValue === undefined ? '' : `, adjusted p ${fmt(c.adjustedPValue)}`}, drift when ${rule(c.kind, c.threshold)}`,
    `values: reference ${c.sizes.reference} (${c.sizes.referenceMissing} missing), current ${c.sizes.current} (${c.sizes.currentMissing} missing)`,
  ];
  if (c.newCategories.length > 0)
    facts.push(
      `new in current: ${c.newCategories
        .slice(0, 20)
        .map((l) => `<code>${escapeHtml(l)}</code>`)
        .join(', ')}${c.newCategories.length > 20 ? ', …' : ''}`,
    );
  if (c.note !== undefined) facts.push(escapeHtml(c.note));
  return (
    `<section class="column" id="${anchor(index)}"><h3><code>${escapeHtml(c.column)}</code> ${verdict(c.drift, c.status)}</h3>` +
    `<p class="muted">${facts.join(' · ')}</p>${c.distribution === undefined ? '' : chart(c.distribution, c.column)}</section>`
  );
}

/** Grouped bars of both sides' shares: histogram bins (labelled by their lower edge) or category levels. */
function chart(d: Distribution, column: string): string {
  const bars = d.reference.length;
  const plotW = CHART.width - CHART.left - CHART.right;
  const plotH = CHART.height - CHART.top - CHART.bottom;
  const max = Math.max(1e-12, ...d.reference, ...d.current);
  const slot = plotW / Math.max(1, bars);
  const barW = Math.max(1, slot * 0.4);
  const y = (share: number) => CHART.top + plotH - (share / max) * plotH;
  const parts: string[] = [];
  for (let i = 0; i < bars; i++) {
    const x = CHART.left + i * slot + slot * 0.1;
    const r = d.reference[i] ?? 0;
    const c = d.current[i] ?? 0;
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${y(r).toFixed(1)}" width="${barW.toFixed(1)}" height="${(CHART.top + plotH - y(r)).toFixed(1)}" fill="${REFERENCE_COLOUR}"><title>reference ${fmt(r)}</title></rect>`,
    );
    parts.push(
      `<rect x="${(x + barW).toFixed(1)}" y="${y(c).toFixed(1)}" width="${barW.toFixed(1)}" height="${(CHART.top + plotH - y(c)).toFixed(1)}" fill="${CURRENT_COLOUR}"><title>current ${fmt(c)}</title></rect>`,
    );
    const label = d.kind === 'levels' ? (d.labels?.[i] ?? '') : fmt(d.edges?.[i] ?? 0);
    if (d.kind === 'levels' || i % Math.ceil(bars / 10) === 0) {
      const short = label.length > 14 ? `${label.slice(0, 13)}…` : label;
      const lx = x + barW;
      parts.push(
        `<text x="${lx.toFixed(1)}" y="${CHART.top + plotH + 12}" transform="rotate(35 ${lx.toFixed(1)} ${CHART.top + plotH + 12})">${escapeHtml(short)}</text>`,
      );
    }
  }
  const axis =
    `<line class="axis" x1="${CHART.left}" y1="${CHART.top + plotH}" x2="${CHART.width - CHART.right}" y2="${CHART.top + plotH}"/>` +
    `<line class="axis" x1="${CHART.left}" y1="${CHART.top}" x2="${CHART.left}" y2="${CHART.top + plotH}"/>` +
    `<text x="${CHART.left - 4}" y="${CHART.top + 8}" text-anchor="end">${fmt(max)}</text><text x="${CHART.left - 4}" y="${CHART.top + plotH}" text-anchor="end">0</text>`;
  return (
    `<svg role="img" width="${CHART.width}" height="${CHART.height}" viewBox="0 0 ${CHART.width} ${CHART.height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${escapeHtml(`${column}: share of values per ${d.kind === 'levels' ? 'level' : 'bin'}`)}</title>${axis}${parts.join('')}</svg>`
  );
}

function skippedSection(skipped: DriftReport['skipped']): string {
  if (skipped.length === 0) return '';
  return `<section><h2>Not compared</h2><ul>${skipped.map((s) => `<li><code>${escapeHtml(s.column)}</code>: ${escapeHtml(s.reason)}</li>`).join('')}</ul></section>`;
}
