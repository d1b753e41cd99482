// Fault injection, the one mechanism the HTTP tests script answers with, driven in-process
// (`emulator.addFault`) or through `/_emulator/faults` and `/_emulator/chaos` (a prefix the real
// API does not have). A rule matches a method and a path (exact, or a template
// such as `/api/v1/phone-numbers/{number}/subscribe/`, or `*`) and plays a script of actions, one
// per matching request; when the script is used up the rule passes requests through.
import { z } from "zod";

export const faultActionSchema = z.union([
  z.object({ pass: z.literal(true) }).strict(),
  /** Answer instead of the API: a status with a JSON `body` (a default error body for 4xx/5xx) or a `raw` text body. */
  z
    .object({
      status: z.number().int().min(200).max(599),
      retryAfter: z.union([z.number(), z.string()]).optional(),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.unknown().optional(),
      raw: z.string().optional(),
    })
    .strict(),
  /** Destroy the socket; with `afterHandler` the request is processed first (the answer is lost). */
  z.object({ drop: z.literal(true), afterHandler: z.boolean().default(false) }).strict(),
  /** Wait before handling (slow headers). */
  z.object({ delayMs: z.number().int().min(0).max(600_000) }).strict(),
]);
export type FaultAction = z.output<typeof faultActionSchema>;
/** A fault action as a test writes it. */
export type FaultStep = z.input<typeof faultActionSchema>;

export const faultRuleSchema = z
  .object({
    method: z.string().toUpperCase().default("*"),
    path: z.string().min(1),
    script: z.array(faultActionSchema).min(1),
  })
  .strict();
export type FaultRule = z.output<typeof faultRuleSchema>;

export const chaosSchema = z
  .object({
    /** Share of API requests answered 503. */
    errorRate: z.number().min(0).max(1).default(0),
    /** Share of API requests answered 429 with `Retry-After: retryAfterSeconds`. */
    rateLimitRate: z.number().min(0).max(1).default(0),
    retryAfterSeconds: z.number().min(0).default(1),
    /** Share of API requests whose connection is dropped before an answer. */
    dropRate: z.number().min(0).max(1).default(0),
    /** PRNG seed, so that a chaos run can be replayed. */
    seed: z.number().int().default(1),
  })
  .strict();
export type Chaos = z.output<typeof chaosSchema>;

function pathMatcher(pattern: string): (path: string) => boolean {
  if (pattern === "*") return () => true;
  const source = pattern
    .split(/(\{[^}]+\}|\*)/)
    .map((part) =>
      part === "*" ? ".*" : /^\{[^}]+\}$/.test(part) ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("");
  const regex = new RegExp(`^${source}$`);
  return (path) => regex.test(path);
}

/** mulberry32: a small seeded PRNG, so chaos runs are reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private rules: { rule: FaultRule; matches: (path: string) => boolean; next: number }[] = [];
  private chaos?: { config: Chaos; random: () => number };

  add(rule: FaultRule): void {
    this.rules.push({ rule, matches: pathMatcher(rule.path), next: 0 });
  }

  setChaos(config: Chaos | undefined): void {
    this.chaos = config ? { config, random: prng(config.seed) } : undefined;
  }

  clear(): void {
    this.rules = [];
    this.chaos = undefined;
  }

  /** Scripted actions still to play, per rule (for tests). */
  pending(): { method: string; path: string; remaining: number }[] {
    return this.rules.map(({ rule, next }) => ({
      method: rule.method,
      path: rule.path,
      remaining: rule.script.length - next,
    }));
  }

  /** The action for this request: the first rule with script left wins; then chaos; else none. */
  take(method: string, path: string): FaultAction | undefined {
    for (const entry of this.rules) {
      if ((entry.rule.method === "*" || entry.rule.method === method) && entry.matches(path)) {
        if (entry.next < entry.rule.script.length) return entry.rule.script[entry.next++];
      }
    }
    if (this.chaos) {
      const { config, random } = this.chaos;
      const roll = random();
      if (roll < config.dropRate) return { drop: true, afterHandler: false };
      if (roll < config.dropRate + config.errorRate) return { status: 503 };
      if (roll < config.dropRate + config.errorRate + config.rateLimitRate) {
        return { status: 429, retryAfter: config.retryAfterSeconds };
      }
    }
    return undefined;
  }
}
