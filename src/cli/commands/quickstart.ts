import { defineCommand, verb } from '../define-command.js';

const actions = () => import('../actions/quickstart.js');

/** `mlpilot quickstart`: the README's main job (`npm start`), on the embedded defaults. */
export const quickstartCommand = defineCommand({
  name: 'quickstart',
  summary: 'register the bundled iris dataset, track a run on it, train and register a model (what `npm start` does)',
  register(program, session) {
    verb(
      program,
      session,
      {
        usage: 'quickstart',
        summary:
          'register the bundled iris dataset, track a run on it, train a gbdt classifier, register it as champion, and show where to look next',
        examples: ['mlpilot quickstart', 'mlpilot quickstart --cwd /tmp/demo --json'],
      },
      async () => (await actions()).quickstart,
    );
  },
});
