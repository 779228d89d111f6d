// ES module loader hooks for record-modules.js: appends the path of each file module once it has loaded.
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let file = '';

export function initialize(data) {
  file = data.file;
}

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (url.startsWith('file:')) appendFileSync(file, `${fileURLToPath(url)}\n`);
  return result;
}
