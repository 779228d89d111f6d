/**
 * Lineage both ways, each in ONE SQL statement: a CTE resolves the target (version number, `latest`, alias or
 * hash prefix), and a UNION ALL of typed rows brings everything connected to it; the rows are grouped in JS.
 * Columns: kind, id, s1..s7 (text), n1..n4 (numbers; typed as double precision in the first branch so that
 * PostgreSQL resolves the UNION's column types the same way SQLite does).
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';

import { ConflictError, NotFoundError } from '../../core/index.js';
import type { DatasetLineage, Experiment, InputRole, LineageRepo, ModelLineage, Run, RunStatus, VersionRef } from '../contract.js';
import { datasetVersionFromRow, metricFromDb, modelVersionFromRow } from '../rows.js';
import type { StoreContext } from '../store-context.js';
import { assertName, checkVersionNumber } from '../validate.js';
import { datasetRef } from './datasets.js';

interface LineageRow {
  kind: string;
  id: string | null;
  s1: string | null;
  s2: string | null;
  s3: string | null;
  s4: string | null;
  s5: string | null;
  s6: string | null;
  s7: string | null;
  n1: number | null;
  n2: number | null;
  n3: number | null;
  n4: number | null;
}

const num = (v: number | null): number => Number(v);

function modelVersionCondition(ref: VersionRef): RawBuilder<unknown> {
  if (typeof ref === 'number' || /^[0-9]{1,9}$/.test(ref)) return sql`mv.version = ${checkVersionNumber(Number(ref))}`;
  if (ref === 'latest') return sql`mv.version = (select max(x.version) from model_versions x where x.model_id = m.id)`;
  assertName(ref, 'version reference');
  return sql`mv.version = (select a.version from model_aliases a where a.model_id = m.id and a.alias = ${ref})`;
}

/** The lineage repository over the shared store context. */
export function lineageRepo(s: StoreContext): LineageRepo {
  return {
    async forModelVersion(name, ref) {
      assertName(name, 'model name');
      const result = await sql<LineageRow>`
        with t as (
          select mv.id as mv_id, mv.model_id as model_id, mv.version as version, mv.run_id as run_id, r.experiment_id as experiment_id
          from model_versions mv join models m on m.id = mv.model_id left join runs r on r.id = mv.run_id
          where m.name = ${name} and ${modelVersionCondition(ref)}
        )
        select 'mv' as kind, mv.id, mv.model_id as s1, m.name as s2, mv.run_id as s3, mv.bundle_digest as s4, mv.signature_json as s5,
               mv.metrics_json as s6, mv.description as s7, cast(mv.version as double precision) as n1,
               cast(mv.created_at as double precision) as n2, cast(null as double precision) as n3, cast(null as double precision) as n4
          from t join model_versions mv on mv.id = t.mv_id join models m on m.id = mv.model_id
        union all select 'mvtag', null, g.key, g.value, null, null, null, null, null, null, null, null, null
          from t join model_version_tags g on g.model_version_id = t.mv_id
        union all select 'alias', null, a.alias, null, null, null, null, null, null, null, null, null, null
          from t join model_aliases a on a.model_id = t.model_id and a.version = t.version
        union all select 'run', r.id, r.experiment_id, r.name, r.status, r.parent_run_id, r.git_commit, null, null,
               r.start_time, r.end_time, r.git_dirty, r.deleted
          from t join runs r on r.id = t.run_id
        union all select 'param', null, p.key, p.value, null, null, null, null, null, null, null, null, null
          from t join run_params p on p.run_id = t.run_id
        union all select 'tag', null, g.key, g.value, null, null, null, null, null, null, null, null, null
          from t join run_tags g on g.run_id = t.run_id
        union all select 'metric', null, l.key, null, null, null, null, null, null, l.value, null, null, null
          from t join latest_metrics l on l.run_id = t.run_id
        union all select 'input', dv.id, d.name, i.role, dv.content_hash, null, null, null, null, dv.version, null, null, null
          from t join run_inputs i on i.run_id = t.run_id join dataset_versions dv on dv.id = i.dataset_version_id join datasets d on d.id = dv.dataset_id
        union all select 'exp', e.id, e.name, e.description, null, null, null, null, null, e.created_at, e.deleted, null, null
          from t join experiments e on e.id = t.experiment_id
        union all select 'exptag', null, g.key, g.value, null, null, null, null, null, null, null, null, null
          from t join experiment_tags g on g.experiment_id = t.experiment_id`.execute(s.db);

      const rows = result.rows;
      const mvRow = rows.find((r) => r.kind === 'mv');
      if (mvRow === undefined) throw NotFoundError({ entity: 'model version', key: `${name}@${ref}` });
      const pairs = (kind: string): Record<string, string> =>
        Object.fromEntries(rows.filter((r) => r.kind === kind).map((r) => [r.s1 as string, r.s2 as string]));
      const modelVersion = modelVersionFromRow(
        {
          id: mvRow.id as string,
          model_id: mvRow.s1 as string,
          model_name: mvRow.s2 as string,
          run_id: mvRow.s3,
          bundle_digest: mvRow.s4 as string,
          signature_json: mvRow.s5 as string,
          metrics_json: mvRow.s6 as string,
          description: mvRow.s7,
          version: num(mvRow.n1),
          created_at: num(mvRow.n2),
        },
        pairs('mvtag'),
        rows.filter((r) => r.kind === 'alias').map((r) => r.s1 as string),
      );
      const inputs = rows
        .filter((r) => r.kind === 'input')
        .map((r) => ({
          datasetVersionId: r.id as string,
          datasetName: r.s1 as string,
          version: num(r.n1),
          role: r.s2 as InputRole,
          contentHash: r.s3 as string,
        }))
        .sort((a, b) => a.datasetName.localeCompare(b.datasetName) || a.version - b.version || a.role.localeCompare(b.role));
      const runRow = rows.find((r) => r.kind === 'run');
      let run: Run | null = null;
      if (runRow !== undefined) {
        run = {
          id: runRow.id as string,
          experimentId: runRow.s1 as string,
          name: runRow.s2,
          status: runRow.s3 as RunStatus,
          parentRunId: runRow.s4,
          gitCommit: runRow.s5,
          startTime: num(runRow.n1),
          endTime: runRow.n2 === null ? null : num(runRow.n2),
          gitDirty: runRow.n3 === null ? null : num(runRow.n3) === 1,
          deleted: num(runRow.n4) === 1,
          params: pairs('param'),
          tags: pairs('tag'),
          metrics: Object.fromEntries(
            rows.filter((r) => r.kind === 'metric').map((r) => [r.s1 as string, metricFromDb(r.n1 === null ? null : num(r.n1))]),
          ),
          inputs: inputs.map(({ contentHash: _c, ...i }) => i),
        };
      }
      const expRow = rows.find((r) => r.kind === 'exp');
      const experiment: Experiment | null =
        expRow === undefined
          ? null
          : {
              id: expRow.id as string,
              name: expRow.s1 as string,
              description: expRow.s2,
              tags: pairs('exptag'),
              createdAt: num(expRow.n1),
              deleted: num(expRow.n2) === 1,
            };
      return {
        modelVersion,
        run,
        experiment,
        code: { gitCommit: run?.gitCommit ?? null, gitDirty: run?.gitDirty ?? null },
        datasets: inputs,
      } satisfies ModelLineage;
    },

    async forDatasetVersion(name, ref) {
      assertName(name, 'dataset name');
      const r = datasetRef(ref);
      const condition =
        r.kind === 'number'
          ? sql`dv.version = ${r.version}`
          : r.kind === 'latest'
            ? sql`dv.version = (select max(x.version) from dataset_versions x where x.dataset_id = d.id)`
            : sql`dv.content_hash like ${`${r.prefix}%`}`;
      const result = await sql<LineageRow>`
        with t as (
          select dv.id as dv_id from dataset_versions dv join datasets d on d.id = dv.dataset_id where d.name = ${name} and ${condition}
        )
        select 'dv' as kind, dv.id, dv.dataset_id as s1, d.name as s2, dv.content_hash as s3, dv.format as s4, dv.source as s5,
               dv.schema_json as s6, dv.profile_json as s7, cast(dv.version as double precision) as n1,
               cast(dv.row_count as double precision) as n2, cast(dv.byte_size as double precision) as n3, cast(dv.created_at as double precision) as n4
          from t join dataset_versions dv on dv.id = t.dv_id join datasets d on d.id = dv.dataset_id
        union all select 'digest', dv.id, dv.artifact_digest, null, null, null, null, null, null, null, null, null, null
          from t join dataset_versions dv on dv.id = t.dv_id
        union all select 'run', r.id, r.name, r.experiment_id, r.status, i.role, null, null, null, r.start_time, null, null, null
          from t join run_inputs i on i.dataset_version_id = t.dv_id join runs r on r.id = i.run_id
        union all select 'mv', mv.run_id, m.name, m.id, null, null, null, null, null, mv.version, null, null, null
          from t join run_inputs i on i.dataset_version_id = t.dv_id join model_versions mv on mv.run_id = i.run_id join models m on m.id = mv.model_id
        union all select 'alias', null, a.model_id, a.alias, null, null, null, null, null, a.version, null, null, null
          from t join run_inputs i on i.dataset_version_id = t.dv_id join model_versions mv on mv.run_id = i.run_id join model_aliases a on a.model_id = mv.model_id and a.version = mv.version`.execute(
        s.db,
      );

      const rows = result.rows;
      const dvRows = rows.filter((row) => row.kind === 'dv');
      if (dvRows.length === 0) throw NotFoundError({ entity: 'dataset version', key: `${name}@${ref ?? 'latest'}` });
      if (new Set(dvRows.map((row) => row.id)).size > 1)
        throw ConflictError({
          entity: 'dataset version',
          key: `${name}@${ref}`,
          reason: 'the hash prefix matches several versions; give more characters',
        });
      const dv = dvRows[0] as LineageRow;
      const digest = rows.find((row) => row.kind === 'digest')?.s1 ?? null;
      const datasetVersion = datasetVersionFromRow({
        id: dv.id as string,
        dataset_id: dv.s1 as string,
        dataset_name: dv.s2 as string,
        content_hash: dv.s3 as string,
        format: dv.s4 as string,
        source: dv.s5 as string,
        schema_json: dv.s6 as string,
        profile_json: dv.s7 as string,
        version: num(dv.n1),
        row_count: num(dv.n2),
        byte_size: num(dv.n3),
        created_at: num(dv.n4),
        artifact_digest: digest,
      });
      const runs = rows
        .filter((row) => row.kind === 'run')
        .map((row) => ({
          runId: row.id as string,
          runName: row.s1,
          experimentId: row.s2 as string,
          status: row.s3 as RunStatus,
          role: row.s4 as InputRole,
          start: num(row.n1),
        }))
        .sort((a, b) => a.start - b.start || a.runId.localeCompare(b.runId) || a.role.localeCompare(b.role))
        .map(({ start: _s, ...run }) => run);
      const aliases = rows.filter((row) => row.kind === 'alias');
      const seen = new Set<string>();
      const modelVersions: DatasetLineage['modelVersions'] = [];
      for (const row of rows.filter((x) => x.kind === 'mv')) {
        const key = `${row.s2}@${row.n1}`;
        if (seen.has(key)) continue; // a run may use the dataset version in several roles
        seen.add(key);
        modelVersions.push({
          modelName: row.s1 as string,
          version: num(row.n1),
          runId: row.id as string,
          aliases: [...new Set(aliases.filter((a) => a.s1 === row.s2 && num(a.n1) === num(row.n1)).map((a) => a.s2 as string))].sort(),
        });
      }
      modelVersions.sort((a, b) => a.modelName.localeCompare(b.modelName) || a.version - b.version);
      return { datasetVersion, runs, modelVersions };
    },
  };
}
