// Platform teams run stacks in parallel with one organization's key: three stacks of
// 40 numbers each, at the same time, against the emulator at Wassist's documented 100 requests
// per minute. Each stack's provider paces itself to 100/min, so together they overrun the key's
// window; the 429s' Retry-After (up to the API's 60 s window) is waited out and every stack ends
// with 0 errors.
import { expect, test } from "vitest";
import { SEED_IDS } from "../../emulator/index";
import type { PhoneNumberRoutingArgs } from "../../provider/index";
import { emulatorConfig, routesProgram, useStacks } from "../../scripts/harness/e2e";
import { useEmulator } from "../../scripts/harness/emulator";

const emu = useEmulator({ per: "file" });
const stacks = useStacks();
const PER_STACK = 40;

test("three stacks sharing one key at 100 requests per minute all finish with 0 errors", async () => {
  const groups = [0, 1, 2].map((g) =>
    Array.from({ length: PER_STACK }, (_, i) => `4477008${String(10000 + g * 100 + i).slice(1)}`),
  );
  for (const number of groups.flat()) emu.current.emulator.addPhoneNumber({ number });
  const engines = await Promise.all(
    groups.map((numbers, g) =>
      stacks.create({
        stackName: `team${g}`,
        program: routesProgram(() =>
          Object.fromEntries(
            numbers.map((number): [string, PhoneNumberRoutingArgs] => [
              `n${number}`,
              { number, routing: "agent", agentId: SEED_IDS.agents.support },
            ]),
          ),
        ),
        config: emulatorConfig(emu.current),
      }),
    ),
  );
  const ups = await Promise.allSettled(engines.map((e) => e.stack.up()));
  expect(
    ups.map((u) => (u.status === "fulfilled" ? u.value.summary.resourceChanges : String(u.reason))),
  ).toEqual([0, 1, 2].map(() => ({ create: PER_STACK + 1 })));
  const log = emu.current.emulator.requests().log;
  // The key's window was overrun (so the 429s were met and waited out), and every number routes.
  expect(log.some((r) => r.status === 429)).toBe(true);
  expect(
    groups.flat().filter((n) => emu.current.emulator.routingOf(n).activeAgent !== SEED_IDS.agents.support),
  ).toEqual([]);
}, 400_000);
