// A resource moved to another organization's provider instance, under the real engine: the engine
// asks the new provider's DiffConfig whether the move needs a replacement, and the plugin answers
// yes when the two keys reach different organizations (their numbers lists share no number). The
// old organization's resource is deleted (its onDelete), the new one's adopts the number; a
// number the new organization does not have fails the preview, naming it and the provider.
import * as pulumi from "@pulumi/pulumi";
import { PhoneNumberRouting, type PhoneNumberRoutingArgs } from "pulumi-wassist/plugin";
import { expect, test } from "vitest";
import { OTHER_ORG_API_KEY, SEED_IDS } from "../../emulator/index";
import { emulatorConfig, output, useStacks, WassistProvider } from "../../scripts/harness/e2e";
import { routed, useEmulator } from "../../scripts/harness/emulator";

const emu = useEmulator({ per: "test" });
const { numbers, webhooks } = SEED_IDS;
const stacks = useStacks();

/** Two explicit providers, acme and globex; `route` declares one resource with the provider `on.value`. */
function twoOrganizations(route: PhoneNumberRoutingArgs, on: { value: "acme" | "globex" }) {
  return stacks.create({
    program: async () => {
      const keys = { acme: emu.current.apiKey, globex: OTHER_ORG_API_KEY };
      const providers = Object.fromEntries(
        Object.entries(keys).map(([org, apiKey]) => [
          org,
          new WassistProvider(org, { apiKey: pulumi.secret(apiKey), baseUrl: emu.current.url }),
        ]),
      );
      new PhoneNumberRouting("moved", route, { provider: providers[on.value] });
      return {};
    },
    config: emulatorConfig(emu.current),
    plugin: true,
  });
}

test("moving a resource to another organization's provider replaces it: each organization gets its own key's calls", async () => {
  const on = { value: "acme" as "acme" | "globex" };
  const { stack } = await twoOrganizations({ number: numbers.sandbox, routing: "none" }, on);
  await stack.up();
  on.value = "globex";
  emu.current.emulator.clearRequests();
  const seen = output();
  const preview = await stack.preview({ onOutput: seen.onOutput, diff: true });
  expect(preview.changeSummary).toMatchObject({ replace: 1 });
  expect(seen.text()).toMatch(/\+-wassist:index:PhoneNumberRouting: \(replace\)/);
  const up = await stack.up();
  expect(up.summary.resourceChanges).toMatchObject({ replace: 1 });
  // The organizations' numbers lists, read once per key to tell them apart, and no key of one
  // used for the other's writes.
  const log = emu.current.emulator.requests().log;
  expect(new Set(log.map((r) => r.organization))).toEqual(new Set([SEED_IDS.acme, SEED_IDS.globex]));
  expect((await stack.preview()).changeSummary).toEqual({ same: 4 });
  const state = (await stack.exportStack()).deployment.resources as { urn: string; provider?: string }[];
  expect(state.find((r) => r.urn.endsWith("::moved"))?.provider).toContain("::globex::");
});

test("moving a number to an organization that does not have it fails the preview, naming the number and the provider", async () => {
  const on = { value: "acme" as "acme" | "globex" };
  const { stack } = await twoOrganizations(
    { number: numbers.support, routing: "webhook", webhookId: webhooks.crm },
    on,
  );
  await stack.up();
  expect(emu.current.emulator.routingOf(numbers.support)).toEqual(routed.webhook(webhooks.crm));
  on.value = "globex";
  emu.current.emulator.clearRequests();
  const seen = output();
  await expect(stack.preview({ onOutput: seen.onOutput })).rejects.toThrow();
  expect(seen.text()).toContain(
    `updating routing of ${numbers.support}: ${numbers.support} is not on the Wassist account of provider "globex": either the number left the account (run \`pulumi refresh\` to drop it from the stack), or the resource moved to this provider from another organization's, and this organization does not have the number (give the resource its provider back)`,
  );
  expect(emu.current.emulator.requests().log.filter((r) => r.method === "POST")).toEqual([]);
});
