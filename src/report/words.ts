/** "1 run", "2 runs", "0 runs": a count with its noun, for every line a user reads. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
