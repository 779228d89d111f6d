import { BundleInvalidError } from '../../core/index.js';

/**
 * Parses JSON that may contain the bare tokens `NaN`, `Infinity` and `-Infinity` outside strings (XGBoost writes
 * `NaN` as the split condition of categorical nodes). `NaN` becomes `null` (read back as NaN by the importers),
 * the infinities become `±1e999`, which `JSON.parse` reads as ±Infinity. Only data is produced: this is
 * `JSON.parse` after a token rewrite, nothing is evaluated.
 * @throws MLP_ML_BUNDLE_INVALID when the text is not JSON even after the rewrite.
 */
export function parseLenientJson(text: string, location: string): unknown {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    if (c === 78 && text.startsWith('NaN', i)) {
      out += text.slice(last, i) + 'null';
      i += 2;
      last = i + 1;
    } else if (c === 73 && text.startsWith('Infinity', i)) {
      out += text.slice(last, i) + '1e999';
      i += 7;
      last = i + 1;
    }
  }
  out += text.slice(last);
  try {
    return JSON.parse(out) as unknown;
  } catch (e) {
    throw BundleInvalidError({
      location,
      problem: `it is not JSON (${(e as Error).message}); export the model with save_model('model.json')`,
    });
  }
}
