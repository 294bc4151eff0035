import type { Projection } from '../projector';
import type { StandingsChanged } from '../projections';

/**
 * Provided by an app that runs more beside the read models (the API's notifications and their deliveries): its
 * projections run in the same projector, it hears whose standings each commit changed, and it starts and stops with
 * the projector. Without one, the projector runs the read models alone (the CLI).
 */
export abstract class ProjectorCompanion {
  abstract readonly projections: readonly Projection[];
  abstract standingsChanged(changes: readonly StandingsChanged[]): void;
  abstract start(): void;
  abstract stop(): Promise<void>;
}
