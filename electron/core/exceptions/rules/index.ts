import type { ExceptionRule } from '../rule.js';
import { ciRules } from './ci.js';
import { populationRules } from './population.js';
import { protectionRules } from './protection.js';
import { pushRules } from './pushes.js';
import { reviewRules } from './reviews.js';

/**
 * Every rule the register runs, in the order findings are listed: how changes were approved, how they
 * reached the branch, CI, the standing protection settings, then the completeness of the populations.
 * Rule ids are stable (exception fingerprints are built on them): rename one only with a migration.
 */
export const exceptionRules: readonly ExceptionRule[] = [...reviewRules, ...pushRules, ...ciRules, ...protectionRules, ...populationRules];
