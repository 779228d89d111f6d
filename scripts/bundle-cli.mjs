// Bundles the compiled CLI (dist/) into dist/bundle/ for `bin/mlpilot.js`. Loading some 500 small modules cost the
// CLI most of its start-up (file system calls, module linking, one compile per file); a few chunks load in about
// half the time (`npm run bench -- cli-start`). Run by `npm run build` after tsc.
//
// Everything lands flat in one folder, so the URLs the code builds from its own location keep working:
// `new URL('./thread-entry.js', import.meta.url)` (job pool threads), `./worker.js` (the engine's compute pool),
// `./job-handlers.js` (the workspace's handler module) are entry points of their own, and `../../examples` is the
// repository's examples folder from dist/bundle/ as it is from dist/cli/. Code splitting keeps one copy of every
// module across the entries. Native addons and the packages only some commands load stay external.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = fileURLToPath(new URL('../dist/bundle', import.meta.url));
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    mlpilot: 'dist/cli/index.js',
    'thread-entry': 'dist/jobs/thread-entry.js',
    worker: 'dist/ml/compute/worker.js',
    'job-handlers': 'dist/workspace/job-handlers.js',
  },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  chunkNames: 'chunk-[hash]',
  external: [
    'better-sqlite3',
    'onnxruntime-node',
    'pg',
    'pg-boss',
    'fastify',
    'hyparquet',
    'hyparquet-compressors',
    'prom-client',
    'cli-progress',
    'yaml',
    'tsx',
  ],
  // Bundled CommonJS packages (commander) call require(); an ES module has none, so give every chunk one.
  banner: {
    js: "import { createRequire as mlpilotCreateRequire } from 'node:module'; const require = mlpilotCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
