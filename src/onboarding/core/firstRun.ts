// What the first start shows, decided from plain facts: the walkthrough opens once, on the
// first start of a user who has not set up a provider yet (someone whose settings already
// list profiles, say through Settings Sync, knows the way). And the sample file the
// walkthrough's completion step opens.

export const WALKTHROUGH_ID = 'fastInference.gettingStarted';
/** globalState key: the walkthrough was opened once (it never opens by itself again). */
export const WALKTHROUGH_OFFERED_KEY = 'fastInference.walkthroughOffered';

export function shouldOpenWalkthrough(facts: { offeredBefore: boolean; userProfilesSet: boolean }): boolean {
  return !facts.offeredBefore && !facts.userProfilesSet;
}

/**
 * The sample the walkthrough opens with the cursor at its end, inside a function whose
 * body any code model can guess: the first ghost text a new user sees.
 */
export const SAMPLE_PREFIX = [
  '// Fast Inference sample: the cursor waits at the end; ghost text appears in grey.',
  '// Tab accepts it, Ctrl+Right (Cmd+Right) accepts one word, Escape dismisses it.',
  'export interface Point {',
  '  x: number;',
  '  y: number;',
  '}',
  '',
  '/** Straight-line distance between two points. */',
  'export function distance(a: Point, b: Point): number {',
  '  const dx = a.x - b.x;',
  '  const dy = a.y - b.y;',
  '  return Math.sqrt(dx * dx + dy * dy);',
  '}',
  '',
  '/** The point halfway between a and b. */',
  'export function midpoint(a: Point, b: Point): Point {',
  '  return ',
].join('\n');
