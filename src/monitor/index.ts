/**
 * Continuous monitoring (issue 16): its public surface. Other folders import `src/monitor` through this file only.
 */
export * from './alerts/index.js';
