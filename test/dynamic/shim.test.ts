// The provider as the engine gets it: the `__provider` text every resource stores in state is
// loaded with require-from-string (as Pulumi's dynamic-provider host does) and driven through a
// whole lifecycle. The API key travels only through configure, never through that text. The
// closure serializer's round trip is kept too, to show what a serialized forwarder would cost.
import * as pulumi from "@pulumi/pulumi";
import requireFromString from "require-from-string";
import { afterAll, expect, test } from "vitest";
import { SEED_IDS } from "../../emulator/index";
import { PROVIDER_SHIM } from "../../provider/dynamic/shim";
import { routed, useEmulator } from "../../scripts/harness/emulator";

const emu = useEmulator();

afterAll(async () => {
  // The shim loads the built package (node_modules/pulumi-wassist → this checkout's dist/).
  await require("pulumi-wassist/provider/runtime").provider.close();
});

test("the __provider text holds no secret and drives a full lifecycle", async () => {
  expect(PROVIDER_SHIM).toBe(
    'exports.handler = () => require("pulumi-wassist/provider/runtime").provider;\n',
  );
  const provider = requireFromString(PROVIDER_SHIM).handler();
  const config: Record<string, string> = {
    "wassist:apiKey": emu.current.apiKey,
    "wassist:baseUrl": emu.current.url,
    "wassist:rateLimit": "0",
  };
  await provider.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k] } });

  const number = SEED_IDS.numbers.support;
  const { inputs } = await provider.check(
    {},
    { number: "+44 7700 900100", routing: "agent", agentId: SEED_IDS.agents.sales },
  );
  const created = await provider.create(inputs);
  expect(created.id).toBe(number);
  expect(emu.current.emulator.routingOf(number)).toEqual(routed.agent(SEED_IDS.agents.sales));
  expect(await provider.diff(number, created.outs, inputs)).toEqual({ changes: false, replaces: [] });
  const read = await provider.read(number, created.outs);
  expect(read.props).toEqual(created.outs);
  await provider.delete(number, created.outs);
  expect(emu.current.emulator.routingOf(number)).toEqual(routed.webhook(SEED_IDS.webhooks.zendesk));
  expect(JSON.stringify(created.outs)).not.toContain(emu.current.apiKey);
});

test("serializeFunction of the same forwarding, for comparison: it works too, at several times the size for one method", async () => {
  const forwarder = {
    diff: (id: string, olds: unknown, news: unknown) =>
      require("pulumi-wassist/provider/runtime").provider.diff(id, olds, news),
  };
  const serialized = await pulumi.runtime.serializeFunction(() => forwarder, { allowSecrets: true });
  expect(serialized.text).not.toContain(emu.current.apiKey);
  expect(typeof requireFromString(serialized.text).handler().diff).toBe("function");
  expect(serialized.text.length).toBeGreaterThan(3 * PROVIDER_SHIM.length);
});
