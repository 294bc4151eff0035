import { idFromName } from './program-id';

describe('a program id made from its name', () => {
  it('is the name in lower case, its words joined by dashes, apostrophes dropped', () => {
    expect(idFromName("President's Club 2027")).toBe('presidents-club-2027');
    expect(idFromName('  Cross-functional   award — 2026!  ')).toBe('cross-functional-award-2026');
  });

  it('keeps letters without their accents, and nothing an id may not hold', () => {
    expect(idFromName('Équipe Sécurité')).toBe('equipe-securite');
    expect(idFromName('!!!')).toBe('');
  });

  it('is at most 64 characters, never ending on a dash', () => {
    const id = idFromName(`${'a'.repeat(63)} b`);
    expect(id).toBe('a'.repeat(63));
  });
});
