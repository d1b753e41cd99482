// What the demo, the benchmark, the chaos run and the tests do to the emulator and declare on it:
// a person's change in the Wassist dashboard, and numbers routed to one of two seed targets.
import type { Emulator } from "../../emulator/emulator";
import { SEED_IDS } from "../../emulator/seed";
import type { PhoneNumberRoutingArgs } from "../../provider/index";

/** An out-of-band change, as a person in the Wassist dashboard would make it (through the control routes). */
export async function dashboardChange(
  emulator: { url: string },
  number: string,
  routing: "webhook" | "agent" | null,
  targetId?: string,
): Promise<void> {
  const res = await fetch(`${emulator.url}/_emulator/phone-numbers/${number}/routing`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      routing,
      webhookId: routing === "webhook" ? targetId : undefined,
      agentId: routing === "agent" ? targetId : undefined,
    }),
  });
  if (!res.ok) throw new Error(`dashboard change failed: ${res.status} ${await res.text()}`);
}

/** `number` routed to the seed's CRM webhook (even `which`) or its support agent (odd). */
export function routedTo(number: string, which: number): PhoneNumberRoutingArgs {
  return which % 2 === 0
    ? { number, routing: "webhook", webhookId: SEED_IDS.webhooks.crm }
    : { number, routing: "agent", agentId: SEED_IDS.agents.support };
}

/** Routes the number as `args` declare, in the emulator directly (a person did it before the stack). */
export function routeAsDeclared(emulator: Emulator, args: PhoneNumberRoutingArgs): void {
  const target = args.routing === "webhook" ? args.webhookId : args.routing === "agent" ? args.agentId : null;
  emulator.setRoutingOutOfBand(
    args.number as string,
    args.routing === "none" ? null : (args.routing as "webhook" | "agent"),
    target as string | null,
  );
}

/** Whether the emulator's `live` routing is what routedTo(…, which) declares. */
export function routesAsDeclared(
  live: { defaultRouting: string | null; defaultWebhook: string | null; activeAgent: string | null },
  which: number,
): boolean {
  return which % 2 === 0
    ? live.defaultRouting === "webhook" && live.defaultWebhook === SEED_IDS.webhooks.crm
    : live.defaultRouting === "agent" && live.activeAgent === SEED_IDS.agents.support;
}

/** `n` numbers that are not in the seed: "<prefix>0000", "<prefix>0001", … */
export function freshNumbers(n: number, prefix = "4477008"): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, "0")}`);
}
