// Secrets, a wrong key and the sandbox number, under the real engine.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { expect, test } from "vitest";
import { SEED_IDS } from "../../emulator/index";
import { filesUnder } from "../../scripts/harness/consumer";
import { emulatorConfig, output, routesProgram, useStacks } from "../../scripts/harness/e2e";
import { control, useEmulator } from "../../scripts/harness/emulator";

const emu = useEmulator({ per: "file" });
const { numbers, agents, webhooks } = SEED_IDS;
const stacks = useStacks();

/** Every file of the file:// backend (state, history, backups), as text. */
function stateFiles(dir: string): string[] {
  return filesUnder(join(dir, "state")).map((f) => f.text);
}

test("the API key, set as secret config, appears nowhere in plain text in the state", async () => {
  const current = await stacks.create({
    program: routesProgram(() => ({
      support: { number: numbers.support, routing: "agent", agentId: agents.sales },
    })),
    config: emulatorConfig(emu.current),
  });
  await current.stack.up();
  await current.stack.refresh();
  // `pulumi stack export`, as a person would check it (the Automation API's exportStack decrypts).
  const exported = execFileSync(current.cli, ["stack", "export", "--stack", "test", "--cwd", current.dir], {
    env: { ...process.env, ...current.env },
  }).toString();
  expect(exported).toContain("pulumi-nodejs:dynamic/wassist:PhoneNumberRouting");
  expect(exported).toContain('"ciphertext"');
  expect(exported).not.toContain(emu.current.apiKey);
  // And the state file on disk, history included.
  expect(stateFiles(current.dir).join("\n")).not.toContain(emu.current.apiKey);
});

test("a key the server echoes in a failed write reaches neither initErrors, the state nor the output", async () => {
  const key = emu.current.apiKey;
  await control(emu.current.url, "POST", "/faults", {
    method: "POST",
    path: "/api/v1/phone-numbers/{number}/connect-agent/",
    script: Array(2).fill({ status: 503, body: { error: `upstream refused ${key}`, code: key } }),
  });
  const current = await stacks.create({
    program: routesProgram(() => ({
      support: { number: numbers.support, routing: "agent", agentId: agents.sales },
    })),
    config: emulatorConfig(emu.current, { maxRetries: "1" }),
  });
  const seen = output();
  const failed = await current.stack.up({ onOutput: seen.onOutput }).then(
    () => "up succeeded",
    (err: Error) => err.message,
  );
  expect(failed).toContain("creating routing of 447700900100: upstream refused [redacted]");
  expect(`${failed}\n${seen.text()}`).not.toContain(key);
  const exported = execFileSync(current.cli, ["stack", "export", "--stack", "test", "--cwd", current.dir], {
    env: { ...process.env, ...current.env },
  }).toString();
  // The resource was kept ("created but failed to initialise"), with the scrubbed reason.
  expect(exported).toContain('"initErrors"');
  expect(exported).toContain("upstream refused [redacted]");
  expect(exported).not.toContain(key);
  expect(stateFiles(current.dir).join("\n")).not.toContain(key);
});

test("a key given only through WASSIST_API_KEY never reaches the state either", async () => {
  const current = await stacks.create({
    // A routing the number does not have yet, so that the key is used for a read and a write.
    program: routesProgram(() => ({
      paused: { number: numbers.paused, routing: "webhook", webhookId: webhooks.crm },
    })),
    config: { "wassist:baseUrl": { value: emu.current.url } },
  });
  (current.stack.workspace as LocalWorkspace).envVars.WASSIST_API_KEY = emu.current.apiKey;
  await current.stack.up();
  // The numbers list, the webhooks list (check: is the new target the organization's?), the write.
  expect(emu.current.emulator.requests().log.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
    "GET /api/v1/phone-numbers/ 200",
    "GET /api/v1/webhooks/ 200",
    `POST /api/v1/phone-numbers/${numbers.paused}/subscribe/ 200`,
  ]);
  expect(stateFiles(current.dir).join("\n")).not.toContain(emu.current.apiKey);
});

test("a wrong key fails with the clear error and does not print the key", async () => {
  const wrong = "wsk_wrong_key_that_must_stay_hidden_42";
  const current = await stacks.create({
    program: routesProgram(() => ({ support: { number: numbers.support, routing: "none" } })),
    config: {
      "wassist:apiKey": { value: wrong, secret: true },
      "wassist:baseUrl": { value: emu.current.url },
    },
  });
  const seen = output();
  const err = await current.stack.up({ onOutput: seen.onOutput }).catch((e) => e);
  expect(String(err)).toMatch(/Invalid API key\. \(401 authentication_failed, request [0-9a-f-]+\)/);
  expect(`${String(err)}${seen.text()}`).not.toContain(wrong);
  expect(emu.current.emulator.requests().log.every((r) => r.status === 401)).toBe(true);
});

test("a missing key names both ways to set it", async () => {
  const current = await stacks.create({
    program: routesProgram(() => ({ support: { number: numbers.support, routing: "none" } })),
    config: { "wassist:baseUrl": { value: emu.current.url } },
  });
  await expect(current.stack.up()).rejects.toThrow(
    /no Wassist API key: set it with `pulumi config set --secret wassist:apiKey <key>` or the WASSIST_API_KEY environment variable/,
  );
});

test("plain http:// to a host that is not loopback is refused before any request", async () => {
  const current = await stacks.create({
    program: routesProgram(() => ({ support: { number: numbers.support, routing: "none" } })),
    config: {
      "wassist:apiKey": { value: emu.current.apiKey, secret: true },
      "wassist:baseUrl": { value: "http://wassist.example.com" },
    },
  });
  await expect(current.stack.preview()).rejects.toThrow(
    /uses plain http:\/\/ to a host that is not loopback/,
  );
});

test("the sandbox number: applyToExisting is ignored with a warning; only our conversation is routed", async () => {
  const current = await stacks.create({
    program: routesProgram(() => ({
      sandbox: {
        number: "+44 7424 845871",
        routing: "webhook",
        webhookId: webhooks.crm,
        applyToExisting: true,
      },
    })),
    config: emulatorConfig(emu.current),
  });
  const seen = output();
  await current.stack.up({ onOutput: seen.onOutput });
  expect(seen.text()).toContain(
    "447424845871 is a sandbox number: Wassist ignores applyToExisting there and changes only your own conversation",
  );
  expect(emu.current.emulator.routingOf(numbers.sandbox).defaultRouting).toBe("sandbox");
  const sandboxConversations = emu.current.emulator.data.conversations.filter(
    (c) => c.whatsappNumber === numbers.sandbox,
  );
  expect(sandboxConversations.map((c) => [c.organization, c.routing ?? "inherit", c.webhook])).toEqual([
    ["org_acme", "webhook", webhooks.crm],
    ["org_globex", "inherit", null],
  ]);
  expect((await current.stack.preview()).changeSummary).toEqual({ same: 2 });
});
