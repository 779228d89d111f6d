/**
 * Continuous monitoring (issue 16): SciPy-exact drift statistics (`stats/`) and drift detection on top of them
 * (`drift/`: methods, automatic choice, Benjamini–Hochberg, the report). Imports core, data and ml through their
 * index files only.
 */
export * from './stats/index.js';
export * from './drift/index.js';
