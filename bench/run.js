#!/usr/bin/env node
// `npm run bench -- NAME [args…]` runs bench/NAME.bench.ts (TypeScript, through tsx) and prints its table.
// Without NAME it lists the benchmarks.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const names = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));
const [name, ...rest] = process.argv.slice(2);
if (name === undefined || !names.includes(name)) {
  console.error(`usage: npm run bench -- NAME [args…]\nbenchmarks: ${names.join(', ') || '(none)'}`);
  process.exit(name === undefined ? 0 : 2);
}
const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, `${name}.bench.ts`), ...rest], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
