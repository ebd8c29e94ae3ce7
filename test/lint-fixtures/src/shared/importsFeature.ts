// Breaks: shared/ imports no feature (nor the provider layer).
import type { SpeedSample } from '../providers/types';

export type Sample = SpeedSample;
