// Live routing reads for diff, read and update. With the "list" strategy, one
// `GET /api/v1/phone-numbers/` serves every number for a short while: concurrent callers share
// the request in flight, every write updates its entry, and a number missing from the list is
// asked for directly. With "per-number", each number is its own `GET /phone-numbers/{number}/`,
// which serves that number's reads for the same while (the plugin's refresh before a diff, and
// the diff, read each number: one request, not two).

import { warn } from "../messages";
import type { ReadStrategy } from "../settings";
import type { WassistClient } from "../wassist/client";
import { isNotFound } from "../wassist/errors";
import type { PhoneNumber } from "../wassist/models";
import { SharedRead } from "./sharedRead";

export class LiveNumbers {
  private readonly listed: SharedRead<Map<string, PhoneNumber>>;
  private readonly each = new Map<string, SharedRead<PhoneNumber | undefined>>();

  constructor(
    private readonly client: WassistClient,
    private readonly strategy: ReadStrategy,
    private readonly ttlMs: number,
  ) {
    this.listed = new SharedRead(ttlMs, async () => byNumber(await this.client.listPhoneNumbers()));
  }

  /** The number as Wassist has it now, or undefined when it is not on the account. */
  async get(number: string, options: { fresh?: boolean } = {}): Promise<PhoneNumber | undefined> {
    if (this.strategy === "list" && !options.fresh) {
      const hit = (await this.listed.get()).get(number);
      if (hit) return hit;
    }
    if (this.strategy === "per-number" && !options.fresh) return this.readOf(number).get();
    return this.getOne(number);
  }

  /** Every number of the account: the shared list (whatever the read strategy). */
  async all(): Promise<PhoneNumber[]> {
    return [...(await this.listed.get()).values()];
  }

  /** Records what a write answered, so later reads in this process see it. */
  remember(number: PhoneNumber): void {
    this.listed.current()?.set(number.number, number);
    this.each.get(number.number)?.set(number);
  }

  private readOf(number: string): SharedRead<PhoneNumber | undefined> {
    let read = this.each.get(number);
    if (!read) {
      read = new SharedRead(this.ttlMs, () => this.getOne(number));
      this.each.set(number, read);
    }
    return read;
  }

  private async getOne(number: string): Promise<PhoneNumber | undefined> {
    try {
      const found = await this.client.getPhoneNumber(number);
      this.remember(found);
      return found;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}

/**
 * The list by number. A list that names a number twice, differently, says nothing reliable about
 * it: such numbers are left out, so that they are read one by one.
 */
function byNumber(numbers: PhoneNumber[]): Map<string, PhoneNumber> {
  const map = new Map<string, PhoneNumber>();
  const disagreeing = new Set<string>();
  for (const n of numbers) {
    const seen = map.get(n.number);
    if (seen && JSON.stringify(seen) !== JSON.stringify(n)) disagreeing.add(n.number);
    map.set(n.number, n);
  }
  for (const number of disagreeing) {
    map.delete(number);
    warn(
      `${number}: Wassist's list of numbers holds it twice with different routing; reading it on its own instead`,
    );
  }
  return map;
}
