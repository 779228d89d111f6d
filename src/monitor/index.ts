/**
 * Continuous monitoring (DESIGN.md §2): ingestion of predictions and labels with windows over them, and the
 * statistics, drift, performance and alerting built on top. Imports core, store, data and ml through their index.
 */
export * from './ingest/index.js';
