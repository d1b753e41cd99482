// The dynamic shell's provider: the lifecycle (lifecycle/index.ts) as Pulumi's dynamic-provider
// host calls it. It reads the stack config at configure, drops the detailed diff (the host cannot
// return one), and prepares expected errors for the host, which prints them to stderr before the
// engine shows them (forTheEngine). runtime.ts makes the one instance a process serves.
import type { dynamic } from "@pulumi/pulumi";
import { InitializationError, RoutingLifecycle, type RoutingLifecycleOptions } from "../lifecycle";
import { forTheEngine } from "../messages";
import type { Lookups } from "../reads/lookups";
import type { PreviewInputs } from "../resource/args";
import type { RoutingOutputs, RoutingState } from "../resource/state";

export type PhoneNumberRoutingProviderOptions = RoutingLifecycleOptions;

export class PhoneNumberRoutingProvider implements dynamic.ResourceProvider<PreviewInputs, RoutingState> {
  /** The core both shells adapt (the plugin's gRPC service calls it directly). */
  readonly lifecycle: RoutingLifecycle;

  constructor(options: PhoneNumberRoutingProviderOptions = {}) {
    this.lifecycle = new RoutingLifecycle(options);
  }

  /** The stack's `wassist:*` config (then the environment): see RoutingLifecycle.configure. */
  async configure(req: dynamic.ConfigureRequest): Promise<void> {
    this.lifecycle.configure((key) => req.config.get(key));
  }

  async check(olds: unknown, news: unknown): Promise<dynamic.CheckResult<PreviewInputs>> {
    return this.lifecycle.check(olds, news);
  }

  async diff(id: string, olds: RoutingState, news: PreviewInputs): Promise<dynamic.DiffResult> {
    // A dynamic provider cannot return a detailed diff (Pulumi's host drops it).
    const { detailedDiff: _, ...result } = await this.forTheEngine(`previewing ${id}`, () =>
      this.lifecycle.diff(olds, news),
    );
    return result;
  }

  async create(inputs: PreviewInputs): Promise<dynamic.CreateResult<RoutingOutputs>> {
    return this.forTheEngine(`creating ${inputs.number}`, async () => {
      try {
        return await this.lifecycle.create(inputs);
      } catch (err) {
        // A resource kept in state after a failed create keeps the text that loads its provider.
        if (err instanceof InitializationError && "__provider" in inputs)
          err.properties.__provider = (inputs as { __provider?: unknown }).__provider;
        throw err;
      }
    });
  }

  async update(
    id: string,
    olds: RoutingState,
    news: PreviewInputs,
  ): Promise<dynamic.UpdateResult<RoutingOutputs>> {
    return this.forTheEngine(`updating ${id}`, () => this.lifecycle.update(olds, news));
  }

  async read(id: string, props?: RoutingState): Promise<dynamic.ReadResult<RoutingState>> {
    return this.forTheEngine(`refreshing ${id}`, () => this.lifecycle.read(id, props));
  }

  async delete(id: string, props: RoutingState): Promise<void> {
    return this.forTheEngine(`deleting ${id}`, () => this.lifecycle.delete(id, props));
  }

  /** The lookup functions of a program's run (dynamic/functions.ts). */
  lookups(): Lookups {
    return this.lifecycle.lookups();
  }

  /** Closes the HTTP pool (tests; the provider process simply exits). */
  async close(): Promise<void> {
    await this.lifecycle.close();
  }

  /** An expected error is shown once, under the resource (see forTheEngine in messages.ts). */
  private async forTheEngine<T>(doing: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      throw forTheEngine(err, doing);
    }
  }
}
