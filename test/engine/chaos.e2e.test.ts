// The chaos run at a small N (the full N = 50 is `npm run chaos`): the real engine under 503s,
// 429 bursts with Retry-After and dropped connections, then an `up` killed with SIGKILL midway
// and recovered with refresh + up.
import { expect, test } from "vitest";
import { runChaos } from "../../scripts/chaos";
import { useEmulator } from "./../helpers/emulator";

const emu = useEmulator({ rateLimit: 1_000_000 });

test("every number converges through faults and an interrupted up; nothing is left unrecorded", async () => {
  const report = await runChaos(emu.current, 12, (line) => console.log(line));
  expect(report.firstUp.changes).toEqual({ create: 13 });
  expect(report.firstUp.faultsInjected).toBeGreaterThan(0);
  expect(report.killedAfterWrites).toBeGreaterThanOrEqual(4);
  expect(report.converged).toBe(true);
  expect(report.strays).toEqual([]);
  expect(report.finalPreview).toEqual({ same: 13 });
}, 600_000);
