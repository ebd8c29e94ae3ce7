// Markers (stop strings, tags, control tokens) split across stream chunks.

/**
 * Length of the longest suffix of `text` that is a proper prefix of one of `markers`:
 * how much of a growing text must be held back because it may still become a marker.
 */
export function partialMarkerLength(text: string, markers: readonly string[]): number {
  let best = 0;
  for (const marker of markers) {
    for (let n = Math.min(marker.length - 1, text.length); n > best; n--) {
      if (text.endsWith(marker.slice(0, n))) {
        best = n;
        break;
      }
    }
  }
  return best;
}
