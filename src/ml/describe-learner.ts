import { z } from 'zod';

import type { JsonObject, JsonValue } from '../core/index.js';
import type { Learner, LearnerCapabilities } from './learner.js';
import type { PeerLibrary } from './param-aliases.js';
import type { SearchSpace } from './search-space.js';

/** One hyperparameter as data: its JSON Schema (type, bounds, choices, description) and its default. */
export interface ParamDescription {
  readonly name: string;
  /** JSON Schema (draft 2020-12) of the values the parameter accepts. */
  readonly schema: JsonObject;
  /** The value used when the parameter is not given; absent when the learner decides (e.g. from the task). */
  readonly default?: JsonValue;
  readonly description?: string;
  /** Its names in scikit-learn, XGBoost and LightGBM (absent when the learner lists none). */
  readonly aliases?: { readonly [library in PeerLibrary]?: readonly string[] };
}

/** Everything about a learner that the CLI, the REST API, AutoML and the dashboard list: plain JSON. */
export interface LearnerDescription {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly capabilities: LearnerCapabilities;
  readonly params: readonly ParamDescription[];
  readonly searchSpace: SearchSpace;
}

/**
 * Describes a learner as data: its capabilities, every hyperparameter with its JSON Schema and default (read from
 * its zod schema, so the description cannot drift from what `fit` accepts) and its names in other libraries, and
 * its search space.
 */
export function describeLearner(learner: Learner): LearnerDescription {
  const json = z.toJSONSchema(learner.params, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as JsonObject;
  const properties = (json['properties'] ?? {}) as Record<string, JsonObject>;
  const defaults = learner.params.safeParse({});
  const values: Record<string, unknown> = defaults.success ? defaults.data : {};
  const params = Object.entries(properties).map(([name, schema]): ParamDescription => {
    const { description, default: fallback, ...rest } = schema;
    const value = values[name] ?? fallback;
    const aliases = learner.paramAliases[name];
    return {
      name,
      schema: rest,
      ...(value === undefined ? {} : { default: value as JsonValue }),
      ...(typeof description === 'string' ? { description } : {}),
      ...(aliases === undefined ? {} : { aliases }),
    };
  });
  return {
    id: learner.id,
    title: learner.title,
    description: learner.description,
    capabilities: learner.capabilities,
    params,
    searchSpace: learner.searchSpace,
  };
}

/**
 * The values a parameter's JSON Schema accepts, in one short line: `integer in [1, 100000]`, `number in (0, 1]`,
 * `number ≥ 0`, `one of depthwise, lossguide`, `list of -1, 0, 1`, `boolean`. Bounds at or beyond
 * `Number.MAX_SAFE_INTEGER` are left out (zod's "any integer").
 */
export function paramRange(schema: JsonObject): string {
  if (Array.isArray(schema['enum'])) return `one of ${schema['enum'].map(String).join(', ')}`;
  if ('const' in schema) return String(schema['const']);
  if (Array.isArray(schema['anyOf'])) {
    const parts = (schema['anyOf'] as JsonObject[]).map(paramRange);
    return parts.every((p) => !p.includes(' ')) ? `one of ${parts.join(', ')}` : parts.join(' or ');
  }
  const type = typeof schema['type'] === 'string' ? schema['type'] : 'any value';
  if (type === 'array') {
    const items = schema['items'];
    const inner =
      items !== null && typeof items === 'object' && !Array.isArray(items) ? paramRange(items).replace(/^one of /, '') : 'values';
    return `list of ${inner}`;
  }
  const finite = (v: JsonValue | undefined): v is number => typeof v === 'number' && Math.abs(v) < Number.MAX_SAFE_INTEGER;
  const low = finite(schema['minimum'])
    ? { v: schema['minimum'], open: false }
    : finite(schema['exclusiveMinimum'])
      ? { v: schema['exclusiveMinimum'], open: true }
      : undefined;
  const high = finite(schema['maximum'])
    ? { v: schema['maximum'], open: false }
    : finite(schema['exclusiveMaximum'])
      ? { v: schema['exclusiveMaximum'], open: true }
      : undefined;
  if (low !== undefined && high !== undefined) return `${type} in ${low.open ? '(' : '['}${low.v}, ${high.v}${high.open ? ')' : ']'}`;
  if (low !== undefined) return `${type} ${low.open ? '>' : '≥'} ${low.v}`;
  if (high !== undefined) return `${type} ${high.open ? '<' : '≤'} ${high.v}`;
  return String(type);
}
