import type { z } from 'zod';

/**
 * A stored event type: a name fixed forever (never a class name), the current version of its data, the
 * schema of that version, and upcasters that lift each older stored version one step (`from` → `from + 1`).
 */
export interface EventType<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly version: number;
  readonly schema: z.ZodType<Data>;
  readonly upcasters: Readonly<Record<number, (older: unknown) => unknown>>;
  /** Builds an event of this type, typed, for `EventCatalog.toNewEvent`. */
  (data: Data): DomainEvent<Type, Data>;
}

export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

/** The event a definition builds, e.g. `EventOf<typeof ContributionCredited>`. */
export type EventOf<Definition> = Definition extends EventType<infer Type, infer Data> ? DomainEvent<Type, Data> : never;

export function defineEvent<Type extends string, Data>(
  type: Type,
  definition: {
    version: number;
    schema: z.ZodType<Data>;
    upcasters?: Record<number, (older: unknown) => unknown>;
  },
): EventType<Type, Data> {
  const build = (data: Data): DomainEvent<Type, Data> => ({ type, data });
  return Object.assign(build, {
    type,
    version: definition.version,
    schema: definition.schema,
    upcasters: definition.upcasters ?? {},
  });
}
