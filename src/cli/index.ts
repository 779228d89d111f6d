/**
 * The `mlpilot <noun> <verb>` command line (DESIGN.md §6). `bin/mlpilot.js` runs
 * `process.exitCode = await main(process.argv.slice(2))`.
 */
export { main } from './main.js';
export type { CliIo, OutStream } from './io.js';
export { commands } from './commands/index.js';
export type { CliCommand } from './define-command.js';
export { formatTable, formatKeyValues } from './output/table.js';
export type { TableColumn } from './output/table.js';
