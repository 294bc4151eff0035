import type { AwardProgramEvent } from './award-program.events';
import type { CriteriaRules } from './criteria';

export interface Winner {
  employeeId: string;
  rank: number;
  score: number;
}

export type AwardProgram =
  | { drafted: false }
  | {
      drafted: true;
      id: string;
      status: 'DRAFT' | 'OPEN' | 'FINALIZED';
      periodStart: string;
      periodEnd: string;
      /** The version in force: 1 when drafted, one more with each revision. */
      criteriaVersion: number;
      criteria: CriteriaRules;
      winners: readonly Winner[] | null;
    };

export const noProgram: AwardProgram = { drafted: false };

export function evolveProgram(state: AwardProgram, event: AwardProgramEvent): AwardProgram {
  if (event.type === 'AwardProgramDrafted') {
    const { programId, periodStart, periodEnd, criteria } = event.data;
    return { drafted: true, id: programId, status: 'DRAFT', periodStart, periodEnd, criteriaVersion: 1, criteria, winners: null };
  }
  if (!state.drafted) return state;
  switch (event.type) {
    case 'CriteriaRevised':
      return { ...state, criteriaVersion: event.data.version, criteria: event.data.criteria };
    case 'AwardProgramOpened':
      return { ...state, status: 'OPEN' };
    case 'AwardProgramFinalized':
      return { ...state, status: 'FINALIZED', winners: event.data.winners };
    default: {
      const unknown: never = event;
      throw new Error(`Unhandled program event ${JSON.stringify(unknown)}`);
    }
  }
}
