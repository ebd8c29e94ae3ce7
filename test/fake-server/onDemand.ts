// Models loaded on demand, as Ollama (and LM Studio with just-in-time loading) do: the first
// generation request naming a model starts loading it and is held, headers and all, until the
// model is in memory; requests for the same model meanwhile wait for the same load. Ollama's
// `GET /api/ps` lists the models in memory and LM Studio's `GET /api/v0/models/{id}` gives a
// model's `state`, so a client can tell loading from a slow first token.
interface Load {
  startedAt: number;
  waiters: (() => void)[];
  timer?: NodeJS.Timeout;
}

export class OnDemandModels {
  private loadMs: number;
  private readonly loaded = new Set<string>();
  private readonly loading = new Map<string, Load>();

  constructor(loadMs: number, private readonly now: () => number = () => performance.now()) {
    this.loadMs = loadMs;
  }

  /** A new load time: 0 finishes the loads in progress now; nothing is unloaded. */
  setLoadMs(ms: number): void {
    this.loadMs = ms;
    for (const [model, load] of this.loading) this.arm(model, load);
  }

  /** Forgets every loaded model (a restarted server) and releases the requests held. */
  reset(loadMs: number): void {
    for (const [model, load] of this.loading) this.finish(model, load);
    this.loaded.clear();
    this.loadMs = loadMs;
  }

  isLoaded(model: string): boolean {
    return this.loadMs === 0 ? !this.loading.has(model) : this.loaded.has(model);
  }

  /** Runs `proceed` once `model` is in memory: at once when it is, else when its load ends. */
  whenLoaded(model: string, proceed: () => void): void {
    if (this.isLoaded(model)) return proceed();
    let load = this.loading.get(model);
    if (!load) {
      load = { startedAt: this.now(), waiters: [] };
      this.loading.set(model, load);
      this.arm(model, load);
    }
    load.waiters.push(proceed);
  }

  /** Ollama's `/api/ps` body: the models in memory. */
  ollamaPs(known: readonly string[]): unknown {
    const names = this.loadMs === 0 ? known.filter((m) => !this.loading.has(m)) : [...this.loaded];
    return { models: names.map((name) => ({ name, model: name, size: 0, digest: '', expires_at: '2099-01-01T00:00:00Z', size_vram: 0 })) };
  }

  /** LM Studio's `/api/v0/models/{id}` body. */
  lmStudioModel(id: string): unknown {
    return { id, object: 'model', type: 'llm', state: this.isLoaded(id) ? 'loaded' : 'not-loaded' };
  }

  private arm(model: string, load: Load): void {
    if (load.timer) clearTimeout(load.timer);
    const left = load.startedAt + this.loadMs - this.now();
    if (left <= 0) return this.finish(model, load);
    load.timer = setTimeout(() => this.finish(model, load), left);
  }

  private finish(model: string, load: Load): void {
    if (load.timer) clearTimeout(load.timer);
    this.loading.delete(model);
    this.loaded.add(model);
    for (const proceed of load.waiters) proceed();
  }
}
