import type { Projection } from '../projector';
import { dealsProjection } from './deals.projection';
import { directoryProjection } from './directory.projection';
import { eligibilityFactsProjection } from './eligibility-facts.projection';
import { programsProjection } from './programs.projection';
import { quotasProjection } from './quotas.projection';

export { dealsProjection, directoryProjection, eligibilityFactsProjection, programsProjection, quotasProjection };

/** Every read model the API serves, in the order they are listed in health and metrics. */
export const readModelProjections: readonly Projection[] = [
  directoryProjection,
  dealsProjection,
  quotasProjection,
  programsProjection,
  eligibilityFactsProjection,
];
