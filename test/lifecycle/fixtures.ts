// What the lifecycle's tests share: the emulator (started for each test file that imports this),
// the seed's ids, a state as the provider writes it, and the provider's messages captured.
import { expect, vi } from "vitest";
import { SEED_IDS } from "../../emulator/index";
import { InitializationError } from "../../provider/lifecycle";
import type { RoutingOutputs } from "../../provider/resource/state";
import { control, useEmulator } from "../../scripts/harness/emulator";
import { lifecycleFor } from "../../scripts/harness/provider";

export const emu = useEmulator();
export const { numbers, webhooks, agents } = SEED_IDS;
export const N = numbers.paused;

export const pausedIds = {
  numberId: "0b6d1f7e-8a41-4c1e-9d3a-1e2f3a4b5c03",
  whatsappPhoneNumberId: "109876543210003",
  whatsappBusinessAccountId: "waba-acme-1",
  isSandbox: false,
};
export const supportIds = {
  numberId: "0b6d1f7e-8a41-4c1e-9d3a-1e2f3a4b5c01",
  whatsappPhoneNumberId: "109876543210001",
  whatsappBusinessAccountId: "waba-acme-1",
  isSandbox: false,
};

/** Outputs as the provider writes them; an id left undefined in `overrides` is null there. */
export function state(overrides: Partial<RoutingOutputs> = {}): RoutingOutputs {
  const outs = {
    number: N,
    routing: "webhook",
    webhookId: webhooks.crm,
    agentId: null,
    applyToExisting: false,
    onDelete: "restore",
    ...pausedIds,
    previousRouting: { routing: "none", webhookId: null, agentId: null },
    ...overrides,
  } as RoutingOutputs;
  const webhookId = outs.webhookId ?? null;
  const agentId = outs.agentId ?? null;
  // What the provider wrote: by default the routing the state declares.
  const appliedRouting = overrides.appliedRouting ?? {
    routing: outs.routing,
    webhookId: outs.routing === "webhook" ? webhookId : null,
    agentId: outs.routing === "agent" ? agentId : null,
  };
  return {
    ...outs,
    webhookId,
    agentId,
    appliedRouting,
    adoptionId: overrides.adoptionId ?? "adoption-of-the-state",
  };
}

/** Outputs as create writes them: a new adoption id. */
export const created = (overrides: Partial<RoutingOutputs> = {}) => ({
  ...state(overrides),
  adoptionId: expect.any(String),
});

/** Runs `fn` and returns what it wrote to stderr (where the provider's messages go). */
export async function stderrOf(fn: () => Promise<unknown>): Promise<string[]> {
  const spy = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    await fn();
    return spy.mock.calls.map((call) => String(call[0]));
  } finally {
    spy.mockRestore();
  }
}

/** diff of state() against the routing it declares (webhook crm), and what it wrote to stderr. */
export async function diffOfState(): Promise<{ result: unknown; log: string[] }> {
  let result: unknown;
  const log = await stderrOf(async () => {
    result = await lifecycleFor(emu.current).diff(state(), {
      number: N,
      routing: "webhook",
      webhookId: webhooks.crm,
      applyToExisting: false,
      onDelete: "restore",
    });
  });
  return { result, log };
}

/**
 * A create of N to the support agent whose every POST answers 503 (3 attempts with 2 retries):
 * a write whose outcome is unknown. Returns the InitializationError `shell` threw (which keeps the
 * number in state).
 */
export async function createWhoseOutcomeIsUnknown(
  shell: { create(inputs: never): Promise<unknown> },
  extraInputs: Record<string, unknown> = {},
): Promise<InitializationError> {
  await control(emu.current.url, "POST", "/faults", {
    method: "POST",
    path: "*",
    script: Array(3).fill({ status: 503 }),
  });
  const inputs = {
    number: N,
    routing: "agent",
    agentId: agents.support,
    applyToExisting: false,
    onDelete: "restore",
    ...extraInputs,
  };
  const err = await shell.create(inputs as never).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InitializationError);
  return err as InitializationError;
}
