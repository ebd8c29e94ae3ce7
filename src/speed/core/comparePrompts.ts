// The prompts Compare Providers sends. Fixed, so that results from different days and
// machines compare; long enough answers that decode speed, not just latency, shows.
import type { ChatRequest, FimRequest } from '../../providers/types';

const FIM_PREFIX = `// Utilities for a small inventory service.
export interface Item {
  sku: string;
  name: string;
  quantity: number;
  priceCents: number;
}

/** Groups items by the first letter of their name, sorted by name within each group. */
export function groupByInitial(items: Item[]): Map<string, Item[]> {
`;

const FIM_SUFFIX = `
}

/** Total stock value in cents. */
export function stockValue(items: Item[]): number {
  return items.reduce((sum, item) => sum + item.quantity * item.priceCents, 0);
}
`;

export const COMPARE_FIM_REQUEST: FimRequest = {
  prefix: FIM_PREFIX,
  suffix: FIM_SUFFIX,
  filePath: 'inventory.ts',
  languageId: 'typescript',
  maxTokens: 128,
  temperature: 0,
};

export const COMPARE_CHAT_REQUEST: ChatRequest = {
  messages: [
    {
      role: 'user',
      content:
        'Write a TypeScript function that parses one line of CSV, handling quoted fields with embedded commas and doubled quotes. ' +
        'Then explain in a few sentences how it works.',
    },
  ],
  maxTokens: 400,
  temperature: 0,
};
