/**
 * Misspelt college names for the college check's recall: the kinds of mistake people make when
 * typing a name they half remember, drawn over names of every length, deterministically (the
 * same names and mistakes every run, so runs compare).
 */
export const MISSPELLING_KINDS = [
  'transposition',
  'deletion',
  'insertion',
  'wrong word',
  'accents',
] as const;
export type MisspellingKind = (typeof MISSPELLING_KINDS)[number];

export interface Misspelling {
  kind: MisspellingKind;
  /** what is typed */
  text: string;
  /** the college meant */
  intended: string;
}

/**
 * The words a college's name is built around and people mix up: a "wrong word" swaps one for
 * the next (Humber College -> Humber Institute).
 */
const GENERIC_WORDS: Record<string, string> = {
  college: 'Institute',
  collège: 'Institut',
  cégep: 'Collège',
  institute: 'College',
  institut: 'Collège',
  university: 'College',
  université: 'Collège',
  school: 'College',
  polytechnic: 'Institute',
  academy: 'College',
  collégiale: 'collège',
};
const STOP_WORDS = new Set(['of', 'de', 'du', 'des', 'la', 'le', 'the', 'and', 'for', 'et']);
const INSERTED_LETTERS = 'aeiorstnl';

/** The same folding the education service applies before comparing names. */
export function normalizeName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** A small seeded generator (mulberry32): the same mistakes on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `count` names spread evenly over the lengths present, shortest to longest. */
export function namesOfEveryLength(names: readonly string[], count: number): string[] {
  const sorted = [...new Set(names)].sort((a, b) => a.length - b.length || a.localeCompare(b));
  if (sorted.length <= count) return sorted;
  return Array.from(
    { length: count },
    (_, i) => sorted[Math.round((i * (sorted.length - 1)) / (count - 1))] as string,
  );
}

/** The index of the name's most distinctive word: its longest that is neither generic nor a stop word. */
function distinctiveWord(words: readonly string[]): number {
  let best = -1;
  words.forEach((word, i) => {
    const key = word.toLowerCase().replace(/[^\p{L}]/gu, '');
    if (key.length < 4 || key in GENERIC_WORDS || STOP_WORDS.has(key)) return;
    if (best < 0 || word.length > (words[best] as string).length) best = i;
  });
  return best;
}

/** Applies `change` to one letter position inside the name's distinctive word (never its first letter). */
function alterWord(
  name: string,
  random: () => number,
  change: (word: string, at: number) => string | undefined,
): string | undefined {
  const words = name.split(' ');
  const index = distinctiveWord(words);
  if (index < 0) return undefined;
  const word = words[index] as string;
  const at = 1 + Math.floor(random() * (word.length - 2));
  const changed = change(word, at);
  if (changed === undefined) return undefined;
  words[index] = changed;
  return words.join(' ');
}

const MAKERS: Record<MisspellingKind, (name: string, random: () => number) => string | undefined> =
  {
    transposition: (name, random) =>
      alterWord(name, random, (word, at) =>
        word[at] === word[at + 1] || !/\p{L}/u.test(word[at + 1] ?? '')
          ? undefined
          : `${word.slice(0, at)}${word[at + 1]}${word[at]}${word.slice(at + 2)}`,
      ),
    deletion: (name, random) =>
      alterWord(name, random, (word, at) => `${word.slice(0, at)}${word.slice(at + 1)}`),
    insertion: (name, random) =>
      alterWord(name, random, (word, at) => {
        const letter = INSERTED_LETTERS[Math.floor(random() * INSERTED_LETTERS.length)] as string;
        return `${word.slice(0, at)}${letter}${word.slice(at)}`;
      }),
    'wrong word': (name) => {
      const words = name.split(' ');
      const index = words.findIndex(
        (word) => word.toLowerCase().replace(/,$/, '') in GENERIC_WORDS,
      );
      if (index < 0) return undefined;
      const word = words[index] as string;
      const comma = word.endsWith(',') ? ',' : '';
      words[index] = `${GENERIC_WORDS[word.toLowerCase().replace(/,$/, '')]}${comma}`;
      return words.join(' ');
    },
    // Typed on a keyboard without accents: accents dropped, and the hyphens and apostrophes with them.
    accents: (name) => {
      if (!/[^\x20-\x7e]/.test(name)) return undefined;
      return name
        .normalize('NFD')
        .replace(/\p{Diacritic}/gu, '')
        .replace(/-/g, ' ')
        .replace(/'/g, '')
        .normalize('NFC');
    },
  };

/**
 * Every kind of mistake on each of `names` where it applies and really changes the name (one
 * the service would fold back into the same name is no misspelling). The `accents` kind applies
 * to every name with accents in `accented` too, as few names have them.
 */
export function misspell(
  names: readonly string[],
  accented: readonly string[] = [],
  seed = 20_26,
): Misspelling[] {
  const random = seededRandom(seed);
  const result: Misspelling[] = [];
  const add = (kind: MisspellingKind, name: string) => {
    const text = MAKERS[kind](name, random);
    if (text !== undefined && normalizeName(text) !== normalizeName(name))
      result.push({ kind, text, intended: name });
  };
  for (const name of names) {
    for (const kind of MISSPELLING_KINDS) if (kind !== 'accents') add(kind, name);
  }
  for (const name of new Set([...names, ...accented])) add('accents', name);
  return result;
}
