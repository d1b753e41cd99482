// Pulumi's cancel: Ctrl-C on `pulumi up` (the Automation API's abort sends the CLI the
// same SIGINT). The engine stops starting new steps and waits for the write in flight; when the
// CLI closes its plugins it sends their process group SIGINT, and the dynamic-provider process,
// which holds no handler that could delay it, ends. Nothing is lost: every number the cancelled
// `up` wrote is in the state, the others are untouched, the next `up` finishes the job and
// `destroy` gives every number back the routing it had before the stack.
import { expect, test } from "vitest";
import { SEED_IDS } from "../../emulator/index";
import type { PhoneNumberRoutingArgs } from "../../provider/index";
import { emulatorConfig, routesProgram, useStacks } from "../../scripts/harness/e2e";
import { useEmulator } from "../../scripts/harness/emulator";
import { dynamicProvidersIn, processesIn } from "../../scripts/harness/processes";

const emu = useEmulator({ per: "file" });
const stacks = useStacks();

const NUMBERS = [
  SEED_IDS.numbers.support,
  SEED_IDS.numbers.sales,
  SEED_IDS.numbers.paused,
  "447700810001",
  "447700810002",
  "447700810003",
];

async function until(what: string, done: () => boolean, seconds: number): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test("a cancelled up leaves no provider process, records every write it made, and destroy restores each original", async () => {
  const e = emu.current.emulator;
  for (const number of NUMBERS.slice(3)) e.addPhoneNumber({ number });
  const before = Object.fromEntries(NUMBERS.map((n) => [n, e.routingOf(n)]));
  const engine = await stacks.create({
    program: routesProgram(() =>
      Object.fromEntries(
        NUMBERS.map((number): [string, PhoneNumberRoutingArgs] => [
          `n${number}`,
          { number, routing: "agent", agentId: SEED_IDS.agents.support },
        ]),
      ),
    ),
    config: emulatorConfig(emu.current),
  });
  // One write at a time; the second is held 10 s by the emulator, and the cancel lands while it is.
  e.addFault({
    method: "POST",
    path: "/api/v1/phone-numbers/{number}/connect-agent/",
    script: [{ pass: true }, { delayMs: 10_000 }],
  });
  const writes = () => e.requests().log.filter((r) => r.method === "POST" && r.status === 200).length;
  const abort = new AbortController();
  const up = engine.stack.up({ parallel: 1, signal: abort.signal }).then(
    () => "finished",
    (err: Error) => err.message,
  );
  // The second write has reached the emulator (its held answer is the fault's last action).
  await until("the second write", () => e.faults.pending()[0]?.remaining === 0, 120);
  expect(writes()).toBe(1);
  expect(dynamicProvidersIn(engine.dir)).toHaveLength(1);
  const cancelledAt = Date.now();
  abort.abort();
  const outcome = await up;
  const cancelSeconds = (Date.now() - cancelledAt) / 1000;
  expect(outcome).toMatch(/canceled/);
  // The CLI has exited; the plugins it closed end with it (SIGINT to their process group).
  await until("the engine's processes to end", () => processesIn(engine.dir).length === 0, 30);

  const written = NUMBERS.filter((n) => e.routingOf(n).activeAgent === SEED_IDS.agents.support);
  const recorded = (await engine.stack.exportStack()).deployment.resources
    .filter((r: { type: string }) => r.type.endsWith("PhoneNumberRouting"))
    .map((r: { id: string }) => r.id);
  console.log(
    `cancelled up: ended ${cancelSeconds} s after the cancel; ${written.length} of ${NUMBERS.length} written`,
  );
  // The write in flight was waited for and recorded; no step started after the cancel.
  expect(written).toHaveLength(2);
  expect(recorded.sort()).toEqual([...written].sort());
  for (const n of NUMBERS.filter((n) => !written.includes(n))) expect(e.routingOf(n)).toEqual(before[n]);

  const again = await engine.stack.up();
  expect(again.summary.resourceChanges).toEqual({
    create: NUMBERS.length - written.length,
    same: 1 + written.length,
  });
  expect(NUMBERS.filter((n) => e.routingOf(n).activeAgent !== SEED_IDS.agents.support)).toEqual([]);
  await engine.stack.destroy();
  expect(Object.fromEntries(NUMBERS.map((n) => [n, e.routingOf(n)]))).toEqual(before);
}, 300_000);
