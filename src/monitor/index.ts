/**
 * Continuous monitoring (DESIGN.md §2, issue 16): drift statistics, drift methods, profiles, performance,
 * monitors and alerts. This file is the folder's only public surface.
 */
export * from './stats/index.js';
export * from './drift/index.js';
