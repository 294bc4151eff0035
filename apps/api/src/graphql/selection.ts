import type { GraphQLResolveInfo } from 'graphql';
import { parseResolveInfo, type ResolveTree } from 'graphql-parse-resolve-info';

/**
 * Whether the query asks, below the field being resolved, for `field` of the objects reached through `path`
 * (field names, whatever their aliases, through fragments too): `asksFor(info, ['nodes'], 'evidence')`.
 */
export function asksFor(info: GraphQLResolveInfo, path: readonly string[], field: string): boolean {
  const parsed = parseResolveInfo(info);
  let trees: ResolveTree[] = parsed && 'fieldsByTypeName' in parsed ? [parsed as ResolveTree] : [];
  for (const name of [...path, field]) trees = trees.flatMap((tree) => childrenNamed(tree, name));
  return trees.length > 0;
}

function childrenNamed(tree: ResolveTree, name: string): ResolveTree[] {
  return Object.values(tree.fieldsByTypeName).flatMap((fields) => Object.values(fields).filter((child) => child.name === name));
}
