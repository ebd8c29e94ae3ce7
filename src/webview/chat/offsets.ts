// Deltas carry the offset they start at, so a repeated piece (after a
// snapshot that already held it) is dropped and a missing piece is noticed.

/** Applies `piece` at `offset`: keeps only what `current` lacks; undefined when there is a gap. */
export function splice(current: string, offset: number, piece: string): string | undefined {
  if (offset > current.length) return undefined;
  const end = offset + piece.length;
  if (end <= current.length) return current;
  return current + piece.slice(current.length - offset);
}
