// Targets by name under the real engine: the dynamic resource's package functions in the program's
// process, and the plugin's wassist:index:get* functions through the engine's Invoke, with two
// organizations in one stack (an explicit provider each): every write carries its own
// organization's key, and each organization's numbers end routed as declared.
import * as pulumi from "@pulumi/pulumi";
import * as wassist from "pulumi-wassist/plugin";
import { PhoneNumberRouting as PluginPhoneNumberRouting } from "pulumi-wassist/plugin";
import { expect, test } from "vitest";
import { OTHER_ORG_API_KEY, SEED_IDS } from "../../emulator/index";
import { getAgentOutput, getWebhook, PhoneNumberRouting } from "../../provider/index";
import { emulatorConfig, useStacks, WassistProvider } from "../../scripts/harness/e2e";

import { routed, useEmulator } from "../../scripts/harness/emulator";

const emu = useEmulator({ per: "file" });
const { numbers, webhooks, agents } = SEED_IDS;
const stacks = useStacks();

test("dynamic resource: targets by name through the package's functions, one list each", async () => {
  const { stack } = await stacks.create({
    program: async () => {
      const crm = await getWebhook({ name: "CRM intake" });
      new PhoneNumberRouting("support", { number: numbers.support, routing: "webhook", webhookId: crm.id });
      new PhoneNumberRouting("sales", {
        number: numbers.sales,
        routing: "agent",
        agentId: getAgentOutput({ name: "Support Bot" }).id,
      });
      return {};
    },
    config: emulatorConfig(emu.current),
  });
  await stack.up();
  expect(emu.current.emulator.routingOf(numbers.support)).toEqual(routed.webhook(webhooks.crm));
  expect(emu.current.emulator.routingOf(numbers.sales)).toEqual(routed.agent(agents.support));
  emu.current.emulator.clearRequests();
  expect((await stack.preview()).changeSummary).toEqual({ same: 3 });
  // The program's lookups (one webhooks and one agents list) and the provider's preview (one
  // numbers list and the target-health lists) are two processes: at most two of each list.
  const counts = emu.current.emulator.requests().counts;
  expect(counts["GET /api/v1/phone-numbers/"]).toBe(1);
  expect(counts["GET /api/v1/webhooks/"]).toBeLessThanOrEqual(2);
  expect(counts["GET /api/v1/agents/"]).toBeLessThanOrEqual(2);
});

test("plugin: two organizations in one stack, targets by name; each write carries its organization's key", async () => {
  const { stack } = await stacks.create({
    program: async () => {
      const orgs = [
        { name: "acme", apiKey: emu.current.apiKey, number: numbers.support, webhook: "CRM intake" },
        { name: "globex", apiKey: OTHER_ORG_API_KEY, number: numbers.globex, webhook: "Globex intake" },
      ];
      for (const org of orgs) {
        const provider = new WassistProvider(org.name, {
          apiKey: pulumi.secret(org.apiKey),
          baseUrl: emu.current.url,
        });
        const hook = wassist.getWebhookOutput({ name: org.webhook }, { provider });
        new PluginPhoneNumberRouting(
          `${org.name}-main`,
          { number: org.number, routing: "webhook", webhookId: hook.id },
          { provider },
        );
      }
      return {};
    },
    config: emulatorConfig(emu.current),
    plugin: true,
  });
  emu.current.emulator.clearRequests();
  await stack.up();
  expect(emu.current.emulator.routingOf(numbers.support)).toEqual(routed.webhook(webhooks.crm));
  expect(emu.current.emulator.routingOf(numbers.globex)).toEqual(routed.webhook(webhooks.globex));
  const writes = emu.current.emulator
    .requests()
    .log.filter((r) => r.method === "POST")
    .map((r) => `${r.organization} ${r.path}`)
    .sort();
  expect(writes).toEqual([
    `${SEED_IDS.acme} /api/v1/phone-numbers/${numbers.support}/subscribe/`,
    `${SEED_IDS.globex} /api/v1/phone-numbers/${numbers.globex}/subscribe/`,
  ]);
  await stack.destroy();
  // Each organization's number got its original routing back.
  expect(emu.current.emulator.routingOf(numbers.support)).toEqual(routed.webhook(webhooks.zendesk));
  expect(emu.current.emulator.routingOf(numbers.globex)).toEqual(routed.agent(agents.globex));
});

test("plugin: one organization's wrong key is refused at check naming its provider; the other organization can go ahead alone", async () => {
  const wrong = "wsk_wrong_staging_key_000000042";
  const { stack } = await stacks.create({
    program: async () => {
      const orgs = [
        { name: "production", apiKey: emu.current.apiKey, number: numbers.support },
        { name: "staging", apiKey: wrong, number: numbers.stagingSupport },
      ];
      for (const org of orgs) {
        const provider = new WassistProvider(org.name, {
          apiKey: pulumi.secret(org.apiKey),
          baseUrl: emu.current.url,
        });
        new PluginPhoneNumberRouting(
          `${org.name}-main`,
          { number: org.number, routing: "none" },
          { provider },
        );
      }
      return {};
    },
    config: emulatorConfig(emu.current),
    plugin: true,
  });
  emu.current.emulator.clearRequests();
  // The refused check stops the update (--continue-on-error covers failed steps, not refused
  // checks); the other organization's resource may have been created meanwhile (the engine runs
  // them in parallel), never the one with the wrong key.
  const failed = await stack.up({ continueOnError: true }).then(
    () => "up succeeded",
    (err: Error) => err.message,
  );
  expect(failed).toMatch(
    /creating routing of 447700901100: listing phone numbers: Invalid API key\. \(401 authentication_failed, request [0-9a-f-]+\); the key came from the apiKey input of provider "staging": give that provider its organization's key \(as a secret\)/,
  );
  expect(failed).not.toContain(wrong);
  // Production alone (--target), while staging's key is fixed: its own key, its own write.
  const urn = (type: string, name: string) => `urn:pulumi:test::wassist-e2e::${type}::${name}`;
  await stack.up({
    target: [
      urn("pulumi:providers:wassist", "production"),
      urn("wassist:index:PhoneNumberRouting", "production-main"),
    ],
  });
  expect(emu.current.emulator.routingOf(numbers.support)).toEqual(routed.none);
  expect(emu.current.emulator.routingOf(numbers.stagingSupport)).toEqual(routed.none);
  const writes = emu.current.emulator
    .requests()
    .log.filter((r) => r.method === "POST")
    .map((r) => `${r.organization} ${r.path}`);
  expect(writes).toEqual([`${SEED_IDS.acme} /api/v1/phone-numbers/${numbers.support}/unsubscribe/`]);
});
