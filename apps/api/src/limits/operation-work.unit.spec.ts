import { parse } from 'graphql';
import { mayCompute } from './operation-work';

describe('mayCompute, the look before pricing an operation', () => {
  it.each([
    ['no field that computes', '{ employees(first: 5) { edges { node { id name } } } awardPrograms { id name } }'],
    ['the kept standings, asked at no past moment', '{ awardProgram(id: "p-1") { standings { edges { node { rank } } } standing(employeeId: "pm-1") { rank } } }'],
    ['a past moment written as null', '{ awardProgram(id: "p-1") { qualifiers(asOf: null) { employee { id } } } }'],
  ])('answers no for a document that names %s', (_, document) => {
    expect(mayCompute(parse(document))).toBe(false);
  });

  it.each([
    ['a field asked directly', '{ awardProgram(id: "p-1") { nearMisses { employee { id } } } }'],
    ['a field under an alias', '{ awardProgram(id: "p-1") { close: nearMisses { employee { id } } } }'],
    ['a field in a fragment', '{ awardProgram(id: "p-1") { ...Past } } fragment Past on AwardProgram { qualifiers(asOf: "2026-06-30") { employee { id } } }'],
    ['a preview at the root', 'query { previewCriteria(programId: "p-1", criteria: { thresholds: [] }) { program { id } } }'],
    ['a past moment given by a variable, which may hold one', 'query ($at: DateTime) { awardProgram(id: "p-1") { standings(knownAt: $at) { edges { node { rank } } } } }'],
  ])('answers yes for %s', (_, document) => {
    expect(mayCompute(parse(document))).toBe(true);
  });
});
