// The emulator, in-process: its state (through the store), settings, keys, request log, rate
// windows and faults. The HTTP layers (http/apiRoutes.ts for the Wassist API, http/controlRoutes.ts
// for `/_emulator`) talk to this class only; tests and scripts may too.
import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { type Chaos, chaosSchema, FaultInjector, type FaultRule, faultRuleSchema } from "./faults";
import {
  type AgentRecord,
  type ConversationRecord,
  type EmulatorData,
  type PhoneNumberRecord,
  type Seed,
  seedSchema,
  type WebhookRecord,
} from "./seed";
import { EmulatorStore, type ResponseShape, type SandboxMode, StoreError } from "./store";

export interface EmulatorSettings {
  /** Requests per minute per API key before 429 (default 100, like the real API). */
  rateLimit: number;
  /** Added to every API request, in ms (for benchmarks). */
  latencyMs: number;
  sandboxMode: SandboxMode;
  shape: ResponseShape;
  /**
   * Where a 429 says how long to wait: "header" (`Retry-After`, and the body too) or "body" only
   * (`retry_after` and DRF's "Expected available in N seconds" text), as the one live report shows.
   */
  throttleWait: "header" | "body";
  /** Largest accepted request body, in bytes. */
  maxBodyBytes: number;
}

export interface LoggedRequest {
  method: string;
  /** The path and query. */
  path: string;
  /** The method and the path without query, with ids replaced by `{number}` / `{id}`. */
  endpoint: string;
  body: unknown;
  status: number;
  requestId: string;
  /** When it arrived (ms since the epoch). */
  at: number;
  /** The organization of the key, when the key is valid. */
  organization?: string;
}

/** The request log keeps at most this many entries… */
const LOG_LIMIT = 20_000;
/** …and about this many bytes of them (so that any log answers `/_emulator/requests`). */
const LOG_BYTES = 8 * 1024 * 1024;
/** A body larger than this is logged as its size only. */
const LOGGED_BODY_BYTES = 4096;

export function endpointOf(method: string, path: string): string {
  const template = path
    .replace(/^\/api\/v1\/phone-numbers\/[^/]+\//, "/api/v1/phone-numbers/{number}/")
    .replace(/^\/api\/v1\/(agents|webhooks|conversations)\/[^/]+\//, "/api/v1/$1/{id}/");
  return `${method} ${template}`;
}

/** About how many bytes an entry of the request log holds. */
function sizeOf(entry: LoggedRequest): number {
  return 200 + entry.path.length + (entry.body === undefined ? 0 : JSON.stringify(entry.body).length);
}

/** A --state file, or an error that names it and says what to do. */
function readState(path: string): EmulatorData {
  try {
    return seedSchema.parse(JSON.parse(readFileSync(path, "utf8")));
  } catch (err) {
    const why =
      err instanceof z.ZodError ? z.prettifyError(err).replace(/\n/g, "; ") : (err as Error).message;
    throw new Error(
      `the state file ${path} cannot be read (${why}); fix it, or delete it to start again from the seed`,
    );
  }
}

export type RoutingTarget = { kind: "webhook"; id: string } | { kind: "agent"; id: string } | null;

export class Emulator {
  private readonly store: EmulatorStore;
  readonly faults = new FaultInjector();
  readonly settings: EmulatorSettings;
  /** API key → organization id. */
  readonly keys = new Map<string, string>();
  private log: LoggedRequest[] = [];
  private logBytes = 0;
  /** The entries in `log` (their bodies are counted when they come). */
  private logged = new WeakSet<LoggedRequest>();
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
        ? readState(options.statePath)
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
      shape: "nested",
      throttleWait: "header",
      maxBodyBytes: 64 * 1024,
      ...options.settings,
    };
    this.initialSettings = { ...this.settings };
  }

  /** The state as it is now (read it; change it through the methods). */
  get data(): EmulatorData {
    return this.store.data;
  }

  // ---- What the Wassist API serves, for the organization of the caller's key --------------

  numbersOf(org: string): PhoneNumberRecord[] {
    return this.store.numbersOf(org);
  }

  numberOf(org: string, digits: string): PhoneNumberRecord {
    return this.store.numberOf(org, digits);
  }

  agentsOf(org: string): AgentRecord[] {
    return this.store.agentsOf(org);
  }

  agentOf(org: string, id: string): AgentRecord {
    const agent = this.store.agentsOf(org).find((a) => a.id === id);
    if (!agent) throw new StoreError("not_found", "Agent not found");
    return agent;
  }

  webhooksOf(org: string): WebhookRecord[] {
    return this.store.webhooksOf(org);
  }

  webhookOf(org: string, id: string): WebhookRecord {
    const webhook = this.store.webhooksOf(org).find((w) => w.id === id);
    if (!webhook) throw new StoreError("not_found", "Webhook not found");
    return webhook;
  }

  conversationsOf(org: string, digits?: string): ConversationRecord[] {
    return this.store.conversationsOf(org, digits);
  }

  /** subscribe / connect-agent / unsubscribe (`target` null), as the settings' sandbox mode says. */
  route(org: string, digits: string, target: RoutingTarget, applyToExisting: boolean): PhoneNumberRecord {
    return this.store.route(org, digits, target, applyToExisting, this.settings.sandboxMode);
  }

  /** A change made "in the dashboard": no checks of ownership, no conversations touched. */
  setRoutingOutOfBand(
    digits: string,
    routing: "webhook" | "agent" | null,
    targetId: string | null,
    attached: { webhookId?: string; agentId?: string } = {},
  ): PhoneNumberRecord {
    return this.store.setRoutingOutOfBand(digits, routing, targetId, attached);
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

  /** Logs and counts a request (its body comes later, with `logBody`, once it is authenticated). */
  record(entry: LoggedRequest): void {
    this.counts.set(entry.endpoint, (this.counts.get(entry.endpoint) ?? 0) + 1);
    this.log.push(entry);
    this.logged.add(entry);
    this.logBytes += sizeOf(entry);
    this.trimLog();
  }

  /** The body of an authenticated request, or its size when it is large. */
  logBody(entry: LoggedRequest, body: unknown): void {
    const before = sizeOf(entry);
    const size = body === undefined ? 0 : JSON.stringify(body).length;
    entry.body = size > LOGGED_BODY_BYTES ? { notLogged: `${size} bytes` } : body;
    // Counted as trimLog will discount it (an entry already trimmed away counts no more).
    if (this.logged.has(entry)) this.logBytes += sizeOf(entry) - before;
    this.trimLog();
  }

  private trimLog(): void {
    while (this.log.length > LOG_LIMIT || (this.logBytes > LOG_BYTES && this.log.length > 1)) {
      const oldest = this.log.shift() as LoggedRequest;
      this.logged.delete(oldest);
      this.logBytes -= sizeOf(oldest);
    }
  }

  /** Requests the API received, in order, and counts per endpoint ("POST /api/v1/phone-numbers/{number}/subscribe/"). */
  requests(): { counts: Record<string, number>; total: number; log: LoggedRequest[] } {
    const counts = Object.fromEntries([...this.counts.entries()].sort());
    return { counts, total: [...this.counts.values()].reduce((a, b) => a + b, 0), log: [...this.log] };
  }

  clearRequests(): void {
    this.log = [];
    this.logged = new WeakSet();
    this.logBytes = 0;
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
      throw new StoreError("conflict", `number ${record.number} already exists`);
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
