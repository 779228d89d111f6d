const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes `&`, `<`, `>`, `"` and `'` so a string is inert anywhere in an HTML page or an inline SVG: in text,
 * in a quoted attribute value, in `<title>` and `<text>`. Every report that renders user-influenced strings
 * (dataset and column names, learner ids, params, error messages) passes them through this.
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}

/**
 * A self-contained report page: no script and no external resource (a Content-Security-Policy meta forbids them),
 * the inline `css`, a header with the title and `generated` line, then the `sections` (HTML the caller built, its
 * user-influenced strings already escaped). `title` and `generated` are escaped here.
 */
export function reportPage(page: { title: string; generated: string; css: string; sections: readonly string[] }): string {
  const title = escapeHtml(page.title);
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title><style>${page.css}</style></head><body>`,
    `<header><h1>${title}</h1><p class="muted">${escapeHtml(page.generated)}</p></header>`,
    ...page.sections,
    '</body></html>',
    '',
  ].join('\n');
}
