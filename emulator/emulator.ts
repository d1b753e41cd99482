// The emulator's control surface: its state, settings, request log and faults, in-process. The
// HTTP API (app.ts) and the `/_emulator` control routes both call this; tests may too.
import { existsSync, readFileSync } from "node:fs";
import { type Chaos, chaosSchema, FaultInjector, type FaultRule, faultRuleSchema } from "./faults";
import { type EmulatorData, type PhoneNumberRecord, type Seed, seedSchema } from "./seed";
import { EmulatorStore, type ResponseShape, type SandboxMode } from "./store";

export interface EmulatorSettings {
  /** Requests per minute per API key before 429 (default 100, like the real API). */
  rateLimit: number;
  /** Added to every API request, in ms (for benchmarks). */
  latencyMs: number;
  sandboxMode: SandboxMode;
  shape: ResponseShape;
  /** Largest accepted request body, in bytes. */
  maxBodyBytes: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  /** The path with ids replaced by `{number}` / `{id}`. */
  endpoint: string;
  body: unknown;
  status: number;
  requestId: string;
  organization?: string;
}

const LOG_LIMIT = 20_000;

export function endpointOf(method: string, path: string): string {
  const template = path
    .replace(/^\/api\/v1\/phone-numbers\/[^/]+\//, "/api/v1/phone-numbers/{number}/")
    .replace(/^\/api\/v1\/(agents|webhooks|conversations)\/[^/]+\//, "/api/v1/$1/{id}/");
  return `${method} ${template}`;
}

export class Emulator {
  readonly store: EmulatorStore;
  readonly faults = new FaultInjector();
  readonly settings: EmulatorSettings;
  /** API key → organization id. */
  readonly keys = new Map<string, string>();
  private log: LoggedRequest[] = [];
  private counts = new Map<string, number>();
  private windows = new Map<string, number[]>();
  private readonly initial: EmulatorData;
  private readonly initialSettings: EmulatorSettings;

  constructor(options: {
    seed: Seed;
    apiKeys?: string[];
    statePath?: string;
    settings?: Partial<EmulatorSettings>;
  }) {
    this.initial = seedSchema.parse(options.seed);
    const data =
      options.statePath && existsSync(options.statePath)
        ? seedSchema.parse(JSON.parse(readFileSync(options.statePath, "utf8")))
        : structuredClone(this.initial);
    this.store = new EmulatorStore(data, options.statePath);
    this.store.persist();
    const firstOrg = this.initial.organizations[0]?.id as string;
    if (options.apiKeys && options.apiKeys.length > 0) {
      for (const key of options.apiKeys) {
        this.keys.set(key, this.initial.apiKeys.find((k) => k.key === key)?.organization ?? firstOrg);
      }
    } else {
      for (const { key, organization } of this.initial.apiKeys) this.keys.set(key, organization);
    }
    this.settings = {
      rateLimit: 100,
      latencyMs: 0,
      sandboxMode: "scoped",
      shape: "docs",
      maxBodyBytes: 64 * 1024,
      ...options.settings,
    };
    this.initialSettings = { ...this.settings };
  }

  /** Back to the seed: data, settings, faults, counters and rate windows. */
  reset(): void {
    this.store.data = structuredClone(this.initial);
    this.store.persist();
    Object.assign(this.settings, this.initialSettings);
    this.faults.clear();
    this.clearRequests();
    this.windows.clear();
  }

  record(entry: LoggedRequest): void {
    this.counts.set(entry.endpoint, (this.counts.get(entry.endpoint) ?? 0) + 1);
    this.log.push(entry);
    if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
  }

  /** Requests the API received, in order, and counts per endpoint ("POST /api/v1/phone-numbers/{number}/subscribe/"). */
  requests(): { counts: Record<string, number>; total: number; log: LoggedRequest[] } {
    const counts = Object.fromEntries([...this.counts.entries()].sort());
    return { counts, total: [...this.counts.values()].reduce((a, b) => a + b, 0), log: [...this.log] };
  }

  clearRequests(): void {
    this.log = [];
    this.counts.clear();
  }

  /** Forgets every key's rate-limit window (benchmarks measure from a clean slate). */
  clearRateWindows(): void {
    this.windows.clear();
  }

  /** Sliding window per key: undefined when allowed, else the seconds until a slot frees. */
  throttle(key: string, now = Date.now()): number | undefined {
    const window = this.windows.get(key) ?? [];
    while (window.length > 0 && (window[0] as number) <= now - 60_000) window.shift();
    this.windows.set(key, window);
    if (window.length >= this.settings.rateLimit) {
      return Math.max(1, Math.ceil(((window[0] as number) + 60_000 - now) / 1000));
    }
    window.push(now);
    return undefined;
  }

  addFault(rule: unknown): FaultRule {
    const parsed = faultRuleSchema.parse(rule);
    this.faults.add(parsed);
    return parsed;
  }

  setChaos(config: unknown): Chaos | undefined {
    const parsed = config == null ? undefined : chaosSchema.parse(config);
    this.faults.setChaos(parsed);
    return parsed;
  }

  /** Adds a number to an organization (the first one unless named), as onboarding in the dashboard would. */
  addPhoneNumber(record: Partial<PhoneNumberRecord> & { number: string }): PhoneNumberRecord {
    if (this.store.data.phoneNumbers.some((n) => n.number === record.number)) {
      throw new Error(`number ${record.number} already exists`);
    }
    const index = this.store.data.phoneNumbers.length + 1;
    const full = seedSchema.shape.phoneNumbers.element.parse({
      id: `0b6d1f7e-0000-4000-8000-${String(index).padStart(12, "0")}`,
      whatsappPhoneNumberId: `1098765${record.number.slice(-8)}`,
      organization: this.store.data.organizations[0]?.id,
      whatsappBusinessAccount: null,
      ...record,
    });
    this.store.data.phoneNumbers.push(full);
    this.store.persist();
    return full;
  }

  removePhoneNumber(number: string): boolean {
    const before = this.store.data.phoneNumbers.length;
    this.store.data.phoneNumbers = this.store.data.phoneNumbers.filter((n) => n.number !== number);
    this.store.persist();
    return this.store.data.phoneNumbers.length < before;
  }

  removeWebhook(id: string): boolean {
    const before = this.store.data.webhooks.length;
    this.store.data.webhooks = this.store.data.webhooks.filter((w) => w.id !== id);
    this.store.persist();
    return this.store.data.webhooks.length < before;
  }

  removeAgent(id: string): boolean {
    const before = this.store.data.agents.length;
    this.store.data.agents = this.store.data.agents.filter((a) => a.id !== id);
    this.store.persist();
    return this.store.data.agents.length < before;
  }

  /** The routing of a number as stored (for assertions): routing, webhook, agent. */
  routingOf(number: string): {
    defaultRouting: string | null;
    defaultWebhook: string | null;
    activeAgent: string | null;
  } {
    const found = this.store.data.phoneNumbers.find((n) => n.number === number);
    if (!found) throw new Error(`no number ${number} in the emulator`);
    return {
      defaultRouting: found.defaultRouting,
      defaultWebhook: found.defaultWebhook,
      activeAgent: found.activeAgent,
    };
  }
}
