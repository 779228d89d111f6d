import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Transferable } from 'node:worker_threads';

/** What a new worker thread is handed (see `new Worker`'s options of the same names). */
export interface WorkerStartOptions {
  readonly workerData?: unknown;
  readonly transferList?: readonly Transferable[];
}

/** True when this process runs mlpilot from its TypeScript sources (vitest, tsx) rather than from `dist/`. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');

/**
 * Starts a worker thread on the module `entry`, named as its compiled file (`new URL('./x.js', import.meta.url)`),
 * from the build and from source alike. The one bootstrap of every thread mlpilot starts (the job pool of
 * src/jobs, the compute pool of src/ml/compute).
 *
 * From the build the entry is that `.js` file. From source the same URL names the `.ts` file next to where the
 * `.js` would be, and Node 20 cannot start a worker on a `.ts` entry even when tsx is loaded in the parent
 * (`execArgv: ['--import', 'tsx']` does not apply to a worker's own entry: "Unknown file extension .ts"). So the
 * thread starts from a one-line loader, evaluated as CommonJS source, that registers tsx's ESM loader in the
 * thread and then imports the `.ts` entry (and, through it, any `.ts` module the entry imports later). That
 * string holds only the two resolved module URLs; it is the one evaluated source left in mlpilot.
 */
export function startWorker(entry: URL, options: WorkerStartOptions = {}): Worker {
  const settings = {
    workerData: options.workerData,
    transferList: options.transferList === undefined ? undefined : [...options.transferList],
  };
  if (!FROM_SOURCE) return new Worker(entry, settings);
  const source = entry.href.endsWith('.js') ? entry.href.slice(0, -'.js'.length) + '.ts' : entry.href;
  // require.resolve picks tsx's "require" build; its ESM twin sits next to it as .mjs.
  const tsxApi = pathToFileURL(
    createRequire(fileURLToPath(import.meta.url))
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const loader = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(loader, { ...settings, eval: true });
}
