/** The metadata store: one Kysely implementation over SQLite (default) and PostgreSQL, extensible by capabilities. */
export * from './contract.js';
export { openStore } from './open-store.js';
export type { OpenStoreOptions } from './open-store.js';
export { parseStoreUrl, redactUrl } from './connect.js';
export type { StoreLocation } from './connect.js';
export { parseFilter, parseOrderKey } from './search/parser.js';
export type { Comparison, OrderKey, Operator } from './search/parser.js';
export { defineStoreExtension } from './extensions/store-extension.js';
export type { ArtifactColumn, ExtensionMigration, StoreExtension, StoreExtensionSpec } from './extensions/store-extension.js';
export type { ExtensionContext, ExtensionEvent, ExtensionTransaction } from './extensions/extension-context.js';
export type { DialectKind } from './dialect.js';
