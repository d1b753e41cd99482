// Request counts at scale under the real engine (the times are the benchmark's business): one
// list request per preview whatever N, one write per changed number, and the per-number switch;
// on both shells (the plugin's refresh before each diff shares the preview's one list).
import { describe, expect, test } from "vitest";
import { SEED_IDS } from "../../emulator/index";
import type { PhoneNumberRoutingArgs } from "../../provider/index";
import { emulatorConfig, routesProgram, SHELLS, useStacks } from "../../scripts/harness/e2e";
import { useEmulator } from "../../scripts/harness/emulator";
import { routeAsDeclared } from "../../scripts/harness/fixtures";

const emu = useEmulator({ rateLimit: 1_000_000, per: "file" });
const stacks = useStacks();
const N = 30;

function manyNumbers(): string[] {
  const numbers = Array.from({ length: N }, (_, i) => `4477007${String(10000 + i).slice(1)}`);
  for (const number of numbers) emu.current.emulator.addPhoneNumber({ number });
  return numbers;
}

function routes(numbers: string[], flip: { value: number }): () => Record<string, PhoneNumberRoutingArgs> {
  return () =>
    Object.fromEntries(
      numbers.map((number, i) => [
        `n${number}`,
        (i + flip.value) % 2 === 0
          ? { number, routing: "webhook", webhookId: SEED_IDS.webhooks.crm }
          : { number, routing: "agent", agentId: SEED_IDS.agents.support },
      ]),
    );
}

describe.each(SHELLS)("$name", (shell) => {
  test(`preview of ${N} unchanged numbers: 1 request; up of ${N} changed: 1 list and ${N} writes`, async () => {
    const numbers = manyNumbers();
    const flip = { value: 0 };
    const { stack } = await stacks.create({
      program: routesProgram(routes(numbers, flip), shell.Resource),
      plugin: shell.plugin,
      config: emulatorConfig(emu.current),
    });
    await stack.up();
    emu.current.emulator.clearRequests();
    expect((await stack.preview()).changeSummary).toEqual({ same: N + 1 });
    // One list of numbers, and one each of agents and webhooks for the target-health check.
    expect(emu.current.emulator.requests().counts).toEqual({
      "GET /api/v1/agents/": 1,
      "GET /api/v1/phone-numbers/": 1,
      "GET /api/v1/webhooks/": 1,
    });
    flip.value = 1;
    emu.current.emulator.clearRequests();
    expect((await stack.up()).summary.resourceChanges).toEqual({ same: 1, update: N });
    // Every number's routing changes, so check confirms each new target is among the
    // organization's (what Wassist's write would refuse): one list of agents and one of webhooks,
    // on both shells.
    expect(emu.current.emulator.requests().counts).toEqual({
      "GET /api/v1/agents/": 1,
      "GET /api/v1/webhooks/": 1,
      "GET /api/v1/phone-numbers/": 1,
      "POST /api/v1/phone-numbers/{number}/connect-agent/": N / 2,
      "POST /api/v1/phone-numbers/{number}/subscribe/": N / 2,
    });
  });

  test(`readStrategy per-number: ${N} reads for ${N} numbers`, async () => {
    const numbers = manyNumbers();
    const { stack } = await stacks.create({
      program: routesProgram(routes(numbers, { value: 0 }), shell.Resource),
      plugin: shell.plugin,
      config: emulatorConfig(emu.current, { readStrategy: "per-number" }),
    });
    await stack.up();
    emu.current.emulator.clearRequests();
    await stack.preview();
    expect(emu.current.emulator.requests().counts).toEqual({
      "GET /api/v1/agents/": 1,
      "GET /api/v1/phone-numbers/{number}/": N,
      "GET /api/v1/webhooks/": 1,
    });
  });

  test(`up creating ${N} resources for numbers that already route as declared: 1 request, no write`, async () => {
    const numbers = manyNumbers();
    const declared = routes(numbers, { value: 0 });
    for (const args of Object.values(declared())) routeAsDeclared(emu.current.emulator, args);
    const { stack } = await stacks.create({
      program: routesProgram(declared, shell.Resource),
      plugin: shell.plugin,
      config: emulatorConfig(emu.current),
    });
    emu.current.emulator.clearRequests();
    expect((await stack.up()).summary.resourceChanges).toEqual({ create: N + 1 });
    expect(emu.current.emulator.requests().counts).toEqual({ "GET /api/v1/phone-numbers/": 1 });
    expect((await stack.preview()).changeSummary).toEqual({ same: N + 1 });
  });
});
