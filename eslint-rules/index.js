/**
 * The project's own ESLint rules, listed explicitly (no scanning of the folder). Each rule is one file; its tests
 * are a table of valid and invalid cases in test/eslint-rules/<rule>.test.ts.
 */
import { noWallClock } from './no-wall-clock.js';

/** The `mlpilot` ESLint plugin: `plugins: { mlpilot: mlpilotPlugin }`, rules as `mlpilot/<id>`. */
export const mlpilotPlugin = {
  meta: { name: 'mlpilot' },
  rules: {
    'no-wall-clock': noWallClock,
  },
};
