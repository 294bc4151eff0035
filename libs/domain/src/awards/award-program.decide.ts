import { DomainError, checkDate, checkId, hasRole, type Actor } from '../shared';
import {
  AwardProgramDrafted,
  AwardProgramFinalized,
  AwardProgramOpened,
  CriteriaRevised,
  type AwardProgramEvent,
} from './award-program.events';
import type { AwardProgram, Winner } from './award-program.evolve';
import type { CriteriaRules } from './criteria';

export type AwardProgramCommand =
  | {
      type: 'DraftAwardProgram';
      actor: Actor;
      programId: string;
      name: string;
      description: string | null;
      periodStart: string;
      periodEnd: string;
      audienceDepartments: readonly string[];
      criteria: CriteriaRules;
    }
  | { type: 'ReviseCriteria'; actor: Actor; programId: string; criteria: CriteriaRules; reason: string }
  | { type: 'OpenAwardProgram'; actor: Actor; programId: string }
  /** The winners are ranked by the handler, under the criteria version in force, from the program's facts. */
  | { type: 'FinalizeAwardProgram'; actor: Actor; programId: string; winners: readonly Winner[] };

/** HR and ADMIN define, revise, open and finalize programs. */
export const canManagePrograms = (actor: Actor): boolean => hasRole(actor, 'HR', 'ADMIN');

export function decideProgram(command: AwardProgramCommand, state: AwardProgram): AwardProgramEvent[] | DomainError {
  const badId = checkId(command.programId, 'programId');
  if (badId) return badId;
  if (!canManagePrograms(command.actor)) return new DomainError('FORBIDDEN', 'Only HR or ADMIN manage award programs');
  if (command.type === 'DraftAwardProgram') return draft(command, state);
  if (!state.drafted) return new DomainError('NOT_FOUND', `No award program ${command.programId}`, 'programId');
  switch (command.type) {
    case 'ReviseCriteria': {
      if (state.status === 'FINALIZED') return invalidState(`Program ${state.id} is finalized; its criteria are fixed`);
      if (!command.reason.trim()) return new DomainError('BAD_USER_INPUT', 'reason must say why the criteria change', 'reason');
      const invalid = checkCriteria(command.criteria);
      if (invalid) return invalid;
      const version = state.criteriaVersion + 1;
      return [CriteriaRevised({ programId: state.id, version, reason: command.reason.trim(), criteria: command.criteria })];
    }
    case 'OpenAwardProgram':
      if (state.status !== 'DRAFT') return invalidState(`Program ${state.id} is ${state.status}, not DRAFT`);
      return [AwardProgramOpened({ programId: state.id })];
    case 'FinalizeAwardProgram':
      if (state.status !== 'OPEN') return invalidState(`Program ${state.id} is ${state.status}; only an OPEN program is finalized`);
      return [AwardProgramFinalized({ programId: state.id, criteriaVersion: state.criteriaVersion, winners: [...command.winners] })];
    default: {
      const unknown: never = command;
      throw new Error(`Unhandled program command ${JSON.stringify(unknown)}`);
    }
  }
}

function draft(command: Extract<AwardProgramCommand, { type: 'DraftAwardProgram' }>, state: AwardProgram) {
  if (state.drafted) return new DomainError('ALREADY_EXISTS', `Award program ${command.programId} already exists`);
  const invalid = checkProgramDraft(command);
  if (invalid) return invalid;
  return [
    AwardProgramDrafted({
      programId: command.programId,
      name: command.name.trim(),
      description: command.description?.trim() || null,
      periodStart: command.periodStart,
      periodEnd: command.periodEnd,
      audienceDepartments: command.audienceDepartments.map((department) => department.trim()),
      criteria: command.criteria,
    }),
  ];
}

/** Criteria HR can write but no engine could honour are refused up front, naming the field. */
/** A draft's own checks, before any history: also what a preview of a program not yet drafted must pass. */
export function checkProgramDraft(draft: { name: string; periodStart: string; periodEnd: string; audienceDepartments: readonly string[]; criteria: CriteriaRules }) {
  if (!draft.name.trim() || draft.name.length > 200) return new DomainError('BAD_USER_INPUT', 'name must be 1-200 characters', 'name');
  return (
    checkDate(draft.periodStart, 'periodStart') ??
    checkDate(draft.periodEnd, 'periodEnd') ??
    (draft.periodEnd < draft.periodStart ? new DomainError('BAD_USER_INPUT', 'periodEnd must not be before periodStart', 'periodEnd') : undefined) ??
    (draft.audienceDepartments.some((department) => !department.trim())
      ? new DomainError('BAD_USER_INPUT', 'audienceDepartments must not contain an empty name', 'audienceDepartments')
      : undefined) ??
    checkCriteria(draft.criteria)
  );
}

export function checkCriteria(criteria: CriteriaRules): DomainError | undefined {
  const bad = (field: string, message: string) => new DomainError('BAD_USER_INPUT', `${field} ${message}`, `criteria.${field}`);
  const negative = (value: number) => !Number.isFinite(value) || value < 0;
  if (criteria.thresholds.length === 0) return bad('thresholds', 'needs at least one threshold');
  // Each path names its row (`thresholds.1.atLeast`), so a form can put the message beside the very input.
  for (const [row, threshold] of criteria.thresholds.entries()) {
    if (negative(threshold.atLeast)) return bad(`thresholds.${row}.atLeast`, 'must be a non-negative number');
    if (threshold.kind !== null && threshold.metric !== 'CREDITS') return bad(`thresholds.${row}.kind`, 'goes only with the CREDITS metric');
  }
  const negativePoints = criteria.kindPoints.findIndex((entry) => negative(entry.points));
  if (negativePoints >= 0) return bad(`kindPoints.${negativePoints}.points`, 'must not be negative');
  const negativeType = criteria.dealTypeMultipliers.findIndex((entry) => negative(entry.multiplier));
  if (negativeType >= 0) return bad(`dealTypeMultipliers.${negativeType}.multiplier`, 'must not be negative');
  const badProduct = criteria.productMultipliers.findIndex((entry) => negative(entry.multiplier) || !entry.product.trim());
  if (badProduct >= 0) return bad(`productMultipliers.${badProduct}`, 'need a product name and a non-negative multiplier');
  if (criteria.maxWinners !== null && (!Number.isInteger(criteria.maxWinners) || criteria.maxWinners < 1)) {
    return bad('maxWinners', 'must be a whole number of at least 1');
  }
  return undefined;
}

const invalidState = (message: string) => new DomainError('INVALID_STATE', message);
