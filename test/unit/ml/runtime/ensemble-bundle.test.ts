import { beforeAll, describe, expect, it } from 'vitest';

import type { JsonObject } from '../../../../src/core/index.js';
import {
  type BundleContent,
  bundleToOnnx,
  createScorer,
  decodeBundle,
  encodeBundle,
  FittedEnsemble,
  type FittedPipeline,
  fitPipeline,
  loadBundleModel,
  nativeBundle,
  type StateArray,
} from '../../../../src/ml/index.js';
import { caughtCode } from '../../../fixtures/fs/unreadable.js';
import { ensembleData, fitMembers, learners } from '../../../fixtures/ml/ensemble-data.js';

/** Encodes and decodes a bundle, as storing and loading it does. */
const roundTrip = (content: BundleContent) => decodeBundle(encodeBundle(content), 'test');
const fresh = ensembleData(40, 500);
const WEIGHTS = [5, 3, 2];

describe('native bundles of ensembles', () => {
  let ensembles: Record<'y' | 'b' | 'm', FittedEnsemble>;
  beforeAll(async () => {
    const [y, b, m] = await Promise.all([fitMembers('y'), fitMembers('b'), fitMembers('m')]);
    ensembles = {
      y: new FittedEnsemble({ members: y, weights: WEIGHTS }),
      b: new FittedEnsemble({ members: b, weights: WEIGHTS }),
      m: new FittedEnsemble({ members: m, weights: WEIGHTS }),
    };
  });

  it('the manifest model section is { ensembleFormatVersion: 1, ensemble: { weights, members } } with member arrays under members.<i>.', () => {
    const ensemble = ensembles.m;
    const content = nativeBundle(ensemble, { metrics: { accuracy: 0.9 } });
    expect(content.flavor).toBe('native');
    expect(content.signature).toEqual({
      inputs: [
        { name: 'x1', type: 'numeric', nullable: true },
        { name: 'x2', type: 'numeric', nullable: false },
        { name: 'color', type: 'categorical', nullable: false },
      ],
      output: { name: 'm', task: 'multiclass', classes: ['a', 'b', 'c'] },
    });
    expect(content.model).toEqual({
      ensembleFormatVersion: 1,
      ensemble: { weights: WEIGHTS, members: ensemble.members.map((p) => p.toState().meta) },
    });
    const expectedArrays = ensemble.members.flatMap((p, i) => Object.keys(p.toState().arrays).map((name) => `members.${i}.${name}`));
    expect(Object.keys(content.arrays).sort()).toEqual(expectedArrays.sort());
  });

  for (const target of ['y', 'b', 'm'] as const) {
    it(`${target}: encode → decode → createScorer scores exactly as the ensemble in memory`, async () => {
      const ensemble = ensembles[target];
      const scorer = await createScorer(roundTrip(nativeBundle(ensemble)), learners, 'test');
      expect(scorer.task).toBe(ensemble.task);
      expect(scorer.classes).toEqual(ensemble.classes);
      const scored = await scorer.score(fresh);
      expect(scored.values).toEqual(ensemble.predict(fresh));
      if (ensemble.task === 'regression') expect(scored.proba).toBeUndefined();
      else expect(scored.proba).toEqual(ensemble.predictProba(fresh));
      await scorer.close();
    });
  }

  it('loadBundleModel returns the kind "ensemble" with the weights normalised as before', () => {
    const loaded = loadBundleModel(roundTrip(nativeBundle(ensembles.b)), learners, 'test');
    expect(loaded.kind).toBe('ensemble');
    if (loaded.kind !== 'ensemble') return;
    expect(loaded.ensemble.weights).toEqual(ensembles.b.weights);
    expect(loaded.ensemble.description).toBe('ensemble(gbdt×0.5, linear×0.3, knn×0.2)');
  });

  it('a single pipeline’s bundle is byte for byte the one it was before ensembles: { pipelineFormatVersion, pipeline }', () => {
    const pipeline = ensembles.m.members[0] as FittedPipeline;
    const state = pipeline.toState();
    const extra = { metrics: { accuracy: 0.5 }, lineage: { runId: 'r1' } };
    // the content nativeBundle wrote before this change, written out by hand
    const before: BundleContent = {
      flavor: 'native',
      signature: {
        inputs: pipeline.inputSchema.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
        output: { name: 'm', task: 'multiclass', classes: ['a', 'b', 'c'] },
      },
      model: { pipelineFormatVersion: 1, pipeline: state.meta },
      ...extra,
      arrays: state.arrays,
    };
    const now = encodeBundle(nativeBundle(pipeline, extra));
    const then = encodeBundle(before);
    expect([...now.keys()]).toEqual([...then.keys()]);
    for (const [path, bytes] of then) expect(Buffer.from(now.get(path) as Uint8Array).equals(bytes), path).toBe(true);
    expect(loadBundleModel(decodeBundle(now, 'test'), learners, 'test').kind).toBe('pipeline');
  });

  it('ONNX export refuses an ensemble (MLP_ML_EXPORT_UNSUPPORTED naming its members)', async () => {
    const err = await caughtCode(() => bundleToOnnx(roundTrip(nativeBundle(ensembles.y)), learners, 'test'));
    expect(err.code).toBe('MLP_ML_EXPORT_UNSUPPORTED');
    expect(err.details).toMatchObject({ model: 'ensemble(gbdt×0.5, linear×0.3, knn×0.2)', format: 'onnx' });
    expect(String(err.details.problem)).toContain('ensembles cannot be exported to ONNX');
  });

  describe('a damaged ensemble bundle is refused with MLP_ML_BUNDLE_INVALID naming where', () => {
    /** The multiclass ensemble's bundle after `damage` edits a copy of its model section and arrays. */
    const damaged = (
      damage: (model: { ensembleFormatVersion: number; ensemble: JsonObject }, arrays: Record<string, StateArray>) => void,
    ) => {
      const content = nativeBundle(ensembles.m);
      const model = structuredClone(content.model) as { ensembleFormatVersion: number; ensemble: JsonObject };
      const arrays = { ...content.arrays };
      damage(model, arrays);
      return roundTrip({ ...content, model: model as unknown as JsonObject, arrays });
    };
    const refusal = (bundle: ReturnType<typeof damaged>) => caughtCode(() => createScorer(bundle, learners, 'test'));
    const firstModelArray = (i: number) =>
      Object.keys(ensembles.m.members[i]?.toState().arrays ?? {}).find((n) => n.startsWith('model.')) as string;

    const cases: Array<[string, Parameters<typeof damaged>[0], string, RegExp]> = [
      [
        'a missing member array',
        (_, a) => delete a[`members.1.${firstModelArray(1)}`],
        'ensemble.members.1',
        /array "model\..*" is missing/,
      ],
      [
        'an extra array under a member',
        (_, a) => (a['members.1.model.extra'] = new Float64Array(2)),
        'ensemble.members.1',
        /not listed in meta: model\.extra/,
      ],
      [
        'an array of no member',
        (_, a) => (a['members.3.model.values'] = new Float64Array(2)),
        'ensemble',
        /"members\.3\.model\.values" belongs to no member/,
      ],
      ['an array outside members', (_, a) => (a['weights'] = new Float64Array(3)), 'ensemble', /"weights" belongs to no member/],
      ['fewer weights than members', (m) => (m.ensemble.weights = [1, 1]), 'ensemble', /2 weights for 3 members/],
      ['a zero weight', (m) => (m.ensemble.weights = [1, 0, 1]), 'ensemble', /meta\.weights\.1: weight 0/],
      ['a negative weight', (m) => (m.ensemble.weights = [1, 1, -1]), 'ensemble', /meta\.weights\.2: weight -1/],
      ['a weight that is not a number', (m) => (m.ensemble.weights = [1, 'x', 1]), 'ensemble', /meta\.weights\.1/],
      [
        'no members',
        (m, a) => {
          m.ensemble = { weights: [], members: [] };
          for (const name of Object.keys(a)) delete a[name];
        },
        'ensemble',
        /meta\.members/,
      ],
      ['an unknown key', (m) => (m.ensemble.extra = 1), 'ensemble', /meta\./],
      ['a newer ensemble format', (m) => (m.ensembleFormatVersion = 2), 'ensemble', /format version 2 is not supported/],
      [
        'a pipeline next to the ensemble',
        (m) => Object.assign(m, { pipelineFormatVersion: 1, pipeline: {} }),
        'test',
        /both a pipeline and an ensemble/,
      ],
    ];
    it.each(cases)('%s', async (_, damage, location, problem) => {
      const err = await refusal(damaged(damage));
      expect(err.code).toBe('MLP_ML_BUNDLE_INVALID');
      expect(err.details.location).toBe(location);
      expect(String(err.details.problem)).toMatch(problem);
    });

    it('a member whose classes are in another order (swapped in from another pipeline)', async () => {
      const flipped = await fitPipeline({
        frame: ensembleData().select(['x1', 'b']),
        target: 'b',
        learner: learners.get('linear'),
        positiveClass: 'no',
        context: { seed: 1, threads: 1 },
      });
      expect(flipped.classes).toEqual(['yes', 'no']);
      const state = flipped.toState();
      const content = nativeBundle(ensembles.b);
      const model = structuredClone(content.model) as { ensemble: { members: JsonObject[] } };
      model.ensemble.members[1] = state.meta;
      const arrays = Object.fromEntries(Object.entries(content.arrays).filter(([name]) => !name.startsWith('members.1.')));
      for (const [name, array] of Object.entries(state.arrays)) arrays[`members.1.${name}`] = array;
      const err = await refusal(roundTrip({ ...content, model: model as unknown as JsonObject, arrays }));
      expect(err).toMatchObject({ code: 'MLP_ML_BUNDLE_INVALID', details: { location: 'ensemble.members.1.classes' } });
      expect(String(err.details.problem)).toContain('["yes","no"]');
    });
  });
});
