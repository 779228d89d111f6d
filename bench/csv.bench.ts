/**
 * CSV reader benchmark: parse ../shared/datasets/flights.csv (200,000 rows, 7 MB) into mlpilot's columnar frame
 * and, in the same run, with `csv-parse` (sync API, `cast: true`, arrays of values per row).
 *
 *   npm run bench -- csv [--repeats 7]
 *
 * Speed: median over the repeats of file bytes / wall time, and of file bytes / CPU time of the process (both
 * parsers are single-threaded, so CPU time is the one core's busy time; on a shared, loaded machine the wall
 * time also counts the time the core was given to other processes).
 * Memory: each parser runs once more in a fresh child process, which reports its peak resident set size
 * (VmHWM, `peakRssBytes`) minus the resident set size just before parsing (file already read, after
 * `gc()`), divided by the file size; and the memory the result keeps alive (heap + array buffers after `gc()`).
 * Target (issue 3): ≥ 50 MB/s and peak ≤ 3 × the file size.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { readCsv } from '../src/data/index.js';
import { median, peakRssBytes, printTable } from './lib/report.js';

const here = dirname(fileURLToPath(import.meta.url));
const FLIGHTS = join(here, '..', '..', 'shared', 'datasets', 'flights.csv');

type ParserName = 'mlpilot' | 'csv-parse';
const PARSERS: Record<ParserName, (bytes: Buffer) => unknown> = {
  mlpilot: (bytes) => readCsv(bytes, { file: 'flights.csv' }),
  'csv-parse': (bytes) => parse(bytes, { cast: true }) as unknown,
};

interface MemoryReport {
  peakBytes: number;
  retainedBytes: number;
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    gc();
    gc();
  }
}

function heapAndBuffers(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** Child-process side: parse once, print the memory figures as JSON. */
function measureMemoryHere(name: ParserName): void {
  const bytes = readFileSync(FLIGHTS);
  collect();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = heapAndBuffers();
  const result = PARSERS[name](bytes);
  const peakBytes = peakRssBytes() - rssBefore;
  collect();
  const retainedBytes = heapAndBuffers() - heapBefore;
  if (result === undefined) return;
  process.stdout.write(`${JSON.stringify({ peakBytes, retainedBytes } satisfies MemoryReport)}\n`);
}

function measureMemory(name: ParserName): MemoryReport | null {
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--memory-child', name], {
    encoding: 'utf8',
    cwd: join(here, '..'),
  });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as MemoryReport;
  } catch {
    return null;
  }
}

function repeatsFromArgs(): number {
  const index = process.argv.indexOf('--repeats');
  const value = index >= 0 ? Number(process.argv[index + 1]) : 7;
  return Number.isInteger(value) && value >= 5 ? value : 7;
}

/** Runs the benchmark and prints its table (skips with a note when ../shared is absent). */
export async function runCsvBenchmark(): Promise<void> {
  if (!existsSync(FLIGHTS)) {
    printTable('CSV reader (flights.csv)', ['note'], [[`skipped: ${FLIGHTS} not found`]]);
    return;
  }
  const bytes = readFileSync(FLIGHTS);
  const megabytes = bytes.length / 1e6;
  const repeats = repeatsFromArgs();
  const rows: Array<Array<string | number>> = [];
  for (const name of Object.keys(PARSERS) as ParserName[]) {
    const run = PARSERS[name];
    run(bytes); // warm-up (JIT)
    collect();
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      run(bytes);
      wall.push(performance.now() - start);
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000);
    }
    const ms = median(wall);
    const cpuMs = median(cpu);
    const memory = measureMemory(name);
    rows.push([
      name,
      repeats,
      ms,
      megabytes / (ms / 1000),
      cpuMs,
      megabytes / (cpuMs / 1000),
      memory === null ? 'n/a' : (memory.peakBytes / bytes.length).toFixed(2),
      memory === null ? 'n/a' : (memory.retainedBytes / bytes.length).toFixed(2),
    ]);
  }
  printTable(
    `CSV reader: flights.csv (${megabytes.toFixed(1)} MB, 200,000 rows × 5), target ≥ 50 MB/s and peak ≤ 3× file`,
    ['parser', 'runs', 'wall ms (median)', 'MB/s wall', 'CPU ms (median)', 'MB/s CPU', 'peak RSS / file', 'result / file'],
    rows,
  );
}

const self = process.argv[1] === undefined ? '' : pathToFileURL(process.argv[1]).href;
if (import.meta.url === self) {
  const childIndex = process.argv.indexOf('--memory-child');
  if (childIndex >= 0) measureMemoryHere(process.argv[childIndex + 1] as ParserName);
  else await runCsvBenchmark();
}
