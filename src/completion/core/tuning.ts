// The engine's tuning: every number that decides when it asks, waits or gives
// up, in one place. Changing one changes the benchmark's figures; each says why
// it has its value.

// ---- Debounce: the wait between a keystroke and a request (debounce.ts) ----

/** Below this share of the typing gap, the answer beats the next key: no wait. */
export const FAST_RATIO = 0.5;
/** Above this share, a request mid-burst is wasted: wait for a pause. */
export const SLOW_RATIO = 1.5;
/** A gap this many times the typing rhythm counts as a pause. */
export const PAUSE_FACTOR = 1.5;
/** The longest wait for a pause: past it, waiting costs more than a wasted request. */
export const MAX_DELAY_MS = 600;
/** Assumed gap between keystrokes before the first few were measured. */
export const DEFAULT_TYPING_INTERVAL_MS = 250;

// ---- The user's typing rhythm (typingCadence.ts) ----

/** A gap between two edits longer than this is a pause, not part of the rhythm. */
export const TYPING_PAUSE_MS = 1500;
/** How many recent gaps the rhythm is the median of. */
export const TYPING_WINDOW = 12;

// ---- Time from request to ghost text (showLatency.ts) ----

/** How many recent requests the expected time is the median of. */
export const LATENCY_WINDOW = 16;
/** Expected time before anything was measured: a typical hosted endpoint. */
export const FALLBACK_SHOW_MS = 300;
/** A first line takes a little longer than the first token. */
export const FIRST_LINE_AFTER_TOKEN_MS = 15;

// ---- Suggestions the user types past (ignoredSuggestions.ts) ----

/** Suggestions typed past in a row before the engine waits for pauses (one is a typo, two a pattern). */
export const IGNORED_BEFORE_WAITING = 2;
/** How much longer than a pause the wait grows with each further suggestion passed by, in typing gaps. */
export const IGNORED_WAIT_STEP = 0.5;
/** The longest wait for a user who keeps typing past the suggestions. */
export const MAX_IGNORED_WAIT_MS = 1200;

// ---- A key that contradicts the ghost text (ghostText.ts) ----

/** Before the engine has seen the user correct a few keys, it waits this long after a contradicting key. */
export const DEFAULT_CORRECTION_WAIT_MS = 600;
/** The shortest wait after a contradicting key, however quick the user's corrections. */
export const MIN_CORRECTION_WAIT_MS = 250;
/** The longest wait after a contradicting key, however slow the user's corrections. */
export const MAX_CORRECTION_WAIT_MS = 1000;
/** A deletion later than this after the contradicting key is a change of mind, not a correction. */
export const CORRECTION_WINDOW_MS = 2000;
/** How many recent corrections the user's correction time is read from. */
export const CORRECTION_SAMPLES = 8;
/** The wait is this much longer than the user's slower corrections, to let them finish. */
export const CORRECTION_MARGIN = 1.25;

// ---- Streams and failures (engine.ts, activity.ts) ----

/** A stream nobody asks about for this long is closed (Esc, focus elsewhere). */
export const IDLE_ABORT_MS = 2000;
/** How long a new request waits for the replaced stream's connection to close before it goes anyway. */
export const CLOSE_WAIT_MS = 50;
/** Back-off after the first failure; it doubles with each further one. */
export const BACKOFF_START_MS = 1000;
/** The longest back-off: a failing endpoint is still tried twice a minute. */
export const BACKOFF_MAX_MS = 30_000;
/** The cooldown after a 429 has one owner, the provider layer's gate (RateLimitGate in providers/rateLimits.ts). */

// ---- Asking ahead (ahead.ts) ----

/** Spots already asked ahead for that are remembered, so none is asked twice. */
export const ASKED_AHEAD_MEMORY = 64;
