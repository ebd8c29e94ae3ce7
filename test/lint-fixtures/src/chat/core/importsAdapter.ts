// Breaks: a feature's core/ imports no other feature's adapter.
import { SpeedStatusBar } from '../../speed/statusBar';
// Allowed: another feature's core.
import { percentile } from '../../speed/core/stats';

export const used = [SpeedStatusBar, percentile];
