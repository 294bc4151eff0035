import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner, type CommandContext, type Decision, type Sent } from '../../commands/command-runner';
import { decideProgram, type AwardProgramCommand } from '../award-program.decide';
import { programStream } from '../award-program.events';
import { evolveProgram, noProgram, type AwardProgram, type Winner } from '../award-program.evolve';
import type { CriteriaRules } from '../criteria';

export const programs = { decide: decideProgram, evolve: evolveProgram, initial: noProgram };

/** Ranks a program's winners under given criteria, from the facts as they stand (the read side answers). */
export abstract class WinnerRanking {
  abstract winners(programId: string, criteria: CriteriaRules, criteriaVersion: number): Promise<Winner[]>;
}

/** An award program command as a caller sends it: the handler ranks the winners when one is finalized. */
export type AwardProgramCommandSent = Sent<AwardProgramCommand, { FinalizeAwardProgram: 'winners' }>;

/** Carries any award program command on the bus to the program's handler. */
export class AwardProgramMessage {
  constructor(
    readonly command: AwardProgramCommandSent,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(AwardProgramMessage)
export class AwardProgramHandler implements ICommandHandler<AwardProgramMessage, Decision<AwardProgram>> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly ranking: WinnerRanking,
  ) {}

  async execute({ command, context }: AwardProgramMessage): Promise<Decision<AwardProgram>> {
    const stream = programStream(command.programId);
    return this.runner.run(stream, programs, await this.withWinners(command, context, stream), context);
  }

  private async withWinners(command: AwardProgramCommandSent, { actor }: CommandContext, stream: string): Promise<AwardProgramCommand> {
    switch (command.type) {
      case 'DraftAwardProgram':
      case 'ReviseCriteria':
      case 'OpenAwardProgram':
        return { ...command, actor };
      case 'FinalizeAwardProgram': {
        const program = await this.runner.current(stream, programs);
        // Only an open program is ranked; decide() gives the precise refusal for anything else.
        const winners =
          program.drafted && program.status === 'OPEN'
            ? await this.ranking.winners(program.id, program.criteria, program.criteriaVersion)
            : [];
        return { ...command, actor, winners };
      }
      default: {
        const unknown: never = command;
        throw new Error(`Unknown award program command ${JSON.stringify(unknown)}`);
      }
    }
  }
}

export const programHandlers = [AwardProgramHandler];
