// The lookup functions (getWebhook, getAgent, getPhoneNumber, getPhoneNumbers): agents, webhooks
// and numbers found by name, URL, id or number, so that a program refers to "CRM intake" rather
// than a uuid pasted from the dashboard, and runs unchanged against another organization. They
// read the lists the provider already reads for its checks and diffs (one agents list, one
// webhooks list and one numbers list per provider instance and cache window). A webhook's signing
// secret is never returned.
import { closestFirst } from "../closest";
import { warn } from "../messages";
import { routingFromApi } from "../resource/modes";
import type { Agent, PhoneNumber, Webhook } from "../wassist/models";
import { normalizeNumber } from "../wassist/numbers";
import type { LiveNumbers } from "./liveNumbers";
import type { Listed, TargetHealth } from "./targetHealth";

export interface GetWebhookArgs {
  /** The webhook's name, exactly as in the Wassist dashboard. */
  name?: string;
  /** The webhook's URL, exactly. */
  url?: string;
  /** Wassist's uuid of the webhook. */
  id?: string;
}
/** A webhook as found: what the client reads of it (never its signing secret). */
export type GetWebhookResult = Webhook;
export interface GetAgentArgs {
  /** The agent's name, exactly as in the Wassist dashboard. */
  name?: string;
  /** Wassist's uuid of the agent. */
  id?: string;
}
export interface GetAgentResult {
  id: string;
  name: string | null;
}
export interface GetPhoneNumberArgs {
  /** The number, E.164 in any spelling ("+44 7700 900100"). */
  number: string;
}
export interface GetPhoneNumberResult {
  number: string;
  numberId: string;
  routing: "webhook" | "agent" | "none" | "sandbox";
  webhookId: string | null;
  agentId: string | null;
  isSandbox: boolean;
  whatsappPhoneNumberId: string | null;
  whatsappBusinessAccountId: string | null;
}
export interface GetPhoneNumbersArgs {
  /** Include the shared sandbox number (default false). */
  includeSandbox?: boolean;
}
export interface GetPhoneNumbersResult {
  numbers: GetPhoneNumberResult[];
}

/** How many existing names a "no match" error lists. */
const LISTED = 10;

/** The one key of `args` that is given, or an error naming the function and its keys. */
function onlyKey<K extends string>(fn: string, args: Partial<Record<K, unknown>>, keys: readonly K[]): K {
  const given = keys.filter((k) => args[k] !== undefined && args[k] !== null && args[k] !== "");
  if (given.length === 1) return given[0] as K;
  const which = keys.join(", ");
  throw new Error(
    given.length === 0
      ? `${fn} needs one of ${which}; none was given`
      : `${fn} takes exactly one of ${which}; ${given.join(" and ")} were given`,
  );
}

/** "a", "b" and "c" (quoted), for messages. */
const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(", ");

export class Lookups {
  constructor(
    private readonly live: LiveNumbers,
    private readonly lists: TargetHealth,
  ) {}

  async getWebhook(args: GetWebhookArgs): Promise<GetWebhookResult> {
    const key = onlyKey("getWebhook", args, ["name", "url", "id"] as const);
    const webhooks = this.readable(
      "getWebhook",
      "webhooks",
      await this.lists.webhookList(),
      "give the webhook's id (webhookId) from the Wassist dashboard instead; ids need no list",
    );
    const wanted = String(args[key]);
    const found = this.match("getWebhook", "webhook", webhooks, key, wanted, (w) =>
      key === "id" ? w.id : key === "url" ? w.url : w.name,
    );
    if (!found.active || found.disabledAt) {
      const since = found.disabledAt ? ` since ${found.disabledAt}` : "";
      const why = found.disabledReason ? ` (${found.disabledReason})` : "";
      warn(
        `getWebhook: webhook "${found.name ?? found.id}" (${found.id}) is disabled by Wassist${since}${why}: messages routed to it are not delivered; re-enable it in the Wassist dashboard`,
      );
    }
    return { ...found };
  }

  async getAgent(args: GetAgentArgs): Promise<GetAgentResult> {
    const key = onlyKey("getAgent", args, ["name", "id"] as const);
    const agents = this.readable(
      "getAgent",
      "agents",
      await this.lists.agentList(),
      "give the agent's id (agentId) from the Wassist dashboard instead",
    );
    const found = this.match("getAgent", "agent", agents, key, String(args[key]), (a) =>
      key === "id" ? a.id : a.name,
    );
    return { id: found.id, name: found.name };
  }

  async getPhoneNumber(args: GetPhoneNumberArgs): Promise<GetPhoneNumberResult> {
    if (typeof args.number !== "string" || args.number.trim() === "")
      throw new Error('getPhoneNumber needs number, E.164 such as "+44 7700 900100"');
    const number = normalizeNumber(args.number);
    const found = await this.live.get(number);
    if (!found) {
      const known = closestFirst(
        number,
        (await this.live.all()).map((n) => n.number),
      ).slice(0, LISTED);
      throw new Error(
        `getPhoneNumber: ${number} is not a number of this Wassist account (the organization of the API key); its numbers, closest first: ${known.join(", ") || "none"}`,
      );
    }
    return numberResult(found);
  }

  async getPhoneNumbers(args: GetPhoneNumbersArgs = {}): Promise<GetPhoneNumbersResult> {
    const numbers = (await this.live.all()).filter((n) => args.includeSandbox === true || !n.isSandbox);
    return { numbers: numbers.sort((a, b) => a.number.localeCompare(b.number)).map(numberResult) };
  }

  /** The list's items, or the error of a list Wassist refused, saying what still works. */
  private readable<T>(fn: string, what: string, list: Listed<T>, instead: string): T[] {
    if ("unknown" in list)
      throw new Error(
        list.refused
          ? `${fn}: Wassist refuses the ${what} list to this key (${list.unknown}); ${instead}`
          : `${fn}: the ${what} list could not be read: ${list.unknown}`,
      );
    return [...(list as Map<string, T>).values()];
  }

  /** The one item whose `field` is `wanted` (ids compared in lower case), or an error that helps. */
  private match<T extends Agent | Webhook>(
    fn: string,
    kind: string,
    items: T[],
    key: string,
    wanted: string,
    field: (item: T) => string | null,
  ): T {
    const compare = key === "id" ? (v: string) => v.toLowerCase() : (v: string) => v;
    const hits = items.filter((item) => {
      const value = field(item);
      return value !== null && compare(value) === compare(wanted);
    });
    if (hits.length === 1) return hits[0] as T;
    if (hits.length > 1)
      throw new Error(
        `${fn}: ${hits.length} ${kind}s of the key's organization have the ${key} "${wanted}": ${hits.map((h) => h.id).join(", ")}; rename one in the Wassist dashboard, or look it up by ${kind === "webhook" ? "url or id" : "id"}`,
      );
    const values = items.map(field).filter((v): v is string => v !== null);
    const near = closestFirst(wanted, [...new Set(values)]).slice(0, LISTED);
    throw new Error(
      `${fn}: no ${kind} of the key's organization has the ${key} "${wanted}"; ${near.length > 0 ? `its ${kind}s' ${key}s, closest first: ${quoted(near)}` : `it has no ${kind}s`}`,
    );
  }
}

function numberResult(n: PhoneNumber): GetPhoneNumberResult {
  return {
    number: n.number,
    numberId: n.id,
    routing: routingFromApi(n.defaultRouting),
    webhookId: n.defaultWebhookId,
    agentId: n.activeAgentId,
    isSandbox: n.isSandbox,
    whatsappPhoneNumberId: n.whatsappPhoneNumberId,
    whatsappBusinessAccountId: n.whatsappBusinessAccountId,
  };
}
