// What the extension exports to other extensions (and to its API tests).
import type { SpeedSample } from './providers';

export interface FastInferenceApi {
  /** The recorded speed samples, oldest first. */
  speedHistory(): readonly SpeedSample[];
}
