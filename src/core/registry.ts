import { DuplicateIdError, InvalidIdError, UnknownIdError } from './errors/index.js';

/** Anything a registry can hold: plain metadata with a permanent kebab-case id. */
export interface Registrable {
  readonly id: string;
}

const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * The one plug-in point (learners, drift methods, strategies, analysis rules, job handlers…): ids that are not
 * kebab-case throw `MLP_CORE_INVALID_ID`, duplicate ids throw `MLP_CORE_DUPLICATE_ID`, unknown ids throw
 * `MLP_CORE_UNKNOWN_ID` listing the known ones.
 */
export class Registry<T extends Registrable> {
  readonly #kind: string;
  readonly #items = new Map<string, T>();

  /** @param kind what the entries are, for error messages ("learner", "drift method"). */
  constructor(kind: string, items: Iterable<T> = []) {
    this.#kind = kind;
    for (const item of items) this.register(item);
  }

  /** Adds one entry. @throws MLP_CORE_INVALID_ID when its id is not kebab-case; MLP_CORE_DUPLICATE_ID when it is taken. */
  register(item: T): this {
    if (!ID_PATTERN.test(item.id)) throw InvalidIdError({ registry: this.#kind, id: item.id });
    if (this.#items.has(item.id)) throw DuplicateIdError({ registry: this.#kind, id: item.id });
    this.#items.set(item.id, item);
    return this;
  }

  /** Returns the entry or throws `MLP_CORE_UNKNOWN_ID`. */
  get(id: string): T {
    const item = this.#items.get(id);
    if (item === undefined) throw UnknownIdError({ registry: this.#kind, id, known: this.ids() });
    return item;
  }

  has(id: string): boolean {
    return this.#items.has(id);
  }

  /** Known ids, sorted. */
  ids(): string[] {
    return [...this.#items.keys()].sort();
  }

  /** Entries in id order. */
  list(): T[] {
    return this.ids().map((id) => this.#items.get(id) as T);
  }
}
