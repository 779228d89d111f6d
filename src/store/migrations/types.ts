import type { Kysely } from 'kysely';

/** One numbered migration. Names are `NNNN-what` and permanent; the number is the schema version. */
export interface StoreMigration {
  readonly name: string;
  up(db: Kysely<unknown>): Promise<void>;
}
