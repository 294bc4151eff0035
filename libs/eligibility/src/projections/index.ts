import { composeProjections, type Projection } from '../projector';
import { claimsProjection } from './claims.projection';
import { dealsProjection } from './deals.projection';
import { directoryProjection } from './directory.projection';
import { eligibilityFactsProjection } from './eligibility-facts.projection';
import { programsProjection } from './programs.projection';
import { quotasProjection } from './quotas.projection';
import { standingsProjection } from './standings.projection';
import { standingsChannel, type StandingsListener } from './standings-notify';

export { claimsProjection, dealsProjection, directoryProjection, eligibilityFactsProjection, programsProjection, quotasProjection, standingsChannel, standingsProjection };
export type { StandingsChanged, StandingsListener } from './standings-notify';

export interface ReadModelOptions {
  /** Told, after each commit, whose standings changed (the `standingChanged` subscription listens here). */
  onStandingsChanged?: StandingsListener;
}

/**
 * Every read model the API serves, as one projection, the ledger: the directory, deals, quotas, programs, the
 * facts kept with both of their times for answers about the past, and the standings computed from them,
 * consistent at one position and fed by one reading of the feed; and the claims and disputes, which no standing reads.
 */
export function readModelProjections(options: ReadModelOptions = {}): Projection[] {
  return [
    composeProjections('ledger', [
      directoryProjection, dealsProjection, quotasProjection, programsProjection, eligibilityFactsProjection, standingsProjection(options.onStandingsChanged),
    ]),
    claimsProjection,
  ];
}
