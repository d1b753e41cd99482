// The thin-shim design: state holds only a shim that requires "pulumi-wassist/provider/runtime"
// from the installed package, so a resource created by one version of the package is refreshed
// and deleted by whatever version is installed later. The "upgrade" here is a package installed
// into the project's node_modules in place of the first one, which wraps the real implementation
// and records each call it serves.
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { SEED_IDS } from "../../emulator/index";
import { dashboardChange, emulatorConfig, routesProgram, useStacks } from "../../scripts/harness/e2e";
import { routed, useEmulator } from "../../scripts/harness/emulator";
import { REPO } from "../../scripts/harness/engine";

const emu = useEmulator({ per: "file" });
const { numbers, agents, webhooks } = SEED_IDS;
const stacks = useStacks();

/** Replaces `dir/node_modules` (a link to the checkout's) by one whose pulumi-wassist is the upgrade. */
function installUpgrade(dir: string): { calls: () => string[] } {
  const modules = join(dir, "node_modules");
  rmSync(modules);
  mkdirSync(modules);
  for (const entry of readdirSync(join(REPO, "node_modules"))) {
    if (entry !== "pulumi-wassist") symlinkSync(join(REPO, "node_modules", entry), join(modules, entry));
  }
  const pkg = join(modules, "pulumi-wassist");
  const marker = join(dir, "upgraded-calls.log");
  mkdirSync(join(pkg, "provider"), { recursive: true });
  writeFileSync(
    join(pkg, "package.json"),
    JSON.stringify({
      name: "pulumi-wassist",
      version: "99.0.0",
      exports: { "./provider/runtime": "./provider/runtime.js" },
    }),
  );
  writeFileSync(
    join(pkg, "provider", "runtime.js"),
    `const fs = require("node:fs");
const real = require(${JSON.stringify(join(REPO, "dist", "provider", "dynamic", "runtime.js"))}).provider;
exports.provider = new Proxy(real, {
  get(target, key) {
    const value = target[key];
    if (typeof value !== "function") return value;
    return (...args) => { fs.appendFileSync(${JSON.stringify(marker)}, String(key) + "\\n"); return value.apply(target, args); };
  },
});
`,
  );
  writeFileSync(marker, "");
  return {
    calls: () => readFileSync(marker, "utf8").split("\n").filter(Boolean),
  };
}

test("a resource created by one version is refreshed and deleted by the version installed later", async () => {
  const current = await stacks.create({
    program: routesProgram(() => ({
      support: { number: numbers.support, routing: "agent", agentId: agents.sales },
    })),
    config: emulatorConfig(emu.current),
  });
  await current.stack.up();
  const upgrade = installUpgrade(current.dir);

  await dashboardChange(emu.current, numbers.support, "agent", agents.support);
  const refresh = await current.stack.refresh();
  expect(refresh.summary.resourceChanges).toEqual({ same: 1, update: 1 });
  // The person puts back what the stack wrote, so that destroy (which undoes only the provider's
  // own write) restores the routing found at adoption.
  await dashboardChange(emu.current, numbers.support, "agent", agents.sales);
  const destroy = await current.stack.destroy();
  expect(destroy.summary.resourceChanges).toEqual({ delete: 2 });
  // refresh: read (and the engine's diff of refreshed inputs); destroy: delete. One configure per process.
  expect(upgrade.calls()).toEqual(["configure", "read", "diff", "configure", "delete"]);
  expect(emu.current.emulator.routingOf(numbers.support)).toEqual(routed.webhook(webhooks.zendesk));
});
