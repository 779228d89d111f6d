/**
 * What the CLI's human output does with control characters in user-provided text (names, tags, descriptions,
 * params, error messages): a name such as `"\x1b]0;pwned\x07"` must print as those characters, not retitle the
 * terminal, clear the screen or move the cursor. JSON output is left to {@link escapeJsonControls}.
 */

// C0 controls but line feed and tab, DEL, and the C1 controls (U+0080–U+009F, which include CSI U+009B,
// OSC U+009D and ST U+009C: terminals that honour 8-bit controls act on them like ESC sequences).
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * `text` with every control character that can act on a terminal (ESC, BEL, CR, backspace, form feed, vertical
 * tab, DEL, the 8-bit C1 set such as CSI U+009B …) replaced by a visible `\xHH` escape; line feeds and tabs are
 * kept. Printable text, including non-ASCII letters and backslashes, is unchanged, so the result is idempotent.
 */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const JSON_RAW_CONTROLS = /[\u007f-\u009f]/g;

/**
 * A JSON text with DEL and the C1 controls written as `\u00XX` escapes. `JSON.stringify` escapes U+0000–U+001F
 * already but leaves these raw; the escaped text parses to the same value, so JSON output stays exact.
 */
export function escapeJsonControls(json: string): string {
  return json.replace(JSON_RAW_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
