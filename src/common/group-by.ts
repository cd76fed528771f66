/**
 * Items grouped by a key, groups in order of first appearance. (`Map.groupBy` does this from
 * ES2024; the file checker still runs on browsers a little older than that.)
 */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}
