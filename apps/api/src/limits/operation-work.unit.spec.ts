import { parse } from 'graphql';
import { mayCompute } from './operation-work';

describe('mayCompute, the look before pricing an operation', () => {
  it('answers no for a document that names no field that computes', () => {
    expect(mayCompute(parse('{ employees(first: 5) { edges { node { id name } } } awardPrograms { id name } }'))).toBe(false);
  });

  it.each([
    ['a field asked directly', '{ awardProgram(id: "p-1") { nearMisses { employee { id } } } }'],
    ['a field under an alias', '{ awardProgram(id: "p-1") { close: nearMisses { employee { id } } } }'],
    ['a field in a fragment', '{ awardProgram(id: "p-1") { ...Past } } fragment Past on AwardProgram { qualifiers(asOf: "2026-06-30") { employee { id } } }'],
    ['a preview at the root', 'query { previewCriteria(programId: "p-1", criteria: { thresholds: [] }) { program { id } } }'],
    ['a kept list, which only the typed walk can tell apart from a past moment', '{ awardProgram(id: "p-1") { standings { edges { node { rank } } } } }'],
  ])('answers yes for %s', (_, document) => {
    expect(mayCompute(parse(document))).toBe(true);
  });
});
