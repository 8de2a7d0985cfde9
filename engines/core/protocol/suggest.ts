/** Levenshtein distance with a single rolling row; names here are short. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * Names close to `wanted`, best first: small edit distance (typos), or the same namespace
 * (`system.foo` suggests the `system.*` methods) so a caller learns what exists.
 */
export function closeNames(wanted: string, known: Iterable<string>, limit = 5): string[] {
  const needle = wanted.toLowerCase();
  const namespace = needle.includes('.') ? needle.slice(0, needle.indexOf('.') + 1) : null;
  const tolerance = Math.max(2, Math.floor(needle.length / 3));
  const ranked: Array<{ name: string; score: number }> = [];
  for (const name of known) {
    const distance = editDistance(needle, name.toLowerCase());
    const sameNamespace = namespace !== null && name.toLowerCase().startsWith(namespace);
    if (distance <= tolerance) ranked.push({ name, score: distance });
    else if (sameNamespace) ranked.push({ name, score: tolerance + distance });
  }
  return ranked
    .sort((left, right) => left.score - right.score || left.name.localeCompare(right.name))
    .slice(0, limit)
    .map((entry) => entry.name);
}
