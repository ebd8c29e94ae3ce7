// The model behaviours every typing cell is played against: how the fake
// server's oracle answers relative to what the user goes on to type. Rules
// that pay off when the model is right on the current line only may cost
// requests or right ghost text when it is right further on, right only
// sometimes, or never right; the benchmark reports all of them side by side.
import type { OracleSpec } from '../../test/fake-server/oracle';
import type { ResponseSpec } from '../../test/fake-server/types';

export type ModelName = 'current-line' | 'next-lines' | 'noisy' | 'wrong';

export interface ModelBehaviour {
  name: ModelName;
  /** One line for the report: what the model answers. */
  summary: string;
  oracle: Omit<OracleSpec, 'documents'>;
}

/** The seed of the noisy model's draws: fixed, so every run and strategy meets the same answers. */
export const NOISY_SEED = 20261202;

export const MODEL_BEHAVIOURS: readonly ModelBehaviour[] = [
  { name: 'current-line', summary: 'the rest of the current line right, then 2 plausible wrong lines', oracle: { behaviour: 'current-line', wrongLines: 2 } },
  { name: 'next-lines', summary: 'the rest of the current line and the next 3 lines right', oracle: { behaviour: 'next-lines', linesAfter: 3 } },
  {
    name: 'noisy',
    summary: `the rest of the current line and each of the next 3 lines right with probability 0.6 (seed ${NOISY_SEED})`,
    oracle: { behaviour: 'noisy', linesAfter: 3, rightProbability: 0.6, seed: NOISY_SEED },
  },
  { name: 'wrong', summary: 'wrong from the cursor on, then 2 plausible wrong lines', oracle: { behaviour: 'wrong', linesAfter: 2 } },
];

export const MODEL_NAMES: readonly ModelName[] = MODEL_BEHAVIOURS.map((m) => m.name);

export function modelNamed(name: string): ModelBehaviour {
  const found = MODEL_BEHAVIOURS.find((m) => m.name === name);
  if (!found) throw new Error(`unknown model behaviour ${name} (known: ${MODEL_NAMES.join(', ')})`);
  return found;
}

/** The fake server's response for a model behaviour over these documents. */
export function oracleResponse(model: string, documents: { text: string }[]): ResponseSpec {
  return { kind: 'oracle', documents, ...modelNamed(model).oracle };
}
