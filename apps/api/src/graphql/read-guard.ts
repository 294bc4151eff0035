import { defaultFieldResolver, getNamedType, isLeafType, isObjectType, type GraphQLField, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { SERVICE_FIELDS, isService, viewAllows, type View } from '@club-ledger/domain';
import { PROTECTED_TYPES, type ProtectedType, type Reader } from './reader';
import { refusal } from './refusal';

/** Types anyone may read whole, signed in or not: whether the API is up. */
const PUBLIC_TYPES = new Set(['Health', 'ProjectionHealth']);

const forbidden = (type: string, field: string) =>
  refusal(`You may not read ${type}.${field} here (SPEC.md, "Who may read what")`, { code: 'FORBIDDEN' });

/**
 * Wraps the resolver of every field of every object type with the read policy, in place: a field of a protected type
 * answers only when the caller's view of its object allows it; a service account reads ids and statuses only, on any
 * type. Everyone else, on the other types, goes straight to the field's own resolver.
 */
export function guardReads(schema: GraphQLSchema, readerIn: (context: unknown) => Reader | undefined): void {
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || roots.has(type) || PUBLIC_TYPES.has(type.name)) continue;
    for (const field of Object.values(type.getFields())) field.resolve = guarded(type, field, readerIn);
  }
}

function guarded(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>, readerIn: (context: unknown) => Reader | undefined): GraphQLFieldResolver<unknown, unknown> {
  const resolve = field.resolve ?? defaultFieldResolver;
  const protectedType = (PROTECTED_TYPES as readonly string[]).includes(type.name) ? (type.name as ProtectedType) : undefined;
  const leaf = isLeafType(getNamedType(field.type));
  return (source, args, context, info) => {
    const reader = readerIn(context);
    if (!reader) throw forbidden(type.name, field.name);
    if (reader.readsEverything) return resolve(source, args, context, info);
    if (leaf && isService(reader.actor) && !SERVICE_FIELDS.has(field.name)) throw forbidden(type.name, field.name);
    if (!protectedType) return resolve(source, args, context, info);
    const allowed = (view: View) => {
      if (!viewAllows(view, field.name)) throw forbidden(type.name, field.name);
      return resolve(source, args, context, info);
    };
    const view = reader.viewOf(protectedType, source as object);
    return view instanceof Promise ? view.then(allowed) : allowed(view);
  };
}
