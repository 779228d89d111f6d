import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { defineLearner } from '../../../src/ml/define-learner.js';
import { checkSearchSpace } from '../../../src/ml/search-space.js';
import type { SearchSpace } from '../../../src/ml/search-space.js';
import { spyLearner } from '../../fixtures/ml/preprocess/spy-learner.js';

const schema = z
  .object({
    rounds: z.number().int().min(1).max(1000).default(10),
    rate: z.number().gt(0).max(1).default(0.1),
    policy: z.enum(['depth', 'leaf']).default('depth'),
    depth: z.number().int().min(0).max(20).default(6),
    leaves: z.number().int().min(0).default(0),
    penalty: z.enum(['l1', 'l2']).default('l2'),
  })
  .strict();

const good: SearchSpace = {
  rounds: { kind: 'int', low: 4, high: 1000, log: true },
  rate: { kind: 'float', low: 1 / 1024, high: 1, log: true },
  policy: { kind: 'categorical', choices: ['depth', 'leaf'] },
  depth: [
    { kind: 'int', low: 1, high: 12, when: { param: 'policy', in: ['depth'] } },
    { kind: 'categorical', choices: [0, 6], when: { param: 'policy', in: ['leaf'] } },
  ],
  leaves: { kind: 'int', low: 4, high: 4096, log: true, when: { param: 'policy', in: ['leaf'] } },
  penalty: { kind: 'categorical', choices: ['l1', 'l2'], tasks: ['regression'] },
};

function rejects(space: SearchSpace, param: string, problem: RegExp): void {
  expect(() => checkSearchSpace('toy', schema, ['regression', 'binary'], space)).toThrowError(
    expect.objectContaining({
      code: 'MLP_ML_INVALID_PARAM',
      message: expect.stringMatching(new RegExp(`parameter ${param}: search space: .*${problem.source}`)),
    }),
  );
}

describe('checkSearchSpace', () => {
  it('accepts a space whose names, ranges, choices and conditions fit the schema', () => {
    expect(() => checkSearchSpace('toy', schema, ['regression', 'binary'], good)).not.toThrow();
  });

  it('rejects names the schema does not have and values it refuses or changes', () => {
    rejects({ ...good, round: { kind: 'int', low: 1, high: 5 } }, 'round', /1 is not accepted/);
    rejects({ ...good, rounds: { kind: 'int', low: 1, high: 5000 } }, 'rounds', /5000 is not accepted/);
    rejects({ ...good, rate: { kind: 'float', low: 0.5, high: 2 } }, 'rate', /2 is not accepted/);
    rejects({ ...good, policy: { kind: 'categorical', choices: ['depth', 'hist'] } }, 'policy', /"hist" is not accepted/);
    rejects({ ...good, rounds: { kind: 'categorical', choices: ['10'] } }, 'rounds', /"10" is not accepted/);
  });

  it('rejects malformed ranges and choices', () => {
    rejects({ ...good, rate: { kind: 'float', low: 0.5, high: 0.5 } }, 'rate', /low < high/);
    rejects({ ...good, rate: { kind: 'float', low: 0, high: 1, log: true } }, 'rate', /low > 0/);
    rejects({ ...good, rounds: { kind: 'int', low: 1.5, high: 9 } }, 'rounds', /integer ends/);
    rejects({ ...good, rate: { kind: 'float', low: 0.1, high: Number.POSITIVE_INFINITY } }, 'rate', /finite/);
    rejects({ ...good, policy: { kind: 'categorical', choices: [] } }, 'policy', /at least one choice/);
    rejects({ ...good, policy: { kind: 'categorical', choices: ['depth', 'depth'] } }, 'policy', /distinct/);
    rejects(
      { ...good, penalty: { kind: 'categorical', choices: ['l1'], tasks: ['multiclass'] } },
      'penalty',
      /tasks must be some of regression, binary/,
    );
  });

  it('rejects conditions that do not name an unconditional categorical parameter of the space, or values it cannot take', () => {
    rejects(
      { ...good, leaves: { kind: 'int', low: 4, high: 64, when: { param: 'missing', in: ['leaf'] } } },
      'leaves',
      /not another parameter/,
    );
    rejects({ ...good, leaves: { kind: 'int', low: 4, high: 64, when: { param: 'leaves', in: [4] } } }, 'leaves', /not another parameter/);
    rejects(
      { ...good, leaves: { kind: 'int', low: 4, high: 64, when: { param: 'rate', in: [0.1] } } },
      'leaves',
      /categorical and unconditional/,
    );
    rejects(
      { ...good, rate: { kind: 'float', low: 0.01, high: 1, when: { param: 'depth', in: [0] } } },
      'rate',
      /categorical and unconditional/,
    );
    rejects(
      { ...good, leaves: { kind: 'int', low: 4, high: 64, when: { param: 'policy', in: ['lossguide'] } } },
      'leaves',
      /values must be choices of policy/,
    );
    rejects({ ...good, leaves: { kind: 'int', low: 4, high: 64, when: { param: 'policy', in: [] } } }, 'leaves', /values must be choices/);
  });

  it('rejects alternatives without conditions, on different parameters, or overlapping', () => {
    rejects({ ...good, depth: [] }, 'depth', /no alternatives/);
    rejects(
      {
        ...good,
        depth: [
          { kind: 'int', low: 1, high: 12 },
          { kind: 'int', low: 0, high: 1, when: { param: 'policy', in: ['leaf'] } },
        ],
      },
      'depth',
      /same parameter/,
    );
    rejects(
      {
        ...good,
        depth: [
          { kind: 'int', low: 1, high: 12, when: { param: 'policy', in: ['depth'] } },
          { kind: 'int', low: 0, high: 1, when: { param: 'penalty', in: ['l1'] } },
        ],
      },
      'depth',
      /same parameter/,
    );
    rejects(
      {
        ...good,
        depth: [
          { kind: 'int', low: 1, high: 12, when: { param: 'policy', in: ['depth'] } },
          { kind: 'int', low: 0, high: 1, when: { param: 'policy', in: ['depth', 'leaf'] } },
        ],
      },
      'depth',
      /overlap at policy = "depth"/,
    );
  });

  it('checks the space and the iteration parameter when a learner is defined', () => {
    const base = spyLearner({});
    const definition = { ...base, fit: base.fit, load: base.load };
    expect(() => defineLearner({ ...definition, searchSpace: { shrink: { kind: 'float', low: 0, high: 2 } } })).toThrowError(
      expect.objectContaining({
        code: 'MLP_ML_INVALID_PARAM',
        message: expect.stringMatching(/spy: parameter shrink: search space: 2 is not accepted/),
      }),
    );
    expect(() => defineLearner({ ...definition, capabilities: { ...base.capabilities, iterationParam: 'rounds' } })).toThrowError(
      expect.objectContaining({ code: 'MLP_ML_INVALID_PARAM', message: expect.stringMatching(/iterationParam/) }),
    );
    expect(defineLearner({ ...definition, searchSpace: { shrink: { kind: 'float', low: 0, high: 1 } } }).searchSpace).toEqual({
      shrink: { kind: 'float', low: 0, high: 1 },
    });
  });
});
