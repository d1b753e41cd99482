// The lifecycle of PhoneNumberRouting: configure, check, diff, create, read, update, delete, and
// the lookup functions. One core for both shells, which knows neither: the dynamic shell's
// ResourceProvider (dynamic/provider.ts) and the plugin's gRPC service (plugin/server.ts) each
// adapt it to their host. Each operation is a file of this folder over one Session (session.ts).
import type { dynamic } from "@pulumi/pulumi";
import type { GetPhoneNumberArgs, Lookups } from "../reads/lookups";
import type { PreviewInputs } from "../resource/args";
import { checkInputs } from "../resource/inputs";
import type { RoutingOutputs, RoutingState } from "../resource/state";
import { type ProviderSettings, readSettings } from "../settings";
import { type Claims, refusals, withIgnoreChangesHint } from "./check";
import { create } from "./create";
import { remove } from "./delete";
import { diff } from "./diff";
import { withKeyAdvice } from "./errors";
import { read } from "./read";
import type { DetailedDiff } from "./routing";
import { Session } from "./session";
import { update } from "./update";

export { certainlyNotApplied, InitializationError, notOnAccount, pausedWithTarget } from "./errors";
export {
  type DetailedDiff,
  declaredSnapshot,
  describeRouting,
  liveMatches,
  type PropertyChange,
  routingInputs,
  snapshotOf,
} from "./routing";

/** The lookup functions' tokens (the plugin's `Invoke`), each with its implementation. */
export const FUNCTION_TOKENS = {
  "wassist:index:getWebhook": "getWebhook",
  "wassist:index:getAgent": "getAgent",
  "wassist:index:getPhoneNumber": "getPhoneNumber",
  "wassist:index:getPhoneNumbers": "getPhoneNumbers",
} as const;
export type FunctionToken = keyof typeof FUNCTION_TOKENS;

export interface RoutingLifecycleOptions {
  /** Settings instead of stack config and environment (tests). */
  settings?: Partial<ProviderSettings>;
}

export class RoutingLifecycle {
  private settings?: ProviderSettings;
  private configError?: Error;
  private session?: Session;
  private readonly claims: Claims = new Map();

  constructor(private readonly options: RoutingLifecycleOptions = {}) {}

  /**
   * Resolves the configuration from a getter of `wassist:*` config keys (the dynamic shell reads
   * the stack config, the plugin its provider's config). A bad setting or a missing key fails
   * every operation before any request is made, preview of new resources included (a
   * pull-request check goes red, not the first `up`): `check` reports it as a failure of each
   * resource, which the CLI shows as one line per resource.
   */
  configure(config: (key: string) => string | undefined, provider?: string): void {
    // A configuration is resolved once, here: its settings read, its client built (a missing key
    // or a bad baseUrl is refused there), and the session every operation then uses.
    const previous = this.session;
    this.session = undefined;
    this.configError = undefined;
    void previous?.client.close();
    try {
      this.settings = { ...readSettings(config, process.env, provider), ...this.options.settings };
      this.session = new Session(this.settings);
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
      if (name === "getPhoneNumber")
        return await lookups.getPhoneNumber(args as unknown as GetPhoneNumberArgs);
      return await lookups[name](args);
    } catch (err) {
      throw withKeyAdvice(err, this.settings);
    }
  }

  /** Closes the HTTP pool (tests; the provider process simply exits). */
  async close(): Promise<void> {
    await this.session?.client.close();
    this.session = undefined;
  }

  private api(): Session {
    // Never configured (a program's lookups, tests): the environment and the options.
    if (!this.session && !this.configError) this.configure(() => undefined);
    if (this.configError) throw this.configError;
    return this.session as Session;
  }

  /**
   * Checks the inputs, and then what `create` or `update` would be refused for, so that preview
   * refuses it with the same message (check.ts); given the resource's URN (the plugin), also a
   * number another resource of this provider declares.
   */
  async check(olds: unknown, news: unknown, urn?: string): Promise<dynamic.CheckResult<PreviewInputs>> {
    if (this.configError) return { failures: [{ property: "", reason: this.configError.message }] };
    const { inputs, failures } = checkInputs(news);
    if (failures.length > 0) return { failures: failures.map((f) => withIgnoreChangesHint(f, olds, news)) };
    const open = () => this.api();
    const refused = await refusals(
      open,
      this.claims,
      olds as RoutingState | undefined,
      inputs as PreviewInputs,
      urn,
    );
    return refused.length > 0 ? { failures: refused } : { inputs };
  }

  /** The diff with the properties that differ (the plugin's detailed diff). */
  async diff(olds: RoutingState, news: PreviewInputs): Promise<DetailedDiff> {
    return this.advised(() => diff(this.api(), olds, news));
  }

  async create(inputs: PreviewInputs): Promise<dynamic.CreateResult<RoutingOutputs>> {
    return this.advised(() => create(this.api(), inputs));
  }

  async update(olds: RoutingState, news: PreviewInputs): Promise<dynamic.UpdateResult<RoutingOutputs>> {
    return this.advised(() => update(this.api(), olds, news));
  }

  async read(id: string, props?: RoutingState): Promise<dynamic.ReadResult<RoutingState>> {
    return this.advised(() => read(this.api(), id, props));
  }

  async delete(id: string, props: RoutingState): Promise<void> {
    return this.advised(() => remove(this.api(), id, props));
  }

  /** Runs an operation; a key Wassist refused gets the advice of where it came from and how to set it. */
  private async advised<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      throw withKeyAdvice(err, this.settings);
    }
  }
}
