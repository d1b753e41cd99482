// The provider as the engine gets it: the shim is serialized with Pulumi's closure serializer,
// loaded back with require-from-string (as the dynamic-provider host does) and driven through a
// whole lifecycle. The API key travels only through configure, never through the serialized text.
import * as pulumi from "@pulumi/pulumi";
import requireFromString from "require-from-string";
import { afterAll, expect, test } from "vitest";
import { SEED_IDS } from "../emulator/index";
import { routingProviderShim } from "../provider/shim";
import { useEmulator } from "./helpers/emulator";

const emu = useEmulator();

afterAll(async () => {
  // The shim loads the built package (node_modules/pulumi-wassist → this checkout's dist/).
  await require("pulumi-wassist/provider/runtime").provider.close();
});

test("the serialized shim holds no secret and drives a full lifecycle", async () => {
  const shim = routingProviderShim;
  const serialized = await pulumi.runtime.serializeFunction(() => shim, { allowSecrets: true });
  expect(serialized.text).not.toContain(emu.current.apiKey);
  expect(serialized.text).toContain('require("pulumi-wassist/provider/runtime")');
  expect(serialized.text.length).toBeLessThan(4000);

  const provider = requireFromString(serialized.text).handler();
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
  expect(emu.current.emulator.routingOf(number)).toEqual({
    defaultRouting: "agent",
    defaultWebhook: null,
    activeAgent: SEED_IDS.agents.sales,
  });
  expect(await provider.diff(number, created.outs, inputs)).toEqual({ changes: false, replaces: [] });
  const read = await provider.read(number, created.outs);
  expect(read.props).toEqual(created.outs);
  await provider.delete(number, created.outs);
  expect(emu.current.emulator.routingOf(number)).toEqual({
    defaultRouting: "webhook",
    defaultWebhook: SEED_IDS.webhooks.zendesk,
    activeAgent: null,
  });
  expect(JSON.stringify(created.outs)).not.toContain(emu.current.apiKey);
});
