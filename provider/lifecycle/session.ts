// What the operations of one configured provider share: its settings, the client, the numbers
// list, the target checks and lookups over the same lists, and the one place that writes a
// routing (and remembers what it wrote, for the cache and for the deletes of this update).
import { randomUUID } from "node:crypto";
import { ActionableError, warn } from "../messages";
import { LiveNumbers } from "../reads/liveNumbers";
import { Lookups } from "../reads/lookups";
import { TargetHealth } from "../reads/targetHealth";
import type { RoutingInputs } from "../resource/args";
import type { RoutingSnapshot, RoutingState } from "../resource/state";
import { clientOf, type ProviderSettings } from "../settings";
import type { WassistClient } from "../wassist/client";
import { WassistApiError } from "../wassist/errors";
import type { PhoneNumber } from "../wassist/models";
import { type DeclaredRouting, describeRouting, liveMatches, snapshotOf } from "./routing";

/** What the person ran, as the first words of a write's errors ("creating routing of …"). */
export type RoutingVerb = "creating" | "updating" | "restoring" | "deleting";

/** Who wrote a number in this process: the resource's adoption id, and the routing it found. */
export interface Writer {
  adoptionId: string;
  previous?: RoutingSnapshot;
}

export class Session {
  readonly client: WassistClient;
  readonly live: LiveNumbers;
  /** The target checks (absent when wassist:checkTargets is false). */
  readonly health?: TargetHealth;
  readonly lookups: Lookups;
  /**
   * The numbers this process wrote (or adopted as they were) for a create or an update, with the
   * adoption id of the resource it did so for. Pulumi runs one provider process per update and
   * deletes after creates: a number written here for one resource and then deleted by another has
   * moved between resources within this update.
   */
  readonly written = new Map<string, Writer>();

  /** Refuses a configuration without a key, or whose client cannot be built (clientOf). */
  constructor(readonly settings: ProviderSettings) {
    this.client = clientOf(settings);
    this.live = new LiveNumbers(this.client, settings.readStrategy, settings.listCacheSeconds * 1000);
    // The agents and webhooks lists are read only when asked for: by the checks (unless
    // checkTargets is off) and by the lookup functions, which share them.
    const lists = new TargetHealth(this.client, settings.listCacheSeconds * 1000);
    this.health = settings.checkTargets ? lists : undefined;
    this.lookups = new Lookups(this.live, lists);
  }

  /** The routing call for `desired` on behalf of `writer`, and a check of Wassist's answer. */
  async write(
    desired: RoutingInputs,
    isSandbox: boolean,
    verb: RoutingVerb,
    writer: Writer,
  ): Promise<PhoneNumber> {
    const { number, applyToExisting } = desired;
    this.written.set(number, writer);
    if (isSandbox && applyToExisting) {
      warn(
        `${number} is a sandbox number: Wassist ignores applyToExisting there and changes only your own conversation`,
      );
    }
    const answer = await this.route(number, desired, applyToExisting, verb);
    if (!liveMatches(answer, desired)) {
      throw new ActionableError(
        `${verb} routing of ${number}: Wassist accepted the change but answered with ${describeRouting(snapshotOf(answer))} instead of ${describeRouting(desired)}`,
      );
    }
    return answer;
  }

  /**
   * Routes `number` to a webhook, to an agent, or nowhere (any other routing, or a target id
   * missing), and remembers Wassist's answer: every write of the lifecycle goes through here.
   */
  async route(
    number: string,
    routing: DeclaredRouting,
    applyToExisting: boolean,
    verb: RoutingVerb,
  ): Promise<PhoneNumber> {
    const call =
      routing.routing === "webhook" && routing.webhookId
        ? this.client.subscribeWebhook(number, routing.webhookId, applyToExisting)
        : routing.routing === "agent" && routing.agentId
          ? this.client.connectAgent(number, routing.agentId, applyToExisting)
          : this.client.unsubscribe(number, applyToExisting);
    // The client's error names the request; the person ran a create, an update or a delete.
    const answer = await call.catch((err: unknown) => {
      throw err instanceof WassistApiError ? err.during(`${verb} routing of ${number}`) : err;
    });
    this.live.remember(answer);
    return answer;
  }
}

/** A resource's adoption id (states from before it existed get one at their first update). */
export function adoptionOf(olds: RoutingState): string {
  return olds.adoptionId ?? randomUUID();
}
