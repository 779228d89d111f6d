/**
 * Continuous monitoring (DESIGN.md §2, issue 16): ingestion of predictions and labels with windows over them,
 * drift statistics, drift methods, profiles, performance, monitors and alerts. Imports core, store, data and ml
 * through their index. This file is the folder's only public surface.
 */
export * from './stats/index.js';
export * from './drift/index.js';
export * from './ingest/index.js';
export * from './performance/index.js';
export * from './alerts/index.js';
