import { InvalidParamError } from '../core/index.js';

/** Libraries whose parameter names a learner lists for its own parameters. */
export const PEER_LIBRARIES = ['scikit-learn', 'xgboost', 'lightgbm'] as const;
export type PeerLibrary = (typeof PEER_LIBRARIES)[number];

/** How each peer library's documentation writes its name. */
export const PEER_LIBRARY_TITLES: Readonly<Record<PeerLibrary, string>> = {
  'scikit-learn': 'scikit-learn',
  xgboost: 'XGBoost',
  lightgbm: 'LightGBM',
};

/**
 * A learner's parameters under other libraries' names, as data: for an mlpilot parameter, per library, the names
 * that library gives the same parameter (or the closest one; the learner's docs say where the meaning differs).
 * Used to answer "did you mean …" for a foreign name and to document each parameter's equivalents.
 */
export type ParamAliases<K extends string = string> = {
  readonly [param in K]?: { readonly [library in PeerLibrary]?: readonly string[] };
};

/** A suggested replacement for an unknown parameter name. */
export interface ParamSuggestion {
  /** The learner's parameter. */
  readonly param: string;
  /** The peer libraries that call it by the unknown name (empty for a near miss of an mlpilot name). */
  readonly libraries: readonly PeerLibrary[];
}

/** Lower case without `_`, `-` and `.`: `n_estimators`, `nEstimators` and `N-Estimators` compare equal. */
function normalized(name: string): string {
  return name.toLowerCase().replace(/[_\-.]/g, '');
}

/**
 * Checks an alias table against the learner's parameter names when the learner is defined: every key is a
 * parameter, and no foreign name points at two parameters or at a parameter other than the one of that name.
 * @throws MLP_ML_INVALID_PARAM naming the learner and the alias.
 */
export function checkParamAliases(learner: string, params: readonly string[], aliases: ParamAliases): void {
  const owner = new Map<string, string>(params.map((p) => [p, p]));
  for (const [param, byLibrary] of Object.entries(aliases)) {
    if (!params.includes(param)) {
      throw InvalidParamError({ learner, param, problem: 'parameter aliases: not a parameter of the learner' });
    }
    for (const [library, names] of Object.entries(byLibrary ?? {})) {
      if (!(PEER_LIBRARIES as readonly string[]).includes(library)) {
        throw InvalidParamError({ learner, param, problem: `parameter aliases: unknown library ${JSON.stringify(library)}` });
      }
      for (const name of names ?? []) {
        const other = owner.get(name);
        if (other !== undefined && other !== param) {
          throw InvalidParamError({ learner, param, problem: `parameter aliases: ${name} already names ${other}` });
        }
        owner.set(name, param);
      }
    }
  }
}

/**
 * The learner parameter a user most likely meant by an unknown name: a peer library's name for a parameter
 * (matched as written, then ignoring case and `_`), the same name in another spelling (`max_depth` →
 * `maxDepth`), or the closest parameter or alias by edit distance when it is at most a third of the name's
 * length (at least 1, at most 3). Undefined when nothing is close.
 */
export function suggestParam(name: string, params: readonly string[], aliases: ParamAliases): ParamSuggestion | undefined {
  const entries: { alias: string; param: string; library: PeerLibrary }[] = [];
  for (const [param, byLibrary] of Object.entries(aliases)) {
    for (const library of PEER_LIBRARIES) for (const alias of byLibrary?.[library] ?? []) entries.push({ alias, param, library });
  }
  const librariesOf = (param: string, same: (alias: string) => boolean): PeerLibrary[] =>
    entries.filter((e) => e.param === param && same(e.alias)).map((e) => e.library);
  const exact = entries.find((e) => e.alias === name);
  if (exact !== undefined) return { param: exact.param, libraries: librariesOf(exact.param, (a) => a === name) };
  const key = normalized(name);
  const spelled = params.find((p) => normalized(p) === key);
  if (spelled !== undefined) return { param: spelled, libraries: [] };
  const loose = entries.find((e) => normalized(e.alias) === key);
  if (loose !== undefined) return { param: loose.param, libraries: librariesOf(loose.param, (a) => normalized(a) === key) };

  const limit = Math.min(3, Math.max(1, Math.floor(key.length / 3)));
  let best: ParamSuggestion | undefined;
  let bestDistance = limit + 1;
  const consider = (candidate: string, suggestion: ParamSuggestion): void => {
    const d = editDistance(key, normalized(candidate), bestDistance);
    if (d < bestDistance) {
      bestDistance = d;
      best = suggestion;
    }
  };
  // A typo is reported as a near miss of the learner's name, even when it was closer to a peer library's.
  for (const p of params) consider(p, { param: p, libraries: [] });
  for (const e of entries) consider(e.alias, { param: e.param, libraries: [] });
  return best;
}

/** The "did you mean" sentence for an unknown parameter name, or undefined when nothing is close. */
export function didYouMean(name: string, params: readonly string[], aliases: ParamAliases): string | undefined {
  const s = suggestParam(name, params, aliases);
  if (s === undefined) return undefined;
  const titles = s.libraries.map((l) => PEER_LIBRARY_TITLES[l]);
  const via = titles.length === 0 ? '' : ` (${name} is its name in ${titles.join(' and ')})`;
  return `did you mean ${s.param}?${via}`;
}

/**
 * Levenshtein distance between `a` and `b` (insertions, deletions, substitutions each cost 1); returns `cap` as
 * soon as the distance is known to be at least `cap`.
 */
export function editDistance(a: string, b: string, cap = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      current.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin >= cap) return cap;
    previous = current;
  }
  return Math.min(previous[b.length] as number, cap);
}
