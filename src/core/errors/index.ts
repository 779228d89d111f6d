export { defineError, listErrorCodes, isMlpError, MlpError, ExitCode } from './define-error.js';
export type { ErrorDetails, ErrorFactory, ErrorSpec, ExitCodeValue } from './define-error.js';
export * from './core-errors.js';
export * from './store-errors.js';
export * from './data-errors.js';
export * from './artifact-errors.js';
export * from './jobs-errors.js';
export * from './auth-errors.js';
export * from './ml-errors.js';
