/** Where "now" comes from: injected, so tests can pin it and move it. */
export abstract class Clock {
  abstract now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
