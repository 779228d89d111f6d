import { InvalidArgumentError } from 'commander';

import { defineCommand, verb } from '../define-command.js';

function seconds(value: string): number {
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!(n > 0) || !Number.isFinite(n) || n > 3600) throw new InvalidArgumentError('expected a number of seconds above 0 (at most 3600).');
  return n;
}

const actions = () => import('../actions/quickstart.js');

/** `mlpilot quickstart`: the README's main job (`npm start`), on the embedded defaults. */
export const quickstartCommand = defineCommand({
  name: 'quickstart',
  summary:
    'register the bundled iris dataset, track a run on it, train and register a model, run a short AutoML search (what `npm start` does)',
  register(program, session) {
    verb(
      program,
      session,
      {
        usage: 'quickstart',
        summary:
          'register the bundled iris dataset, track a run on it, train a gbdt classifier, register it as champion, run a 5-second AutoML search registered as iris-automl, and show where to look next',
        examples: ['mlpilot quickstart', 'mlpilot quickstart --cwd /tmp/demo --json', 'mlpilot quickstart --automl-budget 30'],
        options: (c) => c.option('--automl-budget <seconds>', 'wall-clock seconds of the AutoML step (default 5)', seconds),
      },
      async () => (await actions()).quickstart,
    );
  },
});
