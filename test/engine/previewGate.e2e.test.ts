// Preview is the gate: what `pulumi up` would refuse, `pulumi preview` refuses, with up's message
// and the property or number it concerns, under the real engine on both shells; and what Pulumi's
// own resource options do to this resource (retainOnDelete, ignoreChanges), said in the preview.
import * as pulumi from "@pulumi/pulumi";
import { PhoneNumberRouting as PluginPhoneNumberRouting } from "pulumi-wassist/plugin";
import { describe, expect, test } from "vitest";
import { OTHER_ORG_API_KEY, SEED_IDS } from "../../emulator/index";
import type { PhoneNumberRoutingArgs } from "../../provider/index";
import {
  dashboardChange,
  emulatorConfig,
  output,
  SHELLS,
  useStacks,
  WassistProvider,
} from "../../scripts/harness/e2e";

import { routed, useEmulator } from "../../scripts/harness/emulator";

const emu = useEmulator({ per: "file" });
const { numbers, webhooks, agents } = SEED_IDS;
const stacks = useStacks();

/** The preview's failure: its message, and everything the engine printed. */
async function refusedPreview(stack: { preview(o: object): Promise<unknown> }): Promise<string> {
  const seen = output();
  const message = await stack.preview({ onOutput: seen.onOutput }).then(
    () => "preview succeeded",
    (err: Error) => err.message,
  );
  return `${message}\n${seen.text()}`;
}

describe.each(SHELLS)("$name", (shell) => {
  const { Resource } = shell;
  const stackOf = (
    routes: () => Record<string, PhoneNumberRoutingArgs>,
    config = emulatorConfig(emu.current),
    options: (name: string) => object = () => ({}),
  ) =>
    stacks.create({
      program: async () => {
        for (const [name, args] of Object.entries(routes())) new Resource(name, args, options(name));
        return {};
      },
      config,
      plugin: shell.plugin,
    });

  test("a wrong key on a new stack: preview fails naming where the key came from, and never shows it", async () => {
    const wrong = "wsk_wrong_key_for_the_gate_0000042";
    const { stack } = await stackOf(
      () => ({ support: { number: numbers.support, routing: "webhook", webhookId: webhooks.crm } }),
      { ...emulatorConfig(emu.current), "wassist:apiKey": { value: wrong, secret: true } },
    );
    emu.current.emulator.clearRequests();
    const printed = await refusedPreview(stack);
    expect(printed).toMatch(
      /creating routing of 447700900100: listing phone numbers: Invalid API key\. \(401 authentication_failed, request [0-9a-f-]+\); the key came from the stack config wassist:apiKey: set the organization's key with `pulumi config set --secret wassist:apiKey <key>`/,
    );
    expect(printed).not.toContain(wrong);
    // The key was tried once, and nothing was written.
    expect(emu.current.emulator.requests().counts).toEqual({ "GET /api/v1/phone-numbers/": 1 });
  });

  test("a mistyped number: preview fails with up's message, naming the number", async () => {
    const { stack } = await stackOf(() => ({ support: { number: "+44 7700 90100", routing: "none" } }));
    const printed = await refusedPreview(stack);
    expect(printed).toContain(
      "creating routing of 44770090100: 44770090100 is not a number of this Wassist account (the organization of the API key); check the number, or the key in wassist:apiKey / WASSIST_API_KEY",
    );
    expect(emu.current.emulator.requests().log.filter((r) => r.method === "POST")).toEqual([]);
  });

  test("an agent of another organization on an existing resource: preview fails naming agentId; a clean preview costs the lists alone", async () => {
    const routes: Record<string, PhoneNumberRoutingArgs> = {
      support: { number: numbers.support, routing: "webhook", webhookId: webhooks.crm },
      sales: { number: numbers.sales, routing: "agent", agentId: agents.support },
    };
    const { stack } = await stackOf(() => routes);
    await stack.up();
    emu.current.emulator.clearRequests();
    expect((await stack.preview()).changeSummary).toEqual({ same: 3 });
    // One numbers list, and the target lists of the health check.
    expect(emu.current.emulator.requests().counts).toEqual({
      "GET /api/v1/agents/": 1,
      "GET /api/v1/phone-numbers/": 1,
      "GET /api/v1/webhooks/": 1,
    });
    routes.support = { number: numbers.support, routing: "agent", agentId: agents.globex };
    const printed = await refusedPreview(stack);
    expect(printed).toContain(
      `updating routing of 447700900100: agent ${agents.globex} is not among the agents of the key's organization (deleted, no longer shared with it, or an id of another organization): inbound messages reach no agent; use an id of this organization's agents (the Wassist dashboard lists them), or check the key`,
    );
    expect(emu.current.emulator.routingOf(numbers.support)).toEqual(routed.webhook(webhooks.crm));
  });

  test("a number declared twice: preview fails naming both resources; up writes at most the one checked first", async () => {
    const { stack } = await stackOf(() => ({
      support: { number: numbers.support, routing: "webhook", webhookId: webhooks.crm },
      "support-again": { number: "+44 7700 900100", routing: "agent", agentId: agents.sales },
    }));
    // Which of the two is checked first is the engine's order (the plugin checks them in parallel).
    const both =
      /PhoneNumberRouting "(support|support-again)" declares the number 447700900100, which PhoneNumberRouting "(support|support-again)" declares already/;
    const printed = await refusedPreview(stack);
    const [, second, first] = both.exec(printed) ?? [];
    expect(new Set([first, second])).toEqual(new Set(["support", "support-again"]));
    expect(emu.current.emulator.requests().log.filter((r) => r.method === "POST")).toEqual([]);
    // up fails with the same message. The engine creates the other resource meanwhile (it is
    // valid on its own), so the number ends routed as that one declares, and in state for destroy.
    await expect(stack.up()).rejects.toThrow(both);
    expect(emu.current.emulator.requests().log.filter((r) => r.method === "POST").length).toBeLessThanOrEqual(
      1,
    );
  });

  // The engine does not tell a provider about resource options: only the dynamic resource's class
  // (in the program) can see retainOnDelete. The plugin's SDK is generated, so it says nothing.
  test("retainOnDelete with onDelete restore: the dynamic resource's preview warns, naming the resource, that the original routing will be forgotten", async () => {
    const { stack } = await stackOf(
      () => ({ sales: { number: numbers.sales, routing: "agent", agentId: agents.support } }),
      emulatorConfig(emu.current),
      () => ({ retainOnDelete: true }),
    );
    const seen = output();
    await stack.preview({ onOutput: seen.onOutput });
    const warning =
      'PhoneNumberRouting "sales": retainOnDelete keeps Pulumi from calling delete, so onDelete "restore" never runs';
    if (shell.plugin) expect(seen.text()).not.toContain(warning);
    else expect(seen.text()).toContain(warning);
  });

  test("ignoreChanges on routing and a dashboard change: the plugin keeps the dashboard's routing; the dynamic resource warns and writes it back", async () => {
    const { stack } = await stackOf(
      () => ({ support: { number: numbers.support, routing: "webhook", webhookId: webhooks.crm } }),
      emulatorConfig(emu.current),
      () => ({ ignoreChanges: ["routing", "webhookId", "agentId"] }),
    );
    await stack.up();
    await dashboardChange(emu.current, numbers.support, "agent", agents.sales);
    const seen = output();
    const preview = await stack.preview({ onOutput: seen.onOutput });
    if (shell.plugin) {
      expect(preview.changeSummary).toEqual({ same: 2 });
      await stack.up();
      expect(emu.current.emulator.routingOf(numbers.support)).toEqual(routed.agent(agents.sales));
    } else {
      expect(seen.text()).toContain(
        'PhoneNumberRouting "support": ignoreChanges on routing, webhookId, agentId does not keep a routing changed in the Wassist dashboard',
      );
      expect(preview.changeSummary).toEqual({ same: 1, update: 1 });
      await stack.up();
      expect(emu.current.emulator.routingOf(numbers.support)).toEqual(routed.webhook(webhooks.crm));
    }
  });
});

test("provider plugin: one number, one resource is per organization (two explicit providers may each declare the sandbox number)", async () => {
  const { stack } = await stacks.create({
    program: async () => {
      const organizations = { acme: emu.current.apiKey, globex: OTHER_ORG_API_KEY };
      for (const [org, apiKey] of Object.entries(organizations)) {
        const provider = new WassistProvider(org, {
          apiKey: pulumi.secret(apiKey),
          baseUrl: emu.current.url,
        });
        new PluginPhoneNumberRouting(
          `sandbox-${org}`,
          { number: numbers.sandbox, routing: "none" },
          { provider },
        );
      }
      return {};
    },
    config: emulatorConfig(emu.current),
    plugin: true,
  });
  expect((await stack.preview()).changeSummary).toEqual({ create: 5 });
  const up = await stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 5 });
  // Each organization's key read its own numbers list.
  const keys = emu.current.emulator.requests().log.map((r) => r.organization ?? "?");
  expect(new Set(keys)).toEqual(new Set([SEED_IDS.acme, SEED_IDS.globex]));
});
