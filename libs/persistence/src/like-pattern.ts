/** Escapes LIKE's own wildcards (and its escape character) in text bound as a parameter. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** A case-insensitive "contains" pattern for `ilike`: the text, its wildcards escaped. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}
