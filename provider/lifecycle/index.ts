// The lifecycle of PhoneNumberRouting: configure, check, diff, create, read, update, delete, and
// the lookup functions. One core for both shells: Pulumi's dynamic-provider process runs it
// (the object stored in state is only the `__provider` text of shim.ts, which loads it through
// runtime.ts), and the plugin's gRPC server (plugin/server.ts) calls the same methods. Each
// operation is a file of this folder over one Session (session.ts).
import type { dynamic } from "@pulumi/pulumi";
import { forTheEngine } from "../messages";
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

export interface PhoneNumberRoutingProviderOptions {
  /** Settings instead of stack config and environment (tests). */
  settings?: Partial<ProviderSettings>;
}

export class PhoneNumberRoutingProvider implements dynamic.ResourceProvider<PreviewInputs, RoutingState> {
  private settings?: ProviderSettings;
  private configError?: Error;
  private session?: Session;
  private readonly claims: Claims = new Map();

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
    if (!this.session && !this.configError) this.configureFrom(() => undefined);
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

  async diff(id: string, olds: RoutingState, news: PreviewInputs): Promise<dynamic.DiffResult> {
    // A dynamic provider cannot return a detailed diff (Pulumi's host drops it).
    const { detailedDiff: _, ...result } = await this.diffDetailed(id, olds, news);
    return result;
  }

  /** The diff with the properties that differ: what the plugin returns as its detailed diff. */
  async diffDetailed(id: string, olds: RoutingState, news: PreviewInputs): Promise<DetailedDiff> {
    return this.advised(`previewing ${id}`, () => diff(this.api(), olds, news));
  }

  async create(inputs: PreviewInputs): Promise<dynamic.CreateResult<RoutingOutputs>> {
    return this.advised(`creating ${inputs.number}`, () => create(this.api(), inputs));
  }

  async update(
    id: string,
    olds: RoutingState,
    news: PreviewInputs,
  ): Promise<dynamic.UpdateResult<RoutingOutputs>> {
    return this.advised(`updating ${id}`, () => update(this.api(), olds, news));
  }

  async read(id: string, props?: RoutingState): Promise<dynamic.ReadResult<RoutingState>> {
    return this.advised(`refreshing ${id}`, () => read(this.api(), id, props));
  }

  async delete(id: string, props: RoutingState): Promise<void> {
    return this.advised(`deleting ${id}`, () => remove(this.api(), id, props));
  }

  /**
   * Runs an operation. A key Wassist refused gets the advice of where it came from and how to set
   * it; an expected error is shown once, under the resource (see forTheEngine).
   */
  private async advised<T>(doing: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      throw forTheEngine(withKeyAdvice(err, this.settings), doing);
    }
  }
}
