import { mergeOperations, splitAnswer } from './coalesce';

describe('queries merged into one request', () => {
  const program = { query: 'query Program($id: ID!) { awardProgram(id: $id) { id name } }', variables: { id: 'p-1' } };
  const people = {
    query: `query People($first: Int = 10) { directory: employees(first: $first) { nodes { ...Person } } me { id } }
      fragment Person on Employee { id name }`,
    variables: {},
  };

  it('prefixes each query’s top-level fields and variables with its place, keeping aliases and fragments', () => {
    const merged = mergeOperations([program, people]);
    expect(merged).toEqual({
      query:
        'query Program_People($q0_id : ID ! $q1_first : Int = 10) { q0_awardProgram: awardProgram ( id : $q0_id ) { id name } ' +
        'q1_directory: employees ( first : $q1_first ) { nodes { ... Person } } q1_me: me { id } } fragment Person on Employee { id name }',
      variables: { q0_id: 'p-1' },
      keys: [['q0_awardProgram'], ['q1_directory', 'q1_me']],
    });
  });

  it('answers each query its own data and errors, with paths as if it had been sent alone', () => {
    const merged = mergeOperations([program, people])!;
    const forbidden = { message: 'No', path: ['q1_directory', 'nodes'], extensions: { code: 'FORBIDDEN' } };
    expect(splitAnswer(merged, { data: { q0_awardProgram: { id: 'p-1' }, q1_directory: null, q1_me: { id: 'e' } }, errors: [forbidden] })).toEqual([
      { data: { awardProgram: { id: 'p-1' } } },
      { data: { directory: null, me: { id: 'e' } }, errors: [{ ...forbidden, path: ['directory', 'nodes'] }] },
    ]);
  });

  it('leaves the queries to go alone when an answer cannot be split or a query cannot be merged faithfully', () => {
    const merged = mergeOperations([program, people])!;
    expect(splitAnswer(merged, { data: null, errors: [{ message: 'refused', path: ['q0_awardProgram'] }] })).toBeUndefined();
    expect(splitAnswer(merged, { data: {}, errors: [{ message: 'too complex' }] })).toBeUndefined();
    expect(mergeOperations([program, { query: 'mutation { x }', variables: {} }])).toBeUndefined();
    expect(mergeOperations([program, { query: 'query { ...Top } fragment Top on Query { me { id } }', variables: {} }])).toBeUndefined();
    expect(mergeOperations([program, { query: 'query($v: Int) { a { ...F } } fragment F on A { b(n: $v) }', variables: {} }])).toBeUndefined();
    const other = { query: 'query { a { ...Person } } fragment Person on Employee { email }', variables: {} };
    expect(mergeOperations([people, other])).toBeUndefined();
  });

  it('keeps strings, directives and comments intact', () => {
    const query = 'query Q($on: Boolean!) { # the search\n a: search(text: "a { b } $c") @include(if: $on) { id } }';
    expect(mergeOperations([{ query, variables: { on: true } }, program])?.query).toBe(
      'query Q_Program($q0_on : Boolean ! $q1_id : ID !) { q0_a: search ( text : "a { b } $c" ) @ include ( if : $q0_on ) { id } q1_awardProgram: awardProgram ( id : $q1_id ) { id name } }',
    );
  });
});
