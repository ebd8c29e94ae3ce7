// Keeps every rule: providers/ may import shared/ and its own files.
import { systemClock } from '../shared/clock';
import { parseDuration } from './rateLimits';

export const used = [systemClock, parseDuration];
