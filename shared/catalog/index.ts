/**
 * The control catalog: traditional segregation-of-duties requirements, the compensating controls
 * the standards accept for them, and the framework criteria both map to. Data, versioned: a
 * workspace records the catalog version its matrix was proposed from.
 */
import { compensatingControls, type CompensatingControl } from './controls.js';
import { frameworkCriteria, type FrameworkCriterion } from './criteria.js';
import { sodRequirements, type SodRequirement } from './requirements.js';

export const CATALOG_VERSION = '2026.1';

export * from './controls.js';
export * from './criteria.js';
export * from './requirements.js';

const byId = <T extends { id: string }>(items: readonly T[]) => new Map(items.map((item) => [item.id, item]));
const requirementsById = byId(sodRequirements);
const controlsById = byId(compensatingControls);

export const findCatalogRequirement = (id: string): SodRequirement | undefined => requirementsById.get(id);
export const findCatalogControl = (id: string): CompensatingControl | undefined => controlsById.get(id);
export const findCriterion = (framework: FrameworkCriterion['framework'], id: string): FrameworkCriterion | undefined =>
  frameworkCriteria.find((criterion) => criterion.framework === framework && criterion.id === id);
