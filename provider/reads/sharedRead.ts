// One read that serves every caller of a process for a while: callers within `ttlMs` of it get
// its answer, and callers while it is in flight share that request.
export class SharedRead<T> {
  private snapshot?: { at: number; value: T };
  private inflight?: Promise<T>;

  constructor(
    private readonly ttlMs: number,
    private readonly read: () => Promise<T>,
  ) {}

  get(): Promise<T> {
    if (this.snapshot && Date.now() - this.snapshot.at <= this.ttlMs)
      return Promise.resolve(this.snapshot.value);
    if (!this.inflight) {
      const startedAt = Date.now();
      this.inflight = this.read()
        .then((value) => {
          this.snapshot = { at: startedAt, value };
          return value;
        })
        .finally(() => {
          this.inflight = undefined;
        });
    }
    return this.inflight;
  }

  /** Holds `value` as the answer from now on (what a write answered). */
  set(value: T): void {
    this.snapshot = { at: Date.now(), value };
  }

  /** The answer held now, if any (to update it in place). */
  current(): T | undefined {
    return this.snapshot?.value;
  }
}
