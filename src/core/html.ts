const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes `&`, `<`, `>`, `"` and `'` so a string is inert anywhere in an HTML page or an inline SVG: in text,
 * in a quoted attribute value, in `<title>` and `<text>`. Every report that renders user-influenced strings
 * (dataset and column names, learner ids, params, error messages) passes them through this.
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}
