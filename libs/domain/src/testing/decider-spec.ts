import { DomainError } from '../shared/domain-error';

/** A decider: `decide(command, state) → events | error`, `evolve(state, event) → state`, from its initial state. */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[] | DomainError;
  evolve(state: State, event: Event): State;
  initial: State;
}

/** Given-events / when-command / then-events-or-error, so each spec reads like the rule it checks. */
export function specOf<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return (...given: Event[]) => ({
    when(command: Command) {
      const state = given.reduce(decider.evolve, decider.initial);
      const outcome = decider.decide(command, state);
      return {
        then(...expected: Event[]) {
          expect(outcome).toEqual(expected);
        },
        thenRejects(code: DomainError['code'], field?: string) {
          expect(outcome).toBeInstanceOf(DomainError);
          expect(outcome).toMatchObject(field ? { code, field } : { code });
        },
      };
    },
  });
}
