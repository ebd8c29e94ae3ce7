// Coalesces any number of updates into one render per animation frame.
export class FrameScheduler {
  private pending = false;

  constructor(
    private readonly render: () => void,
    private readonly requestFrame: (callback: () => void) => void = (cb) => requestAnimationFrame(() => cb()),
  ) {}

  schedule(): void {
    if (this.pending) return;
    this.pending = true;
    this.requestFrame(() => {
      this.pending = false;
      this.render();
    });
  }
}
