/** The `monitor` store extension's tables and migrations (store.ts holds its repository). */
import type { ExtensionMigration } from '../../store/index.js';

/** The extension's tables, as Kysely sees them (times in ms since the epoch, JSON documents as text). */
export interface MonitorTables {
  monitor_predictions: {
    id: string;
    model_name: string;
    model_version: number | null;
    prediction_id: string;
    timestamp: number;
    inputs: string;
    outputs: string;
    received_at: number;
  };
  monitor_labels: {
    model_name: string;
    prediction_id: string;
    label: string;
    timestamp: number;
    received_at: number;
  };
  monitor_counters: {
    model_name: string;
    name: string;
    value: number;
  };
  /** Cached performance references of model versions (migration 0002): the artifact holding the scored rows. */
  monitor_references: {
    model_name: string;
    model_version: number;
    /** `validation` (rebuilt from the run) or `dataset:NAME@VER` (given by the user). */
    source: string;
    digest: string;
    created_at: number;
  };
}

/** The extension's migrations, oldest first; permanent once released. */
export const monitorMigrations: readonly ExtensionMigration[] = [
  {
    name: '0001-ingestion',
    async up(db) {
      await db.schema
        .createTable('monitor_predictions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('model_name', 'text', (c) => c.notNull())
        .addColumn('model_version', 'integer')
        .addColumn('prediction_id', 'text', (c) => c.notNull())
        .addColumn('timestamp', 'bigint', (c) => c.notNull())
        .addColumn('inputs', 'text', (c) => c.notNull())
        .addColumn('outputs', 'text', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('monitor_predictions_model_prediction', ['model_name', 'prediction_id'])
        .execute();
      await db.schema
        .createIndex('monitor_predictions_model_time')
        .on('monitor_predictions')
        .columns(['model_name', 'timestamp', 'prediction_id'])
        .execute();
      await db.schema.createIndex('monitor_predictions_time').on('monitor_predictions').column('timestamp').execute();
      await db.schema
        .createTable('monitor_labels')
        .addColumn('model_name', 'text', (c) => c.notNull())
        .addColumn('prediction_id', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('timestamp', 'bigint', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('monitor_labels_pk', ['model_name', 'prediction_id'])
        .execute();
      await db.schema.createIndex('monitor_labels_time').on('monitor_labels').column('timestamp').execute();
      await db.schema
        .createTable('monitor_counters')
        .addColumn('model_name', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('monitor_counters_pk', ['model_name', 'name'])
        .execute();
    },
  },
  {
    name: '0002-references',
    async up(db) {
      await db.schema
        .createTable('monitor_references')
        .addColumn('model_name', 'text', (c) => c.notNull())
        .addColumn('model_version', 'integer', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('monitor_references_pk', ['model_name', 'model_version', 'source'])
        .execute();
    },
  },
];
