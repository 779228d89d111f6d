import type { ESLint, Rule } from 'eslint';

/** The `mlpilot` ESLint plugin (see index.js). */
export declare const mlpilotPlugin: ESLint.Plugin & { rules: Record<'no-wall-clock', Rule.RuleModule> };
