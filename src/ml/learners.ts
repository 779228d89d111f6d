import { Registry } from '../core/index.js';
import { extraTreesLearner, rfLearner } from './forest/learner.js';
import { gbdtLearner } from './gbdt/learner.js';
import type { Learner } from './learner.js';
import { linearLearner } from './linear/learner.js';
import { naiveBayesLearner } from './naive-bayes/learner.js';
import { knnLearner } from './neighbors/learner.js';

/** Every built-in learner, in one static list (no discovery at run time). */
export const BUILTIN_LEARNERS: readonly Learner[] = [
  gbdtLearner,
  rfLearner,
  extraTreesLearner,
  linearLearner,
  knnLearner,
  naiveBayesLearner,
];

/** A registry of the built-in learners plus `extra` ones (e.g. a project's own plug-ins). */
export function createLearnerRegistry(extra: Iterable<Learner> = []): Registry<Learner> {
  return new Registry<Learner>('learner', [...BUILTIN_LEARNERS, ...extra]);
}
