/**
 * Jest's setup for every suite: graphql-js loaded in its production mode, as the product runs it. Outside production,
 * each of its type checks that fails (`isObjectType` of a scalar, say, which validation and execution ask all the
 * time) looks again by class name for a second copy of graphql, which costs more than the check itself. The module
 * stays in the suite's registry, so every later import gets this copy; NODE_ENV is put back at once, so nothing else
 * sees it.
 */
const testEnv = process.env.NODE_ENV;
process.env.NODE_ENV = 'production';
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('graphql');
if (testEnv === undefined) delete process.env.NODE_ENV;
else process.env.NODE_ENV = testEnv;
