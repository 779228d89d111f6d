// Preload (`node --import ./bench/lib/record-modules.js …`) that writes the absolute path of every module file
// the process loaded, one per line, to the file named by RECORD_MODULES_TO: ES modules as the loader hook in
// module-hooks.js sees them, CommonJS ones from the require cache when the process exits. Used by
// bench/cli-start.bench.ts and test/integration/cli-start-modules.test.ts to show what a command loads.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const file = process.env.RECORD_MODULES_TO;
if (file !== undefined && file !== '') {
  register('./module-hooks.js', import.meta.url, { data: { file } });
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () => {
    const paths = Object.keys(cache);
    if (paths.length > 0) appendFileSync(file, `${paths.join('\n')}\n`);
  });
}
