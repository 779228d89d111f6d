/** Continuous monitoring (issue 16): the public surface of src/monitor. */
export * from './performance/index.js';
