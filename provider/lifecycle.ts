// The lifecycle of PhoneNumberRouting: configure, check, diff, create, read, update, delete.
// This is the implementation that runs inside Pulumi's dynamic-provider process; the object
// stored in state is only the `__provider` text of shim.ts, which loads this at run time.
import { randomUUID } from "node:crypto";
import type { dynamic } from "@pulumi/pulumi";
import type { PreviewInputs, RoutingInputs } from "./args";
import { checkInputs, INPUT_KEYS, isUnknown, parseInputs } from "./inputs";
import { forTheEngine, info, ProviderError, warn } from "./messages";
import { LiveNumbers } from "./reads/liveNumbers";
import { type GetPhoneNumberArgs, Lookups } from "./reads/lookups";
import { TargetHealth } from "./reads/targetHealth";
import { type RoutingMode, routingFromApi } from "./routingModes";
import { clientOf, keyAdvice, MISSING_KEY, type ProviderSettings, readSettings } from "./settings";
import type { RoutingOutputs, RoutingSnapshot, RoutingState } from "./state";
import { parseBaseUrl } from "./wassist/baseUrl";
import type { RoutingVerb, WassistClient } from "./wassist/client";
import { hasStatus, isNotFound, WassistHttpError } from "./wassist/errors";
import type { PhoneNumber } from "./wassist/models";

/** A routing as declared or recorded: the ids may be absent or null. */
type DeclaredRouting = {
  routing: RoutingMode | "sandbox";
  webhookId?: string | null;
  agentId?: string | null;
};

const GONE = "the number is no longer on the Wassist account; run `pulumi refresh` to drop it from the stack";

/** Why a number cannot be created: it is not on the key's organization. */
export function notOnAccount(number: string): string {
  return `creating routing of ${number}: ${number} is not a number of this Wassist account (the organization of the API key); check the number, or the key in wassist:apiKey / WASSIST_API_KEY`;
}

/**
 * A number paused in the dashboard with its agent or webhook still attached: a state the API
 * cannot make (its unsubscribe drops both), so "restore" cannot put it back whole. Says so, and
 * what restoring will do; undefined for any other routing.
 */
export function pausedWithTarget(number: string, previous: RoutingSnapshot | undefined): string | undefined {
  if (previous?.routing !== "none") return undefined;
  const target = previous.webhookId
    ? `webhook ${previous.webhookId}`
    : previous.agentId
      ? `agent ${previous.agentId}`
      : undefined;
  if (!target) return undefined;
  return `${number} is paused with ${target} still attached (a state only the Wassist dashboard can make): onDelete "restore" will pause it with nothing attached (the API's unsubscribe drops the target), so re-attach ${target} in the dashboard afterwards if it should stay`;
}

/** A check failure: the input it concerns ("" for the resource as a whole) and why. */
type Failure = { property: string; reason: string };

/**
 * A target id missing for a routing that did not change: when the program changed routing under
 * `ignoreChanges: ["routing"]`, Pulumi kept the old routing and took the new target, and the
 * failure alone would not say why.
 */
function withIgnoreChangesHint(failure: Failure, olds: unknown, news: unknown): Failure {
  const before = (olds ?? {}) as Record<string, unknown>;
  const after = (news ?? {}) as Record<string, unknown>;
  if (!/ is required when routing is /.test(failure.reason) || before.routing !== after.routing)
    return failure;
  return {
    ...failure,
    reason: `${failure.reason} (routing is "${String(after.routing)}" as before: if the resource has ignoreChanges on routing, Pulumi kept its old value, so change routing and its target together with ignoreChanges lifted, or leave both alone)`,
  };
}

/** The resource name at the end of a URN ("urn:…::wassist:index:PhoneNumberRouting::support" → support). */
function nameOf(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/**
 * Inputs from a routing as recorded or found (ids may be null or absent): a routing whose id is
 * missing reads as "none".
 */
export function routingInputs(
  base: Pick<RoutingInputs, "number" | "applyToExisting" | "onDelete">,
  routing: { routing?: RoutingMode | "sandbox"; webhookId?: string | null; agentId?: string | null },
): RoutingInputs {
  const common = { number: base.number, applyToExisting: base.applyToExisting, onDelete: base.onDelete };
  if (routing.routing === "webhook" && routing.webhookId)
    return { ...common, routing: "webhook", webhookId: routing.webhookId };
  if (routing.routing === "agent" && routing.agentId)
    return { ...common, routing: "agent", agentId: routing.agentId };
  return { ...common, routing: "none" };
}

/** The routing a resource declares, as a snapshot (what its write sets). */
export function declaredSnapshot(d: DeclaredRouting): RoutingSnapshot {
  return {
    routing: d.routing,
    webhookId: d.routing === "webhook" ? (d.webhookId ?? null) : null,
    agentId: d.routing === "agent" ? (d.agentId ?? null) : null,
  };
}

export function snapshotOf(live: PhoneNumber): RoutingSnapshot {
  return {
    routing: routingFromApi(live.defaultRouting),
    webhookId: live.defaultWebhookId,
    agentId: live.activeAgentId,
  };
}

export function describeRouting(routing: {
  routing: string;
  webhookId?: string | null;
  agentId?: string | null;
}): string {
  if (routing.routing === "webhook") return `webhook ${routing.webhookId}`;
  if (routing.routing === "agent") return `agent ${routing.agentId}`;
  return routing.routing === "none" ? "no routing" : routing.routing;
}

/** True when the live number already routes as desired (sandbox defaults cannot be compared). */
export function liveMatches(live: PhoneNumber, desired: DeclaredRouting): boolean {
  if (live.isSandbox) return true;
  const now = snapshotOf(live);
  if (now.routing !== desired.routing) return false;
  if (desired.routing === "webhook") return now.webhookId === desired.webhookId;
  if (desired.routing === "agent") return now.agentId === desired.agentId;
  return true;
}

/** How one property changes: what the plugin's detailed diff says of it. */
export type PropertyChange = "add" | "update" | "delete" | "update-replace";

export interface DetailedDiff extends dynamic.DiffResult {
  detailedDiff: Record<string, PropertyChange>;
}

/** `keys` as changes from `olds` to `news`: added where there was no value, deleted where there is none now. */
function changesOf(
  olds: RoutingState,
  news: object,
  keys: readonly string[],
): Record<string, PropertyChange> {
  const get = (o: object, key: string) => (o as Record<string, unknown>)[key] ?? null;
  return Object.fromEntries(
    keys.map((key) => [key, get(olds, key) === null ? "add" : get(news, key) === null ? "delete" : "update"]),
  );
}

/** An error that keeps the resource in state ("created but failed to initialise"). */
export class InitializationError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[],
  ) {
    super(message);
  }
}

/** Statuses after which the write certainly did not happen. */
export function certainlyNotApplied(err: unknown): boolean {
  return err instanceof WassistHttpError && err.status < 500 && !hasStatus(err, 408, 429);
}

/** What the operations of one configured provider share: the client, its reads and caches. */
interface Session {
  client: WassistClient;
  live: LiveNumbers;
  /** The target checks (absent when wassist:checkTargets is false). */
  health?: TargetHealth;
  lookups: Lookups;
}

/** The lookup functions' tokens (the plugin's `Invoke`), each with its implementation. */
export const FUNCTION_TOKENS = {
  "wassist:index:getWebhook": "getWebhook",
  "wassist:index:getAgent": "getAgent",
  "wassist:index:getPhoneNumber": "getPhoneNumber",
  "wassist:index:getPhoneNumbers": "getPhoneNumbers",
} as const;
export type FunctionToken = keyof typeof FUNCTION_TOKENS;

export interface PhoneNumberRoutingProviderOptions {
  /** Settings instead of stack config and environment (tests). */
  settings?: Partial<ProviderSettings>;
}

export class PhoneNumberRoutingProvider implements dynamic.ResourceProvider<PreviewInputs, RoutingState> {
  private settings?: ProviderSettings;
  private configError?: Error;
  /**
   * The numbers this process wrote (or adopted as they were) for a create or an update, with the
   * adoption id of the resource it did so for. Pulumi runs one provider process per update and deletes after
   * creates: a number written here for one resource and then deleted by another has moved
   * between resources within this update.
   */
  private readonly written = new Map<string, { adoptionId: string; previous?: RoutingSnapshot }>();
  private state?: Session;
  /** The number each resource checked in this process declares, by resource URN (plugin only). */
  private readonly claims = new Map<string, string>();

  constructor(private readonly options: PhoneNumberRoutingProviderOptions = {}) {}

  /**
   * Reads the settings. A bad setting or a missing key fails every operation before any request
   * is made, preview of new resources included (a pull-request check goes red, not the first
   * `up`). It is reported by `check` as a failure of each resource, which the CLI shows as one
   * line per resource; Pulumi's dynamic-provider host would print an error thrown here to
   * stderr a second time, with a stack trace.
   */
  async configure(req: dynamic.ConfigureRequest): Promise<void> {
    this.configureFrom((key) => req.config.get(key));
  }

  /**
   * The same from a getter of `wassist:*` config keys: the dynamic shell reads the stack config,
   * the plugin its provider's config (see plugin/server.ts).
   */
  configureFrom(config: (key: string) => string | undefined, provider?: string): void {
    try {
      this.settings = { ...readSettings(config, process.env, provider), ...this.options.settings };
      parseBaseUrl(this.settings.baseUrl);
      if (!this.settings.apiKey) throw new ProviderError(MISSING_KEY);
    } catch (err) {
      this.configError = err as Error;
    }
  }

  /** The lookup functions, over this provider's key, client and lists. */
  lookups(): Lookups {
    return this.api().lookups;
  }

  /** A lookup function by its token (the plugin's Invoke); errors name the function. */
  async invoke(token: string, args: Record<string, unknown>): Promise<object> {
    const name = FUNCTION_TOKENS[token as FunctionToken];
    if (!name) throw new Error(`the wassist provider has no function ${token}`);
    const lookups = this.lookups();
    try {
      switch (name) {
        case "getWebhook":
          return await lookups.getWebhook(args);
        case "getAgent":
          return await lookups.getAgent(args);
        case "getPhoneNumber":
          return await lookups.getPhoneNumber(args as unknown as GetPhoneNumberArgs);
        case "getPhoneNumbers":
          return await lookups.getPhoneNumbers(args);
      }
    } catch (err) {
      throw hasStatus(err, 401)
        ? err.advise(keyAdvice(this.settings?.apiKeySource, this.settings?.provider))
        : err;
    }
  }

  /** Closes the HTTP pool (tests; the provider process simply exits). */
  async close(): Promise<void> {
    await this.state?.client.close();
    this.state = undefined;
  }

  private api(): Session {
    if (this.configError) throw this.configError;
    if (!this.state) {
      this.settings ??= { ...readSettings(() => undefined), ...this.options.settings };
      const settings = this.settings;
      if (!settings.apiKey) throw new ProviderError(MISSING_KEY);
      const client = clientOf({ ...settings, apiKey: settings.apiKey });
      const live = new LiveNumbers(client, settings.readStrategy, settings.listCacheSeconds * 1000);
      // The agents and webhooks lists are read only when asked for: by the checks (unless
      // checkTargets is off) and by the lookup functions, which share them.
      const lists = new TargetHealth(client, settings.listCacheSeconds * 1000);
      this.state = {
        client,
        live,
        health: settings.checkTargets ? lists : undefined,
        lookups: new Lookups(live, lists),
      };
    }
    return this.state;
  }

  /**
   * Checks the inputs, and then what `create` or `update` would be refused for, so that preview
   * refuses it with the same message: the key (the numbers list is read, one request that the
   * diff and the write then reuse), a number not on the key's organization, a target not among
   * its agents or webhooks, and (given the resource's URN: the plugin) a number another resource
   * of this provider declares.
   */
  async check(olds: unknown, news: unknown, urn?: string): Promise<dynamic.CheckResult<PreviewInputs>> {
    if (this.configError) return { failures: [{ property: "", reason: this.configError.message }] };
    const { inputs, failures } = checkInputs(news);
    if (failures.length > 0) return { failures: failures.map((f) => withIgnoreChangesHint(f, olds, news)) };
    const refused = await this.refusals(olds as RoutingState | undefined, inputs as PreviewInputs, urn);
    return refused.length > 0 ? { failures: refused } : { inputs };
  }

  private async refusals(
    olds: RoutingState | undefined,
    inputs: PreviewInputs,
    urn?: string,
  ): Promise<Failure[]> {
    const number = inputs.number;
    if (isUnknown(number)) return [];
    const duplicate = urn ? this.claim(urn, number) : undefined;
    if (duplicate) return [duplicate];
    const updating = olds?.number === number;
    const verb = updating ? "updating" : "creating";
    let live: PhoneNumber | undefined;
    try {
      live = await this.api().live.get(number);
    } catch (err) {
      const advised = hasStatus(err, 401)
        ? err.advise(keyAdvice(this.settings?.apiKeySource, this.settings?.provider))
        : err;
      return [{ property: "", reason: `${verb} routing of ${number}: ${(advised as Error).message}` }];
    }
    if (!live)
      return [
        {
          property: "number",
          reason: !updating
            ? notOnAccount(number)
            : this.settings?.provider
              ? `updating routing of ${number}: ${number} is not on the Wassist account of provider "${this.settings.provider}": either the number left the account (run \`pulumi refresh\` to drop it from the stack), or the resource moved to this provider from another organization's, and this organization does not have the number (give the resource its provider back)`
              : `updating routing of ${number}: ${GONE}`,
        },
      ];
    const paused =
      updating || inputs.onDelete === "unsubscribe" || inputs.onDelete === "retain"
        ? undefined
        : pausedWithTarget(number, snapshotOf(live));
    if (paused) warn(paused);
    const declared = { routing: inputs.routing, webhookId: inputs.webhookId, agentId: inputs.agentId };
    if (isUnknown(declared.webhookId) || isUnknown(declared.agentId) || isUnknown(declared.routing))
      return [];
    // A number already routed as declared is adopted or kept without a write: Wassist refuses no
    // target then (a target that stopped working is the diff's to report).
    if (liveMatches(live, declared as DeclaredRouting)) return [];
    const problem = await this.api().health?.problemWith(declared as { routing: string });
    if (problem?.kind !== "absent") return [];
    return [
      {
        property: problem.property,
        reason: `${verb} routing of ${number}: ${problem.message}; use an id of this organization's ${problem.property === "agentId" ? "agents" : "webhooks"} (the Wassist dashboard lists them), or check the key`,
      },
    ];
  }

  /** A failure when another resource of this provider declared `number` first. */
  private claim(urn: string, number: string): Failure | undefined {
    for (const [other, claimed] of this.claims) {
      if (other !== urn && claimed === number)
        return {
          property: "number",
          reason: `PhoneNumberRouting "${nameOf(urn)}" declares the number ${number}, which PhoneNumberRouting "${nameOf(other)}" declares already with the same provider (the same Wassist organization): a number has one routing, so keep one of the two resources`,
        };
    }
    this.claims.set(urn, number);
    return undefined;
  }

  async diff(id: string, olds: RoutingState, news: PreviewInputs): Promise<dynamic.DiffResult> {
    // A dynamic provider cannot return a detailed diff (Pulumi's host drops it).
    const { detailedDiff: _, ...result } = await this.diffDetailed(id, olds, news);
    return result;
  }

  /**
   * The diff with the properties that differ, each from the live routing where Wassist's differs
   * from the state (drift), else from the state: what the plugin returns as its detailed diff.
   */
  async diffDetailed(id: string, olds: RoutingState, news: PreviewInputs): Promise<DetailedDiff> {
    return this.advised(`previewing ${id}`, () => this.diffLive(id, olds, news));
  }

  async create(inputs: PreviewInputs): Promise<dynamic.CreateResult<RoutingOutputs>> {
    return this.advised(`creating ${inputs.number}`, () => this.adopt(inputs));
  }

  async update(
    id: string,
    olds: RoutingState,
    news: PreviewInputs,
  ): Promise<dynamic.UpdateResult<RoutingOutputs>> {
    return this.advised(`updating ${id}`, () => this.reconcile(id, olds, news));
  }

  async read(id: string, props?: RoutingState): Promise<dynamic.ReadResult<RoutingState>> {
    return this.advised(`refreshing ${id}`, () => this.readLive(id, props));
  }

  async delete(id: string, props: RoutingState): Promise<void> {
    return this.advised(`deleting ${id}`, () => this.undo(id, props));
  }

  /**
   * Runs an operation. A key Wassist refused gets the advice of where it came from and how to set
   * it; an expected error is shown once, under the resource (see forTheEngine).
   */
  private async advised<T>(doing: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      const advised = hasStatus(err, 401)
        ? err.advise(keyAdvice(this.settings?.apiKeySource, this.settings?.provider))
        : err;
      throw forTheEngine(advised, doing);
    }
  }

  private async diffLive(_id: string, olds: RoutingState, news: PreviewInputs): Promise<DetailedDiff> {
    if (isUnknown(news.number) || news.number !== olds.number) {
      return {
        changes: true,
        replaces: ["number"],
        deleteBeforeReplace: false,
        detailedDiff: { number: "update-replace" },
      };
    }
    const changed = INPUT_KEYS.filter(
      (key) => isUnknown(news[key]) || (news[key] ?? null) !== (olds[key] ?? null),
    );
    if (changed.some((key) => isUnknown(news[key])))
      return { changes: true, replaces: [], detailedDiff: changesOf(olds, news, changed) };
    const known = this.normalized(news);
    const live = await this.api().live.get(known.number);
    if (!live) {
      warn(`${news.number}: ${GONE}`);
      return { changes: true, replaces: [], detailedDiff: changesOf(olds, news, changed) };
    }
    const differsFromDeclared = !liveMatches(live, known);
    // Drift: Wassist routes the number otherwise than the state says (a person changed it). A
    // change of the program alone is no drift. (The plugin refreshes before its diffs, so there
    // the state is already the live routing.)
    const drift =
      differsFromDeclared &&
      !(olds.routing !== undefined && liveMatches(live, { ...olds, routing: olds.routing }));
    // Where Wassist routes the number now, as inputs: the left side of each drifted property.
    const now = this.fromLive(live, known);
    const found: RoutingState = drift
      ? { ...olds, routing: now.routing, webhookId: now.webhookId ?? null, agentId: now.agentId ?? null }
      : olds;
    const differing = drift
      ? INPUT_KEYS.filter((key) => (known[key] ?? null) !== (found[key] ?? null))
      : changed;
    if (drift) {
      info(
        `${news.number} has drifted: Wassist routes it to ${describeRouting(snapshotOf(live))}, the stack declares ${describeRouting(known)}; \`pulumi up\` will put the declared routing back`,
      );
    }
    // Routed as declared, but to a target that no longer works: a change too, so that drift
    // checks (--expect-no-changes) fail while messages go nowhere.
    const problem =
      differsFromDeclared || live.isSandbox ? undefined : await this.api().health?.problemWith(known);
    if (problem) info(`${news.number} routes to a target that does not work: ${problem.message}`);
    const detailedDiff = changesOf(found, known, differing);
    if (problem) detailedDiff[problem.property] = "update";
    return {
      changes: differsFromDeclared || changed.length > 0 || problem !== undefined,
      replaces: [],
      detailedDiff,
    };
  }

  private async adopt(inputs: PreviewInputs): Promise<dynamic.CreateResult<RoutingOutputs>> {
    const desired = this.normalized(inputs);
    const number = desired.number;
    const { live } = this.api();
    const found = await live.get(number);
    if (!found) throw new ProviderError(notOnAccount(number));
    const adoptionId = randomUUID();
    const writer = { adoptionId, previous: snapshotOf(found) };
    const outs = this.outputs(desired, found, writer.previous, declaredSnapshot(desired), adoptionId);
    if (!found.isSandbox && !desired.applyToExisting && liveMatches(found, desired)) {
      // Already routed as declared: adopted without a write, which would change nothing (and cost
      // one of the key's requests a minute). Claimed all the same, so that the delete of another
      // resource that declared the number before leaves it alone.
      this.written.set(number, writer);
      return { id: number, outs };
    }
    try {
      await this.apply(desired, found.isSandbox, "creating", writer);
    } catch (err) {
      if (certainlyNotApplied(err)) throw this.explain(err, found.isSandbox, desired);
      // The write may have happened: keep the number in state (with where it was routed before),
      // so that the next `up` reconciles it and `destroy` can restore it.
      throw new InitializationError(
        (err as Error).message,
        number,
        { ...outs, __provider: "__provider" in inputs ? inputs.__provider : undefined },
        [(err as Error).message],
      );
    }
    return { id: number, outs };
  }

  /** A resource's adoption id (states from before it existed get one at their first update). */
  private adoptionOf(olds: RoutingState): string {
    return olds.adoptionId ?? randomUUID();
  }

  private async reconcile(
    _id: string,
    olds: RoutingState,
    news: PreviewInputs,
  ): Promise<dynamic.UpdateResult<RoutingOutputs>> {
    const desired = this.normalized(news);
    const changed = INPUT_KEYS.filter((key) => (olds[key] ?? null) !== (desired[key] ?? null));
    const routingChanged = changed.some(
      (key) => key === "routing" || key === "webhookId" || key === "agentId",
    );
    // No input changed: diff saw drift, so write. Only onDelete/applyToExisting changed: write
    // only if Wassist does not already route as declared (a fresh read, not a cached one).
    if (!routingChanged && changed.length > 0) {
      const found = await this.api().live.get(desired.number, { fresh: true });
      if (!found) throw new ProviderError(`updating routing of ${desired.number}: ${GONE}`);
      if (liveMatches(found, desired))
        return {
          outs: this.outputs(
            desired,
            found,
            olds.previousRouting ?? snapshotOf(found),
            olds.appliedRouting ?? declaredSnapshot(desired),
            this.adoptionOf(olds),
          ),
        };
    }
    try {
      const adoptionId = this.adoptionOf(olds);
      const answer = await this.apply(desired, olds.isSandbox === true, "updating", {
        adoptionId,
        previous: olds.previousRouting,
      });
      return {
        outs: this.outputs(
          desired,
          answer,
          olds.previousRouting ?? snapshotOf(answer),
          declaredSnapshot(desired),
          adoptionId,
        ),
      };
    } catch (err) {
      if (isNotFound(err) && !(await this.api().live.get(desired.number, { fresh: true }))) {
        throw new ProviderError(`updating routing of ${desired.number}: ${GONE}`);
      }
      throw this.explain(err, olds.isSandbox === true, desired);
    }
  }

  private async readLive(id: string, props?: RoutingState): Promise<dynamic.ReadResult<RoutingState>> {
    const number = props?.number ?? id;
    const found = await this.api().live.get(number, { fresh: false });
    if (!found && !props) {
      // An import (no state yet): say which number and what to check, not only "does not exist".
      throw new ProviderError(
        `importing ${number}: ${number} is not a number of this Wassist account (the organization of the API key); check the number (digits only, E.164 without +), or the key in wassist:apiKey / WASSIST_API_KEY. \`wassist-discover\` lists the account's numbers`,
      );
    }
    if (!found) return { id: "", props: {} };
    const declared = routingInputs(
      { number, applyToExisting: props?.applyToExisting ?? false, onDelete: props?.onDelete ?? "restore" },
      props ?? { routing: "none" },
    );
    // The sandbox number's shared routing is system-managed: what the stack declared stands.
    const now = found.isSandbox ? declared : this.fromLive(found, declared);
    // What the resource wrote stays what it wrote: refresh records the live routing beside it.
    const applied = props?.appliedRouting ?? declaredSnapshot(props?.routing ? declared : now);
    // A state from before adoption ids (or an import) gets one now.
    const outs = this.outputs(
      now,
      found,
      props?.previousRouting ?? snapshotOf(found),
      applied,
      this.adoptionOf(props ?? {}),
    );
    const inputs: RoutingState = {};
    for (const key of INPUT_KEYS) if (now[key] !== undefined) Object.assign(inputs, { [key]: now[key] });
    return { id: number, props: outs, inputs };
  }

  private async undo(id: string, props: RoutingState): Promise<void> {
    const number = props.number ?? id;
    const policy = props.onDelete ?? "restore";
    if (policy === "retain") return;
    const { client, live } = this.api();
    const previous = props.previousRouting;
    const applyToExisting = props.applyToExisting ?? false;
    // Undo only what this resource set: if the number now routes elsewhere (another resource
    // took it over in the same update, or a person changed it since), leave it alone.
    const found = await live.get(number);
    if (!found) {
      info(`${number} is no longer on the Wassist account; nothing to undo`);
      return;
    }
    const writer = this.written.get(number);
    if (writer !== undefined && writer.adoptionId !== props.adoptionId) {
      const recorded = writer.previous
        ? `recorded ${describeRouting(writer.previous)}`
        : "recorded what it found";
      warn(
        `${number} moved to another resource in this update: not undoing (onDelete "${policy}"), so it stays routed as declared. The resource that declares it now ${recorded} as its previousRouting, which its destroy will put back, not ${describeRouting(previous ?? { routing: "none" })}. To rename a resource and keep its original routing, use the aliases resource option instead`,
      );
      return;
    }
    const applied =
      props.appliedRouting ??
      (props.routing ? declaredSnapshot({ ...props, routing: props.routing }) : undefined);
    if (applied && !liveMatches(found, applied)) {
      warn(
        `${number}: not undoing (onDelete "${policy}"): Wassist now routes it to ${describeRouting(snapshotOf(found))}, not the ${describeRouting(applied)} this resource set`,
      );
      return;
    }
    const unsubscribe = async () => {
      try {
        await client.unsubscribe(number, applyToExisting, policy === "restore" ? "restoring" : "deleting");
      } catch (err) {
        if (!isNotFound(err)) throw err;
        info(`${number} is no longer on the Wassist account; nothing to undo`);
      }
    };
    if (policy === "restore") {
      const paused = pausedWithTarget(number, previous);
      if (paused) warn(paused);
    }
    // "none" and "sandbox" (the caller's own override on a sandbox number) restore as unsubscribe.
    const webhookId = previous?.routing === "webhook" ? previous.webhookId : null;
    const agentId = previous?.routing === "agent" ? previous.agentId : null;
    if (policy === "unsubscribe" || !previous || (!webhookId && !agentId)) return unsubscribe();
    try {
      if (webhookId) await client.subscribeWebhook(number, webhookId, applyToExisting, "restoring");
      else if (agentId) await client.connectAgent(number, agentId, applyToExisting, "restoring");
    } catch (err) {
      if (!hasStatus(err, 400, 403, 404)) throw err;
      if (!(await live.get(number, { fresh: true }))) {
        info(`${number} is no longer on the Wassist account; nothing to undo`);
        return;
      }
      warn(
        `${number}: could not restore ${describeRouting(previous)} (${err.reason}); unsubscribing instead, so that nothing is routed to a target that is gone`,
      );
      await unsubscribe();
    }
  }

  /** The routing call for `desired`, and a check of Wassist's answer. */
  private async apply(
    desired: RoutingInputs,
    isSandbox: boolean,
    verb: RoutingVerb,
    writer: { adoptionId: string; previous?: RoutingSnapshot },
  ): Promise<PhoneNumber> {
    const { client, live } = this.api();
    const { number, applyToExisting } = desired;
    this.written.set(number, writer);
    if (isSandbox && applyToExisting) {
      warn(
        `${number} is a sandbox number: Wassist ignores applyToExisting there and changes only your own conversation`,
      );
    }
    const answer =
      desired.routing === "webhook"
        ? await client.subscribeWebhook(number, desired.webhookId, applyToExisting, verb)
        : desired.routing === "agent"
          ? await client.connectAgent(number, desired.agentId, applyToExisting, verb)
          : await client.unsubscribe(number, applyToExisting, verb);
    live.remember(answer);
    if (!liveMatches(answer, desired)) {
      throw new ProviderError(
        `${verb} routing of ${number}: Wassist accepted the change but answered with ${describeRouting(snapshotOf(answer))} instead of ${describeRouting(desired)}`,
      );
    }
    return answer;
  }

  /** A refused write, rephrased with what the person can do about it. */
  private explain(err: unknown, isSandbox: boolean, desired: RoutingInputs): unknown {
    if (!(err instanceof WassistHttpError)) return err;
    if (isSandbox && err.status === 400) {
      return new ProviderError(
        `${err.message}. ${desired.number} is a shared sandbox number: its routing is managed by Wassist and may not be changed by API keys (at most your own conversation with it follows your routing). Declare a business number instead, or remove this resource`,
      );
    }
    if (err.status === 403 || err.status === 404) {
      const target =
        desired.routing === "webhook"
          ? `webhook ${desired.webhookId}`
          : desired.routing === "agent"
            ? `agent ${desired.agentId}`
            : undefined;
      if (target)
        return new ProviderError(
          `${err.message}: is ${target} an id of this organization (or shared with it)?`,
        );
    }
    return err;
  }

  /** Inputs that must be known now (diff after its unknown checks, create, update). */
  private normalized(inputs: unknown): RoutingInputs {
    const parsed = parseInputs(inputs);
    if ("problem" in parsed) throw new ProviderError(parsed.problem);
    return parsed.inputs;
  }

  private fromLive(found: PhoneNumber, declared: RoutingInputs): RoutingInputs {
    const now = snapshotOf(found);
    return routingInputs(declared, now.routing === "sandbox" ? declared : now);
  }

  private outputs(
    desired: RoutingInputs,
    found: PhoneNumber,
    previousRouting: RoutingSnapshot,
    appliedRouting: RoutingSnapshot,
    adoptionId: string,
  ): RoutingOutputs {
    const outs: RoutingOutputs = {
      number: desired.number,
      routing: desired.routing,
      webhookId: desired.webhookId ?? null,
      agentId: desired.agentId ?? null,
      applyToExisting: desired.applyToExisting,
      onDelete: desired.onDelete,
      numberId: found.id,
      whatsappPhoneNumberId: found.whatsappPhoneNumberId,
      whatsappBusinessAccountId: found.whatsappBusinessAccountId,
      isSandbox: found.isSandbox,
      previousRouting,
      appliedRouting,
      adoptionId,
    };
    return outs;
  }
}
