// PhoneNumberRouting under the real Pulumi engine (CLI + Automation API, file backend) against
// the emulator: up, preview, drift, refresh, update, replace, unknowns and destroy. Each case
// asserts the engine's change summary and the live state in the emulator, on both shells around
// the one lifecycle: the dynamic resource and the `wassist` provider plugin.
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, test } from "vitest";
import { SEED_IDS } from "../../emulator/index";
import type { PhoneNumberRoutingArgs } from "../../provider/index";
import {
  dashboardChange,
  emulatorConfig,
  output,
  routesProgram,
  SHELLS,
  useStacks,
} from "../../scripts/harness/e2e";
import { routed, useEmulator } from "../../scripts/harness/emulator";

const emu = useEmulator({ per: "file" });
const { numbers, webhooks, agents } = SEED_IDS;
const stacks = useStacks();

describe.each(SHELLS)("$name", (shell) => {
  const { Resource } = shell;

  /** A stack whose program declares whatever `routes` holds when the engine runs it. */
  function stackOf(routes: Record<string, PhoneNumberRoutingArgs>) {
    return stacks.create({
      program: routesProgram(() => routes, Resource),
      config: emulatorConfig(emu.current),
      plugin: shell.plugin,
    });
  }

  const three = (): Record<string, PhoneNumberRoutingArgs> => ({
    support: { number: "+44 7700 900100", routing: "webhook", webhookId: webhooks.crm },
    sales: { number: "+44 7700 900200", routing: "agent", agentId: agents.support },
    paused: { number: "+44 7700 900300", routing: "none" },
  });

  describe("outputs", () => {
    test("every declared output exists at run time, also of inputs left out, with defaults", async () => {
      const { stack } = await stacks.create({
        program: async () => {
          const r = new Resource("paused", { number: "+44 7700 900300", routing: "none" });
          // Compiles, and before the fix failed the preview: r.onDelete was undefined.
          const policy = r.onDelete.apply((p) => `onDelete=${p}`);
          return {
            policy,
            outs: pulumi.output({
              number: r.number,
              routing: r.routing,
              webhookId: r.webhookId,
              agentId: r.agentId,
              applyToExisting: r.applyToExisting,
              onDelete: r.onDelete,
              numberId: r.numberId,
              whatsappPhoneNumberId: r.whatsappPhoneNumberId,
              whatsappBusinessAccountId: r.whatsappBusinessAccountId,
              isSandbox: r.isSandbox,
              previousRouting: r.previousRouting,
              appliedRouting: r.appliedRouting,
            }),
          };
        },
        config: emulatorConfig(emu.current),
        plugin: shell.plugin,
      });
      expect((await stack.preview()).changeSummary).toEqual({ create: 2 });
      const up = await stack.up();
      expect(up.outputs.policy?.value).toBe("onDelete=restore");
      expect(up.outputs.outs?.value).toEqual({
        number: numbers.paused,
        routing: "none",
        webhookId: null,
        agentId: null,
        applyToExisting: false,
        onDelete: "restore",
        numberId: "0b6d1f7e-8a41-4c1e-9d3a-1e2f3a4b5c03",
        whatsappPhoneNumberId: "109876543210003",
        whatsappBusinessAccountId: "waba-acme-1",
        isSandbox: false,
        previousRouting: { routing: "none", webhookId: null, agentId: null },
        appliedRouting: { routing: "none", webhookId: null, agentId: null },
      });
    });
  });

  describe("delete undoes only what the provider wrote", () => {
    test("a person's change recorded by refresh is left alone by destroy, with a warning", async () => {
      const { stack } = await stackOf({
        support: { number: "+44 7700 900100", routing: "webhook", webhookId: webhooks.crm },
      });
      await stack.up();
      await dashboardChange(emu.current, numbers.support, "agent", agents.sales);
      expect((await stack.refresh()).summary.resourceChanges).toMatchObject({ update: 1 });
      const seen = output();
      await stack.destroy({ onOutput: seen.onOutput });
      expect(emu.current.emulator.routingOf(numbers.support)).toEqual(routed.agent(agents.sales));
      expect(seen.text()).toContain(
        `447700900100: not undoing (onDelete "restore"): Wassist now routes it to agent ${agents.sales}, not the webhook ${webhooks.crm} this resource set`,
      );
    });
  });

  describe("one number, one resource", () => {
    test("two resources declaring the same number fail the preview with both names; up writes at most the one checked first", async () => {
      const routes: Record<string, PhoneNumberRoutingArgs> = {
        support: { number: "+44 7700 900100", routing: "webhook", webhookId: webhooks.crm },
      };
      const { stack } = await stackOf(routes);
      await stack.up();
      routes["support-uk"] = { number: "447700900100", routing: "agent", agentId: agents.sales };
      emu.current.emulator.clearRequests();
      const message = await stack.preview().then(
        () => "preview passed",
        (err: Error) => err.message,
      );
      // The dynamic resource refuses it in the program (in program order); the plugin's provider,
      // per organization, refuses whichever of the two the engine checks second.
      const refusal = shell.plugin
        ? /PhoneNumberRouting "(support|support-uk)" declares the number 447700900100, which PhoneNumberRouting "(support|support-uk)" declares already with the same provider \(the same Wassist organization\): a number has one routing, so keep one of the two resources/
        : /PhoneNumberRouting "(support-uk)" declares the number 447700900100, which PhoneNumberRouting "(support)" declares already: a number has one routing, so keep one of the two resources/;
      const [, second, first] = refusal.exec(message) ?? [];
      expect(new Set([first, second])).toEqual(new Set(["support", "support-uk"]));
      // up checks again, and the plugin's order may differ from the preview's: read up's own.
      const failed = await stack.up().then(
        () => "up passed",
        (err: Error) => err.message,
      );
      const [, refusedAtUp] = refusal.exec(failed) ?? [];
      expect(["support", "support-uk"]).toContain(refusedAtUp);
      const writes = emu.current.emulator.requests().log.filter((r) => r.method === "POST");
      if (refusedAtUp === "support-uk") {
        // The existing resource kept the number: nothing was written.
        expect(writes).toEqual([]);
        expect(emu.current.emulator.routingOf(numbers.support)).toEqual(routed.webhook(webhooks.crm));
      } else {
        // The engine checked the new resource first (the plugin checks in parallel): it was created.
        expect(writes.map((w) => w.endpoint)).toEqual(["POST /api/v1/phone-numbers/{number}/connect-agent/"]);
      }
    });
  });

  describe("ids in another case", () => {
    test("an upper-case agentId converges: up, then no drift, and destroy restores", async () => {
      const { stack } = await stackOf({
        sales: { number: "+44 7700 900200", routing: "agent", agentId: agents.support.toUpperCase() },
      });
      const up = await stack.up();
      expect(up.summary.resourceChanges).toEqual({ create: 2 });
      expect(emu.current.emulator.routingOf(numbers.sales)).toEqual(routed.agent(agents.support));
      expect((await stack.preview()).changeSummary).toEqual({ same: 2 });
      await stack.destroy();
      expect(emu.current.emulator.routingOf(numbers.sales)).toEqual(routed.agent(agents.sales));
    });
  });

  describe("up and preview", () => {
    test("up routes three numbers; a second preview reports no changes", async () => {
      const { stack } = await stackOf(three());
      const up = await stack.up();
      expect(up.summary.resourceChanges).toEqual({ create: 4 });
      expect(
        [numbers.support, numbers.sales, numbers.paused].map((n) => emu.current.emulator.routingOf(n)),
      ).toEqual([routed.webhook(webhooks.crm), routed.agent(agents.support), routed.none]);
      emu.current.emulator.clearRequests();
      const preview = await stack.preview();
      expect(preview.changeSummary).toEqual({ same: 4 });
      // One list request serves the three diffs, one list each of agents and webhooks their
      // target-health check; nothing is written in preview.
      expect(emu.current.emulator.requests().counts).toEqual({
        "GET /api/v1/agents/": 1,
        "GET /api/v1/phone-numbers/": 1,
        "GET /api/v1/webhooks/": 1,
      });
    });

    test("dashboard drift: preview shows one update and why, --expect-no-changes fails, up reconciles", async () => {
      const { stack } = await stackOf(three());
      await stack.up();
      await dashboardChange(emu.current, numbers.support, "agent", agents.sales);
      const seen = output();
      const preview = await stack.preview({ diff: shell.plugin, onOutput: seen.onOutput });
      expect(preview.changeSummary).toEqual({ same: 3, update: 1 });
      if (shell.plugin) {
        // The plugin refreshes the number before its diff: the properties show the drift, the
        // live value on the left (plugin.e2e.test.ts asserts the exact lines).
        expect(seen.text()).toMatch(/~ routing\s*: "agent" => "webhook"/);
      } else {
        expect(seen.text()).toContain(
          `447700900100 has drifted: Wassist routes it to agent ${agents.sales}, the stack declares webhook ${webhooks.crm}`,
        );
      }
      await expect(stack.preview({ expectNoChanges: true })).rejects.toThrow(
        /no changes were expected for preview but changes were proposed/,
      );
      const up = await stack.up();
      expect(up.summary.resourceChanges).toEqual({ same: 3, update: 1 });
      expect(emu.current.emulator.routingOf(numbers.support)).toEqual(routed.webhook(webhooks.crm));
      expect((await stack.preview()).changeSummary).toEqual({ same: 4 });
    });

    test("refresh records the drift; preview --diff then shows the properties that differ", async () => {
      const { stack } = await stackOf(three());
      await stack.up();
      await dashboardChange(emu.current, numbers.support, "agent", agents.sales);
      const refresh = await stack.refresh();
      expect(refresh.summary.resourceChanges).toEqual({ same: 3, update: 1 });
      const seen = output();
      const preview = await stack.preview({ diff: true, onOutput: seen.onOutput });
      expect(preview.changeSummary).toEqual({ same: 3, update: 1 });
      const text = seen.text();
      expect(text).toMatch(/~ routing\s*: "agent" => "webhook"/);
      expect(text).toMatch(new RegExp(`- agentId\\s*: "${agents.sales}"`));
      expect(text).toMatch(new RegExp(`\\+ webhookId\\s*: "${webhooks.crm}"`));
    });
  });

  describe("changes", () => {
    test("a new webhookId updates in place", async () => {
      const routes = three();
      const { stack } = await stackOf(routes);
      await stack.up();
      routes.support = { number: "+44 7700 900100", routing: "webhook", webhookId: webhooks.zendesk };
      expect((await stack.preview()).changeSummary).toEqual({ same: 3, update: 1 });
      const up = await stack.up();
      expect(up.summary.resourceChanges).toEqual({ same: 3, update: 1 });
      expect(emu.current.emulator.routingOf(numbers.support).defaultWebhook).toBe(webhooks.zendesk);
    });

    test("a new number replaces: the new number is routed, the old one restored", async () => {
      const routes = three();
      delete routes.paused;
      const { stack } = await stackOf(routes);
      await stack.up();
      routes.sales = { number: "+44 7700 900300", routing: "agent", agentId: agents.support };
      const up = await stack.up();
      expect(up.summary.resourceChanges).toEqual({ same: 2, replace: 1 });
      expect(emu.current.emulator.routingOf(numbers.paused)).toEqual(routed.agent(agents.support));
      // 900200 got its seeded routing back (agent "Sales Bot").
      expect(emu.current.emulator.routingOf(numbers.sales)).toEqual(routed.agent(agents.sales));
    });

    test("a number moved between two resources in one update is not clobbered by the old one's delete", async () => {
      const routes = three();
      const { stack } = await stackOf(routes);
      await stack.up();
      routes.sales = { number: "+44 7700 900300", routing: "agent", agentId: agents.support };
      delete routes.paused;
      const seen = output();
      const up = await stack.up({ onOutput: seen.onOutput });
      expect(up.summary.resourceChanges).toEqual({ same: 2, replace: 1, delete: 1 });
      expect(emu.current.emulator.routingOf(numbers.paused)).toEqual(routed.agent(agents.support));
      expect(emu.current.emulator.routingOf(numbers.sales)).toEqual(routed.agent(agents.sales));
      expect(seen.text()).toContain(
        '447700900300 moved to another resource in this update: not undoing (onDelete "restore"), so it stays routed as declared',
      );
    });

    test("a rename without aliases (same routing) ends routed as declared, with a warning naming aliases", async () => {
      const routes: Record<string, PhoneNumberRoutingArgs> = {
        support: { number: "+44 7700 900100", routing: "webhook", webhookId: webhooks.crm },
      };
      const { stack } = await stackOf(routes);
      await stack.up();
      routes["support-uk"] = routes.support as PhoneNumberRoutingArgs;
      delete routes.support;
      const seen = output();
      const up = await stack.up({ onOutput: seen.onOutput });
      expect(up.summary.resourceChanges).toEqual({ same: 1, create: 1, delete: 1 });
      // Before: the old resource's delete restored the original webhook (zendesk), and up exited 0.
      expect(emu.current.emulator.routingOf(numbers.support)).toEqual(routed.webhook(webhooks.crm));
      expect(seen.text()).toContain("447700900100 moved to another resource in this update");
      expect(seen.text()).toContain("use the aliases resource option instead");
    });

    test("two numbers swapped between two resources both end routed as declared", async () => {
      const routes: Record<string, PhoneNumberRoutingArgs> = {
        a: { number: "+44 7700 900100", routing: "agent", agentId: agents.support },
        b: { number: "+44 7700 900200", routing: "webhook", webhookId: webhooks.crm },
      };
      const { stack } = await stackOf(routes);
      await stack.up();
      routes.a = { number: "+44 7700 900200", routing: "agent", agentId: agents.support };
      routes.b = { number: "+44 7700 900100", routing: "webhook", webhookId: webhooks.crm };
      const up = await stack.up();
      expect(up.summary.resourceChanges).toEqual({ same: 1, replace: 2 });
      expect(emu.current.emulator.routingOf(numbers.sales)).toEqual(routed.agent(agents.support));
      expect(emu.current.emulator.routingOf(numbers.support)).toEqual(routed.webhook(webhooks.crm));
    });

    test("a number not on the account fails up with the number named", async () => {
      const { stack } = await stackOf({ ghost: { number: "+1 415 555 0199", routing: "none" } });
      await expect(stack.up()).rejects.toThrow(
        /creating routing of 14155550199: 14155550199 is not a number of this Wassist account/,
      );
      expect(emu.current.emulator.requests().log.filter((r) => r.method === "POST")).toEqual([]);
    });

    test("applyToExisting reaches the number's conversations", async () => {
      const { stack } = await stackOf({
        support: { number: "447700900100", routing: "agent", agentId: agents.sales, applyToExisting: true },
      });
      await stack.up();
      const conversations = emu.current.emulator.data.conversations.filter(
        (c) => c.whatsappNumber === numbers.support,
      );
      expect(conversations.map((c) => [c.activeAgent, c.session])).toEqual([
        [agents.sales, null],
        [agents.sales, null],
      ]);
    });

    test("a webhookId from another resource's output: unknown in preview, applied by up", async () => {
      const echo: pulumi.dynamic.ResourceProvider = {
        async create(inputs) {
          return { id: "hook", outs: { webhookId: inputs.source } };
        },
      };
      class WebhookLookup extends pulumi.dynamic.Resource {
        declare readonly webhookId: pulumi.Output<string>;
        constructor(name: string, source: string) {
          super(echo, name, { source, webhookId: undefined }, {});
        }
      }
      let declared: InstanceType<typeof Resource> | undefined;
      const current = await stacks.create({
        program: async () => {
          const hook = new WebhookLookup("crm-hook", webhooks.crm);
          declared = new Resource("support", {
            number: numbers.paused,
            routing: "webhook",
            webhookId: hook.webhookId,
          });
          return {};
        },
        config: emulatorConfig(emu.current),
        plugin: shell.plugin,
      });
      const preview = await current.stack.preview();
      expect(preview.changeSummary).toEqual({ create: 3 });
      expect(emu.current.emulator.requests().log.filter((r) => r.method === "POST")).toEqual([]);
      expect(declared).toBeDefined();
      await current.stack.up();
      expect(emu.current.emulator.routingOf(numbers.paused)).toEqual(routed.webhook(webhooks.crm));
      expect(JSON.stringify(emu.current.emulator.requests().log)).not.toContain(
        "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
      );
    });
  });

  describe("destroy", () => {
    test("each onDelete policy leaves exactly the expected routing", async () => {
      const { stack } = await stackOf({
        restore: { number: numbers.support, routing: "agent", agentId: agents.sales, onDelete: "restore" },
        unsubscribe: {
          number: numbers.sales,
          routing: "webhook",
          webhookId: webhooks.crm,
          onDelete: "unsubscribe",
        },
        retain: {
          number: numbers.paused,
          routing: "webhook",
          webhookId: webhooks.zendesk,
          onDelete: "retain",
        },
      });
      await stack.up();
      const destroy = await stack.destroy();
      expect(destroy.summary.resourceChanges).toEqual({ delete: 4 });
      expect(
        [numbers.support, numbers.sales, numbers.paused].map((n) => emu.current.emulator.routingOf(n)),
      ).toEqual([
        routed.webhook(webhooks.zendesk), // restored (seed)
        routed.none, // unsubscribed
        routed.webhook(webhooks.zendesk), // retained as declared
      ]);
    });
  });
});
