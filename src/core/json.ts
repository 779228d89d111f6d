import { ValidationError } from './errors/index.js';

/** A value that survives `JSON.stringify` / `JSON.parse` unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

function copy(value: unknown, path: string, open: Set<object>): JsonValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value === undefined) return undefined;
  if (typeof value !== 'object') throw ValidationError({ field: path, problem: `a ${typeof value} cannot be stored as JSON` });
  if (open.has(value)) throw ValidationError({ field: path, problem: 'refers back to itself (a cycle cannot be stored as JSON)' });
  open.add(value);
  try {
    if (Array.isArray(value)) return value.map((item: unknown, i) => copy(item, `${path}[${i}]`, open) ?? null);
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null)
      throw ValidationError({ field: path, problem: 'only plain objects and arrays can be stored as JSON' });
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      const json = copy(item, `${path}.${key}`, open);
      if (json !== undefined) out[key] = json;
    }
    return out;
  } finally {
    open.delete(value);
  }
}

/**
 * Copies plain data into a typed {@link JsonValue} the way `JSON.stringify` writes it: object properties that
 * are `undefined` are left out, array items that are become null, and non-finite numbers become null. Lets
 * typed interfaces (which TypeScript does not treat as JSON) be stored without a cast.
 * @throws MLP_CORE_VALIDATION naming the path of a value JSON cannot hold (function, symbol, bigint, class
 *   instance such as a Date or typed array, a cycle).
 */
export function toJsonValue(value: unknown, path = '$'): JsonValue {
  return copy(value, path, new Set()) ?? null;
}

/** {@link toJsonValue} for an object. @throws MLP_CORE_VALIDATION as it does. */
export function toJsonObject(value: object, path = '$'): JsonObject {
  const json = toJsonValue(value, path);
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw ValidationError({ field: path, problem: 'must be a plain object' });
  return json;
}
