// Auto mode: try the preset's FIM transports in order, fall back on the known refusals
// (404/405/501 route missing, 400 "suffix not supported" and kin), and remember the first
// that works per server and model, so the probing happens once.
import type { Logger } from '../../shared/log';
import type { FimCapabilityStore } from '../capabilities';
import { looksLikeModelMissing, ProviderError, serverMessage } from '../errors';
import type { OpenedStream } from '../stream/generation';
import type { FimRequest, FimTransportId } from '../types';
import { openTransport, type TransportContext } from './transports';

/** Used when an endpoint does not say (a custom server could be anything). */
export const DEFAULT_FIM_ORDER: FimTransportId[] = ['completions-suffix', 'llama-infill', 'raw-template', 'chat'];

/** Whether an error means "this server has no such FIM route" rather than a real failure. */
export function isTransportRefusal(err: unknown): boolean {
  if (err instanceof ProviderError) return false;
  const status = (err as { status?: unknown }).status;
  if (typeof status !== 'number') return false;
  const message = serverMessage(err);
  if (status === 404) return !looksLikeModelMissing(message);
  if (status === 405 || status === 501) return true;
  if (status === 400 || status === 422) {
    return /suffix|insert|infill|\bfim\b|not (currently )?supported|unsupported|not implemented|unrecognized|unknown (param|field|argument)|extra (inputs|fields)/i.test(message);
  }
  return false;
}

function describe(err: unknown): string {
  const status = (err as { status?: unknown }).status;
  const message = serverMessage(err).replace(/\s+/g, ' ').slice(0, 80);
  return `${status ?? '?'}${message ? ` ${message}` : ''}`;
}

export interface FimOpenContext extends TransportContext {
  order: FimTransportId[];
  capabilities: FimCapabilityStore;
  capabilityKey: string;
  logger?: Logger;
}

/** The order to try: the remembered transport first, then the rest of the preset's order. */
export function transportOrder(order: FimTransportId[], remembered: FimTransportId | undefined, templateKnown: boolean): FimTransportId[] {
  const list = remembered ? [remembered, ...order.filter((t) => t !== remembered)] : [...order];
  // A raw template prompt is only worth sending when the model's family is known.
  return list.filter((t) => t !== 'raw-template' || templateKnown);
}

export async function openFimAuto(ctx: FimOpenContext, req: FimRequest, signal: AbortSignal): Promise<OpenedStream> {
  const order = transportOrder(ctx.order, ctx.capabilities.get(ctx.capabilityKey), ctx.template !== undefined);
  const tried: string[] = [];
  let modelHasNoFimTokens = false;
  for (const transport of order) {
    // llama.cpp answers /infill with 501 when the model has no FIM tokens; a template
    // prompt would then be plain text to that model, so go straight to the chat fallback.
    if (transport === 'raw-template' && modelHasNoFimTokens) continue;
    try {
      const opened = await openTransport(transport, ctx, req, signal);
      if (ctx.capabilities.get(ctx.capabilityKey) !== transport) {
        ctx.capabilities.set(ctx.capabilityKey, transport);
        ctx.logger?.info(`FIM for ${ctx.capabilityKey}: using ${transport}${tried.length ? ` after ${tried.join('; ')}` : ''}.`);
      }
      return opened;
    } catch (err) {
      if (signal.aborted || !isTransportRefusal(err)) throw err;
      tried.push(`${transport} → ${describe(err)}`);
      if (transport === 'llama-infill' && (err as { status?: unknown }).status === 501) modelHasNoFimTokens = true;
    }
  }
  throw new ProviderError({
    kind: 'not-supported',
    message: `No fill-in-the-middle route worked for ${ctx.model} at ${ctx.endpoint.baseUrl} (tried ${tried.join('; ') || 'nothing'}). Set "fimTransport" in the profile if you know the server's route.`,
  });
}
