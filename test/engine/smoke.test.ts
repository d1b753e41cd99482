import { expect, test } from "vitest";
import { SEED_IDS } from "../../emulator/index";
import { PhoneNumberRouting } from "../../provider/index";
import { createStack as inlineStack } from "../../scripts/engine";
import { useEmulator } from "../helpers/emulator";

const emu = useEmulator();
test("smoke", async () => {
  const { stack, cleanup } = await inlineStack({
    program: async () => {
      const r = new PhoneNumberRouting("support", {
        number: "+44 7700 900300",
        routing: "webhook",
        webhookId: SEED_IDS.webhooks.crm,
      });
      return { id: r.id, prev: r.previousRouting };
    },
    config: {
      "wassist:apiKey": { value: emu.current.apiKey, secret: true },
      "wassist:baseUrl": { value: emu.current.url },
    },
  });
  const up = await stack.up({ onOutput: (o) => process.stdout.write(o) });
  console.log(up.summary.resourceChanges, up.outputs);
  await fetch(`${emu.current.url}/_emulator/phone-numbers/447700900300/routing`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ routing: "agent", agentId: SEED_IDS.agents.sales }),
  });
  const pv = await stack.preview({ onOutput: (o) => process.stdout.write(o), diff: true });
  console.log(pv.changeSummary);
  const pv2 = await stack.preview({ onOutput: (o) => process.stdout.write(o) });
  await stack.destroy({ onOutput: (o) => process.stdout.write(o) });
  console.log(emu.current.emulator.routingOf("447700900300"));
  await cleanup();
}, 300_000);
