import { Injectable } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandRunner, type CommandContext, type Decision } from '../../commands/command-runner';
import { decideProgram, type AwardProgramCommand } from '../award-program.decide';
import { programStream } from '../award-program.events';
import { evolveProgram, noProgram, type AwardProgram, type Winner } from '../award-program.evolve';
import type { CriteriaRules } from '../criteria';

export const programs = { decide: decideProgram, evolve: evolveProgram, initial: noProgram };

/** Ranks a program's winners under given criteria, from the facts as they stand (the read side answers). */
export abstract class WinnerRanking {
  abstract winners(programId: string, criteria: CriteriaRules, criteriaVersion: number): Promise<Winner[]>;
}

export class DraftAwardProgram {
  constructor(
    readonly input: Omit<Extract<AwardProgramCommand, { type: 'DraftAwardProgram' }>, 'type' | 'actor'>,
    readonly context: CommandContext,
  ) {}
}

export class ReviseCriteria {
  constructor(
    readonly input: { programId: string; criteria: CriteriaRules; reason: string },
    readonly context: CommandContext,
  ) {}
}

export class OpenAwardProgram {
  constructor(
    readonly input: { programId: string },
    readonly context: CommandContext,
  ) {}
}

export class FinalizeAwardProgram {
  constructor(
    readonly input: { programId: string },
    readonly context: CommandContext,
  ) {}
}

type ProgramMessage = DraftAwardProgram | ReviseCriteria | OpenAwardProgram | FinalizeAwardProgram;

@Injectable() // gives the subclasses' injector the constructor's parameter types
abstract class ProgramHandler<Message extends ProgramMessage> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly ranking: WinnerRanking,
  ) {}

  async execute(message: Message): Promise<Decision<AwardProgram>> {
    const stream = programStream(message.input.programId);
    return this.runner.run(stream, programs, await this.toDecision(message, stream), message.context);
  }

  private async toDecision(message: ProgramMessage, stream: string): Promise<AwardProgramCommand> {
    const actor = message.context.actor;
    if (message instanceof DraftAwardProgram) return { type: 'DraftAwardProgram', actor, ...message.input };
    if (message instanceof ReviseCriteria) return { type: 'ReviseCriteria', actor, ...message.input };
    if (message instanceof OpenAwardProgram) return { type: 'OpenAwardProgram', actor, ...message.input };
    const program = await this.runner.current(stream, programs);
    // Only an open program is ranked; decide() gives the precise refusal for anything else.
    const winners =
      program.drafted && program.status === 'OPEN'
        ? await this.ranking.winners(program.id, program.criteria, program.criteriaVersion)
        : [];
    return { type: 'FinalizeAwardProgram', actor, programId: message.input.programId, winners };
  }
}

@CommandHandler(DraftAwardProgram)
export class DraftAwardProgramHandler extends ProgramHandler<DraftAwardProgram> {}

@CommandHandler(ReviseCriteria)
export class ReviseCriteriaHandler extends ProgramHandler<ReviseCriteria> {}

@CommandHandler(OpenAwardProgram)
export class OpenAwardProgramHandler extends ProgramHandler<OpenAwardProgram> {}

@CommandHandler(FinalizeAwardProgram)
export class FinalizeAwardProgramHandler extends ProgramHandler<FinalizeAwardProgram> {}

export const programHandlers = [DraftAwardProgramHandler, ReviseCriteriaHandler, OpenAwardProgramHandler, FinalizeAwardProgramHandler];
