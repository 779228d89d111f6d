import { Registry } from '../core/index.js';
import { extraTreesLearner, rfLearner } from './forest/learner.js';
import { gbdtLearner } from './gbdt/learner.js';
import type { LearnerDefinition } from './learner.js';
import { linearLearner } from './linear/learner.js';
import { naiveBayesLearner } from './naive-bayes/learner.js';
import { knnLearner } from './neighbors/learner.js';

/** Every built-in learner, in one static list (no discovery at run time). */
export const BUILTIN_LEARNERS: readonly LearnerDefinition[] = [
  gbdtLearner as unknown as LearnerDefinition,
  rfLearner as unknown as LearnerDefinition,
  extraTreesLearner as unknown as LearnerDefinition,
  linearLearner as unknown as LearnerDefinition,
  knnLearner as unknown as LearnerDefinition,
  naiveBayesLearner as unknown as LearnerDefinition,
];

/** A registry of the built-in learners plus `extra` ones (e.g. a project's own plug-ins). */
export function createLearnerRegistry(extra: Iterable<LearnerDefinition> = []): Registry<LearnerDefinition> {
  return new Registry<LearnerDefinition>('learner', [...BUILTIN_LEARNERS, ...extra]);
}
