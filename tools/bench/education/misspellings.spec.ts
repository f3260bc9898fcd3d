import { describe, expect, it } from 'vitest';
import {
  misspell,
  MISSPELLING_KINDS,
  namesOfEveryLength,
  normalizeName,
  seededRandom,
} from './misspellings';

const NAMES = [
  'Innis College',
  'Humber College',
  'Collège Boréal',
  'Cégep de Trois-Rivières',
  "Cégep de l'Outaouais",
  'British Columbia Institute of Technology',
  'College of Arts and Science, University of Saskatchewan',
];

describe('misspell', () => {
  const misspellings = misspell(NAMES, NAMES);

  it('makes every kind of mistake, each a real change of the name', () => {
    expect(new Set(misspellings.map((m) => m.kind))).toEqual(new Set(MISSPELLING_KINDS));
    for (const m of misspellings) {
      expect(NAMES).toContain(m.intended);
      expect(normalizeName(m.text)).not.toBe(normalizeName(m.intended));
    }
  });

  it('makes each kind of mistake the way its name says', () => {
    const of = (kind: string, intended: string) =>
      misspellings.find((m) => m.kind === kind && m.intended === intended)?.text;
    expect(of('wrong word', 'Humber College')).toBe('Humber Institute');
    expect(of('accents', 'Cégep de Trois-Rivières')).toBe('Cegep de Trois Rivieres');
    expect(of('accents', "Cégep de l'Outaouais")).toBe('Cegep de lOutaouais');
    expect(of('deletion', 'Humber College')).toHaveLength('Humber College'.length - 1);
    expect(of('insertion', 'Humber College')).toHaveLength('Humber College'.length + 1);
    const swapped = of('transposition', 'British Columbia Institute of Technology')!;
    expect(swapped).toHaveLength('British Columbia Institute of Technology'.length);
    expect([...swapped].sort().join('')).toBe(
      [...'British Columbia Institute of Technology'].sort().join(''),
    );
    // the first letter of a word is kept: people rarely get it wrong
    for (const m of misspellings.filter((m) => m.kind !== 'wrong word' && m.kind !== 'accents'))
      expect(m.text[0]).toBe(m.intended[0]);
  });

  it('is the same on every run', () => {
    expect(misspell(NAMES, NAMES)).toEqual(misspellings);
    expect(seededRandom(7)()).toBe(seededRandom(7)());
  });
});

describe('namesOfEveryLength', () => {
  it('spreads its picks from the shortest name to the longest', () => {
    const names = Array.from({ length: 100 }, (_, i) => 'x'.repeat(i + 1));
    const picked = namesOfEveryLength(names, 5);
    expect(picked.map((name) => name.length)).toEqual([1, 26, 51, 75, 100]);
    expect(namesOfEveryLength(['b', 'a'], 5)).toEqual(['a', 'b']);
  });
});
