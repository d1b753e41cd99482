// The chaos run at a small N (the full N = 50 is `npm run chaos`): the real engine under 503s,
// 429 bursts with Retry-After and dropped connections, then an `up` killed with SIGKILL midway
// and recovered with refresh + up.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { SEED_IDS } from "../../emulator/index";
import { restoreCheckpointBackup, runChaos } from "../../scripts/chaos";
import { emulatorConfig, routesProgram, useStacks } from "../../scripts/harness/e2e";
import { useEmulator } from "../../scripts/harness/emulator";

const emu = useEmulator({ rateLimit: 1_000_000, per: "file" });
const stacks = useStacks();

test("every number converges through faults and an interrupted up; nothing is left unrecorded", async () => {
  const report = await runChaos(emu.current, 12, (line) => console.log(line));
  expect(report.firstUp.changes).toEqual({ create: 13 });
  expect(report.firstUp.faultsInjected).toBeGreaterThan(0);
  expect(report.killedAfterWrites).toBeGreaterThanOrEqual(4);
  // The kill landed: the up did not finish on its own.
  expect(report.killedUp).toMatch(/^failed: /);
  expect(report.converged).toBe(true);
  expect(report.strays).toEqual([]);
  expect(report.finalPreview).toEqual({ same: 13 });
}, 600_000);

test("a checkpoint cut short by a kill is recovered from the file backend's .bak", async () => {
  const { stack, dir } = await stacks.create({
    program: routesProgram(() => ({
      paused: { number: SEED_IDS.numbers.paused, routing: "webhook", webhookId: SEED_IDS.webhooks.crm },
    })),
    config: emulatorConfig(emu.current),
  });
  await stack.up();
  await stack.up();
  const checkpoint = join(dir, "state", ".pulumi", "stacks", "wassist-e2e", "test.json");
  // Both ways a kill was seen to leave it: the file empty, and its metadata sidecar empty.
  writeFileSync(checkpoint, "");
  writeFileSync(`${checkpoint}.attrs`, "");
  await expect(stack.refresh()).rejects.toThrow(/failed to load checkpoint/);
  expect(restoreCheckpointBackup(join(dir, "state"))).toBe(".pulumi/stacks/wassist-e2e/test.json.bak");
  expect((await stack.refresh()).summary.resourceChanges).toEqual({ same: 2 });
  expect((await stack.preview()).changeSummary).toEqual({ same: 2 });
});

test("when the .bak was cut short too, the newest readable file of .pulumi/backups is restored", async () => {
  const { stack, dir } = await stacks.create({
    program: routesProgram(() => ({ paused: { number: SEED_IDS.numbers.paused, routing: "none" } })),
    config: emulatorConfig(emu.current),
  });
  await stack.up();
  await stack.up();
  const project = join(dir, "state", ".pulumi", "stacks", "wassist-e2e");
  writeFileSync(join(project, "test.json"), "");
  writeFileSync(join(project, "test.json.bak"), '{"version": 3, "checkp');
  expect(restoreCheckpointBackup(join(dir, "state"))).toMatch(
    /^\.pulumi\/backups\/wassist-e2e\/test\/test\.\d+\.json$/,
  );
  expect((await stack.refresh()).summary.resourceChanges).toEqual({ same: 2 });
});
