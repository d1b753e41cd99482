// "Did you mean": candidates ordered by how close they are to what was asked for (letter case
// aside, then Levenshtein edit distance), for messages about a mistyped setting or name.

/** The edit distance between `a` and `b` (insertions, deletions and substitutions). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/** `candidates` closest to `asked` first (ties keep their order). */
export function closestFirst<T extends string>(asked: string, candidates: readonly T[]): T[] {
  const key = asked.toLowerCase();
  return candidates
    .map((c, i) => ({ c, i, d: editDistance(key, c.toLowerCase()) }))
    .sort((x, y) => x.d - y.d || x.i - y.i)
    .map((x) => x.c);
}
