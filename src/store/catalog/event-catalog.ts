/**
 * The one catalog of event types and subject kinds, as data: the core's (core-catalog.ts) plus those every
 * store extension declares. The store checks every append and every event query against it; `mlpilot events
 * types` and `GET /api/v1/events/types` list it. Names are permanent (see core-catalog.ts).
 */
import { DuplicateIdError, InvalidStoreExtensionError, ValidationError } from '../../core/index.js';

/** An event type as a source (the core or a store extension) declares it. */
export interface EventTypeSpec<T extends string = string> {
  /** `<subject kind>.<past-tense verb>`, lower case with underscores, e.g. `deployment.promoted`. */
  readonly type: T;
  /** The kind of subject the event is about; its name is the type's prefix. */
  readonly subjectKind: string;
  /** What happened and what the payload carries (shown by `mlpilot events types`). */
  readonly description: string;
}

/** A subject kind as a source declares it. */
export interface SubjectKindSpec {
  /** Lower case with underscores, e.g. `deployment`. */
  readonly kind: string;
  /** What the subject is and what its subject id identifies. */
  readonly description: string;
}

/** One event type of the catalog, with the source that declared it (`core` or a store extension id). */
export interface EventTypeInfo extends EventTypeSpec {
  readonly owner: string;
}

/** One subject kind of the catalog, with the source that declared it. */
export interface SubjectKindInfo extends SubjectKindSpec {
  readonly owner: string;
}

/** What one source contributes to the catalog. */
export interface CatalogSource {
  /** `core`, or the id of the store extension. */
  readonly owner: string;
  readonly subjectKinds: readonly SubjectKindSpec[];
  readonly eventTypes: readonly EventTypeSpec[];
}

/** The owner name of the core's entries. */
export const CORE_OWNER = 'core';

const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;
const SUBJECT_KIND_PATTERN = /^[a-z][a-z0-9_]*$/;

/**
 * Checks the names of one source's declarations (their form only; clashes are found when sources combine).
 * @throws MLP_STORE_INVALID_EXTENSION naming the source and the bad entry.
 */
export function checkCatalogSource(source: CatalogSource): void {
  const invalid = (problem: string): Error => InvalidStoreExtensionError({ extension: source.owner, problem });
  for (const kind of source.subjectKinds) {
    if (typeof kind.kind !== 'string' || !SUBJECT_KIND_PATTERN.test(kind.kind))
      throw invalid(`subject kind ${JSON.stringify(kind.kind)} must be lower case letters, digits and underscores`);
    if (typeof kind.description !== 'string' || kind.description.trim() === '')
      throw invalid(`subject kind ${kind.kind} needs a description`);
  }
  for (const event of source.eventTypes) {
    if (typeof event.type !== 'string' || !EVENT_TYPE_PATTERN.test(event.type))
      throw invalid(`event type ${JSON.stringify(event.type)} must look like subject_kind.past_tense_verb`);
    if (event.type.slice(0, event.type.indexOf('.')) !== event.subjectKind)
      throw invalid(`event type ${event.type} must start with its subject kind "${event.subjectKind}."`);
    if (typeof event.description !== 'string' || event.description.trim() === '')
      throw invalid(`event type ${event.type} needs a description`);
  }
}

/** The combined catalog of one open store. Immutable. */
export class EventCatalog {
  /** Every event type: the core's first, then each extension's, each in declaration order. */
  readonly types: readonly EventTypeInfo[];
  /** Every subject kind, in the same order. */
  readonly subjectKinds: readonly SubjectKindInfo[];
  readonly #types = new Map<string, EventTypeInfo>();
  readonly #kinds = new Map<string, SubjectKindInfo>();

  /**
   * Combines sources. An extension's event types may be about its own or the core's subject kinds.
   * @throws MLP_STORE_INVALID_EXTENSION for a malformed name or an unknown subject kind;
   *         MLP_CORE_DUPLICATE_ID when two sources declare the same type or subject kind.
   */
  constructor(sources: readonly CatalogSource[]) {
    for (const source of sources) {
      checkCatalogSource(source);
      for (const spec of source.subjectKinds) {
        if (this.#kinds.has(spec.kind))
          throw DuplicateIdError({
            registry: 'subject kind',
            id: `${spec.kind} (declared by ${this.#kinds.get(spec.kind)?.owner} and ${source.owner})`,
          });
        this.#kinds.set(spec.kind, Object.freeze({ kind: spec.kind, description: spec.description, owner: source.owner }));
      }
    }
    for (const source of sources) {
      for (const spec of source.eventTypes) {
        if (this.#types.has(spec.type))
          throw DuplicateIdError({
            registry: 'event type',
            id: `${spec.type} (declared by ${this.#types.get(spec.type)?.owner} and ${source.owner})`,
          });
        if (!this.#kinds.has(spec.subjectKind))
          throw InvalidStoreExtensionError({
            extension: source.owner,
            problem: `event type ${spec.type} is about the unknown subject kind "${spec.subjectKind}"; declare it in subjectKinds`,
          });
        this.#types.set(
          spec.type,
          Object.freeze({ type: spec.type, subjectKind: spec.subjectKind, description: spec.description, owner: source.owner }),
        );
      }
    }
    this.types = Object.freeze([...this.#types.values()]);
    this.subjectKinds = Object.freeze([...this.#kinds.values()]);
  }

  /** The entry of an event type, or undefined when the catalog does not list it. */
  get(type: string): EventTypeInfo | undefined {
    return this.#types.get(type);
  }

  /** True when the catalog lists the event type. */
  has(type: string): boolean {
    return this.#types.has(type);
  }

  /** True when the catalog lists the subject kind. */
  hasSubjectKind(kind: string): boolean {
    return this.#kinds.has(kind);
  }

  /**
   * Checks an event about to be appended: its type is listed, its subject kind is the type's, and (when
   * `owner` is given) the type was declared by that owner: an extension appends only its own types.
   * @throws MLP_CORE_VALIDATION naming the field.
   */
  checkAppend(event: { type: string; subjectKind: string }, owner?: string): EventTypeInfo {
    const info = this.#types.get(event.type);
    if (info === undefined)
      throw ValidationError({
        field: 'type',
        problem: `unknown event type ${JSON.stringify(event.type)}; the store's catalog lists ${this.types.length} types (mlpilot events types), and a capability declares its own in its store extension`,
      });
    if (info.subjectKind !== event.subjectKind)
      throw ValidationError({
        field: 'subjectKind',
        problem: `event type ${info.type} is about a ${info.subjectKind}, not a ${JSON.stringify(event.subjectKind)}`,
      });
    if (owner !== undefined && info.owner !== owner)
      throw ValidationError({
        field: 'type',
        problem: `event type ${info.type} belongs to ${info.owner}; store extension ${owner} appends only the event types it declares`,
      });
    return info;
  }

  /**
   * Checks the type and subject-kind filters of an event query.
   * @throws MLP_CORE_VALIDATION naming `types[i]` or `subjectKind`.
   */
  checkQuery(query: { types?: readonly string[]; subjectKind?: string }): void {
    query.types?.forEach((type, i) => {
      if (!this.#types.has(type))
        throw ValidationError({
          field: `types[${i}]`,
          problem: `unknown event type ${JSON.stringify(type)}; see \`mlpilot events types\``,
        });
    });
    if (query.subjectKind !== undefined && !this.#kinds.has(query.subjectKind))
      throw ValidationError({
        field: 'subjectKind',
        problem: `unknown subject kind ${JSON.stringify(query.subjectKind)}; known: ${[...this.#kinds.keys()].join(', ')}`,
      });
  }
}
