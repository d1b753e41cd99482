// Live routing reads for diff, read and update. With the "list" strategy, one
// `GET /api/v1/phone-numbers/` serves every number for a short while: concurrent callers share
// the request in flight, every write updates its entry, and a number missing from the list is
// asked for directly. With "per-number", each read is its own `GET /phone-numbers/{number}/`.
import type { PhoneNumber } from "./apiModels";
import type { ReadStrategy } from "./config";
import { WassistApiError } from "./errors";
import { warn } from "./log";
import type { WassistClient } from "./wassistClient";

export class LiveNumbers {
  private snapshot?: { at: number; byNumber: Map<string, PhoneNumber> };
  private inflight?: Promise<Map<string, PhoneNumber>>;

  constructor(
    private readonly client: WassistClient,
    private readonly strategy: ReadStrategy,
    private readonly ttlMs: number,
  ) {}

  /** The number as Wassist has it now, or undefined when it is not on the account. */
  async get(number: string, options: { fresh?: boolean } = {}): Promise<PhoneNumber | undefined> {
    if (this.strategy === "list" && !options.fresh) {
      const hit = (await this.list()).get(number);
      if (hit) return hit;
    }
    return this.getOne(number);
  }

  /** Records what a write answered, so later reads in this process see it. */
  remember(number: PhoneNumber): void {
    this.snapshot?.byNumber.set(number.number, number);
  }

  private list(): Promise<Map<string, PhoneNumber>> {
    if (this.snapshot && Date.now() - this.snapshot.at <= this.ttlMs)
      return Promise.resolve(this.snapshot.byNumber);
    if (!this.inflight) {
      const startedAt = Date.now();
      this.inflight = this.client
        .listPhoneNumbers()
        .then((numbers) => {
          const byNumber = new Map<string, PhoneNumber>();
          const disagreeing = new Set<string>();
          for (const n of numbers) {
            const seen = byNumber.get(n.number);
            if (seen && JSON.stringify(seen) !== JSON.stringify(n)) disagreeing.add(n.number);
            byNumber.set(n.number, n);
          }
          // A list that names a number twice, differently, says nothing reliable about it: those
          // numbers are read one by one instead.
          for (const number of disagreeing) {
            byNumber.delete(number);
            warn(
              `${number}: Wassist's list of numbers holds it twice with different routing; reading it on its own instead`,
            );
          }
          this.snapshot = { at: startedAt, byNumber };
          return byNumber;
        })
        .finally(() => {
          this.inflight = undefined;
        });
    }
    return this.inflight;
  }

  private async getOne(number: string): Promise<PhoneNumber | undefined> {
    try {
      const found = await this.client.getPhoneNumber(number);
      this.remember(found);
      return found;
    } catch (err) {
      if (err instanceof WassistApiError && err.status === 404) return undefined;
      throw err;
    }
  }
}
