import type { DriftMethod } from '../drift-method.js';
import { andersonDarlingMethod } from './anderson-darling.js';
import { chiSquaredMethod } from './chi-squared.js';
import { cramerVonMisesMethod } from './cramer-von-mises.js';
import { domainClassifierMethod } from './domain-classifier.js';
import { hellingerMethod } from './hellinger.js';
import { jensenShannonMethod } from './jensen-shannon.js';
import { ksMethod } from './ks.js';
import { mmdMethod } from './mmd.js';
import { psiMethod } from './psi.js';
import { wassersteinMethod } from './wasserstein.js';
import { zTestMethod } from './z-test.js';

/** Every built-in drift method. An explicit list: nothing registers itself on import. */
export const BUILTIN_DRIFT_METHODS: readonly DriftMethod[] = Object.freeze([
  ksMethod,
  chiSquaredMethod,
  zTestMethod,
  psiMethod,
  wassersteinMethod,
  jensenShannonMethod,
  hellingerMethod,
  andersonDarlingMethod,
  cramerVonMisesMethod,
  mmdMethod,
  domainClassifierMethod,
]);

export {
  andersonDarlingMethod,
  chiSquaredMethod,
  cramerVonMisesMethod,
  domainClassifierMethod,
  hellingerMethod,
  jensenShannonMethod,
  ksMethod,
  mmdMethod,
  psiMethod,
  wassersteinMethod,
  zTestMethod,
};
