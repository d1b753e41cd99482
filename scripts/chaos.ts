// The chaos run (`npm run chaos`, and a smaller N in the test suite): the real engine routes N
// numbers while the emulator answers a share of requests with 503, bursts of 429 with
// Retry-After, and dropped connections; then an `up` is killed with SIGKILL midway and run again.
// Every number must converge, and no number may be left routed somewhere the stack does not
// record.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type RunningEmulator, startEmulator } from "../emulator/index";
import { PhoneNumberRouting } from "../provider/index";
import { createStack } from "./harness/engine";
import { freshNumbers, routedTo, routesAsDeclared } from "./harness/fixtures";
import { isPulumiCli, processesIn } from "./harness/processes";
import { emulatorConfig } from "./harness/stackConfig";

export interface ChaosReport {
  n: number;
  firstUp: { seconds: number; changes: Record<string, number>; faultsInjected: number; requests: number };
  killedAfterWrites: number;
  /** How the killed `up` ended as its caller saw it ("failed: …" when the kill landed). */
  killedUp: string;
  recovery: { steps: string[]; seconds: number; changes: Record<string, number> };
  converged: boolean;
  strays: string[];
  finalPreview: Record<string, number>;
}

/**
 * Puts the newest readable earlier checkpoint back in place of a checkpoint that a killed run left
 * unreadable: the file backend's `.pulumi/stacks/<project>/<stack>.json.bak`, else the newest of
 * `.pulumi/backups/<project>/<stack>/*.json` (the kill can cut the `.bak` copy short too), each
 * with its `.attrs` metadata file.
 * Returns the file restored, relative to the backend directory.
 */
export function restoreCheckpointBackup(backend: string): string {
  const stacks = join(backend, ".pulumi", "stacks");
  const readable = (file: string) => {
    try {
      return "checkpoint" in JSON.parse(readFileSync(join(backend, file), "utf8"));
    } catch {
      return false;
    }
  };
  for (const project of readdirSync(stacks)) {
    for (const current of readdirSync(join(stacks, project)).filter((f) => f.endsWith(".json"))) {
      const stack = current.slice(0, -".json".length);
      const backups = join(".pulumi", "backups", project, stack);
      const older = existsSync(join(backend, backups))
        ? readdirSync(join(backend, backups))
            .filter((f) => f.endsWith(".json"))
            .map((f) => join(backups, f))
            .sort((x, y) => statSync(join(backend, y)).mtimeMs - statSync(join(backend, x)).mtimeMs)
        : [];
      const source = [join(".pulumi", "stacks", project, `${current}.bak`), ...older].find(readable);
      if (source) {
        const target = join(stacks, project, current);
        copyFileSync(join(backend, source), target);
        // The blob store keeps metadata beside each file (`.attrs`); a kill can leave that empty
        // too, which reads as the same EOF. Take the backup's, or none (then defaults apply).
        if (existsSync(join(backend, `${source}.attrs`)))
          copyFileSync(join(backend, `${source}.attrs`), `${target}.attrs`);
        else rmSync(`${target}.attrs`, { force: true });
        return source;
      }
    }
  }
  throw new Error(`no readable earlier checkpoint under ${backend}`);
}

export async function runChaos(
  emu: RunningEmulator,
  n: number,
  log: (line: string) => void = () => {},
): Promise<ChaosReport> {
  const numbers = freshNumbers(n);
  const present = new Set(emu.emulator.data.phoneNumbers.map((p) => p.number));
  for (const number of numbers) if (!present.has(number)) emu.emulator.addPhoneNumber({ number });
  const untouched = emu.emulator.data.phoneNumbers
    .filter((p) => !numbers.includes(p.number))
    .map((p) => [p.number, JSON.stringify(emu.emulator.routingOf(p.number))]);
  let flip = 0;

  const engine = await createStack({
    program: async () => {
      for (const [i, number] of numbers.entries()) {
        new PhoneNumberRouting(`n${number}`, routedTo(number, i + flip));
      }
      return {};
    },
    config: emulatorConfig(emu, { maxRetries: "10", rateLimit: "0" }),
  });
  const chaos = { errorRate: 0.2, rateLimitRate: 0.05, retryAfterSeconds: 1, dropRate: 0.03, seed: 42 };
  const matches = () =>
    numbers.every((number, i) => routesAsDeclared(emu.emulator.routingOf(number), i + flip));
  try {
    // 1. up under faults.
    emu.emulator.setChaos(chaos);
    emu.emulator.clearRequests();
    let started = Date.now();
    const up = await engine.stack.up();
    const seen = emu.emulator.requests();
    const faultsInjected = seen.log.filter(
      (r) => r.status === 0 || r.status === 503 || r.status === 429,
    ).length;
    const firstUp = {
      seconds: (Date.now() - started) / 1000,
      changes: up.summary.resourceChanges ?? {},
      faultsInjected,
      requests: seen.total,
    };
    log(`up of ${n} numbers under chaos: ${JSON.stringify(firstUp)}; converged: ${matches()}`);

    // 2. an up of every number changed, killed with SIGKILL after a third of the writes.
    flip = 1;
    emu.emulator.clearRequests();
    const interrupted = engine.stack.up().then(
      () => "finished",
      (err: Error) => `failed: ${err.message.split("\n")[0]}`,
    );
    const writes = () =>
      emu.emulator.requests().log.filter((r) => r.method === "POST" && r.status === 200).length;
    const deadline = Date.now() + 120_000;
    while (writes() < Math.ceil(n / 3) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const killedAfterWrites = writes();
    const pids = processesIn(engine.dir);
    const cli = pids.find((pid) => isPulumiCli(pid, engine.cli));
    // The CLI first, as a crash would; then its plugins, which would otherwise linger.
    for (const pid of [cli, ...pids.filter((p) => p !== cli)]) if (pid) process.kill(pid, "SIGKILL");
    const killedUp = await interrupted;
    log(`killed pulumi (pid ${cli}) after ${killedAfterWrites} writes: ${killedUp}`);

    // 3. recovery, as documented: refresh (clearing pending creates), then up.
    started = Date.now();
    const steps: string[] = [];
    // The killed CLI left its lock on the stack (file backend); `pulumi cancel` removes it.
    // (If the kill landed before the lock was taken or after it was released, there is none.)
    const cancel = () =>
      engine.stack.cancel().then(
        () => "cancel",
        (err: Error) => `cancel: ${/error: (.*)/.exec(err.message)?.[1] ?? err.message.split("\n")[0]}`,
      );
    steps.push(await cancel());
    const refresh = await engine.stack.refresh({ clearPendingCreates: true }).catch(async (err: Error) => {
      if (!err.message.includes("failed to load checkpoint")) throw err;
      // The kill cut the checkpoint write short; the file backend keeps the previous one.
      steps.push(`restore ${restoreCheckpointBackup(join(engine.dir, "state"))}`);
      // The refresh that failed to load the checkpoint had taken the lock and left it.
      steps.push(await cancel());
      return engine.stack.refresh({ clearPendingCreates: true }).catch((again: Error) => {
        const files = execFileSync("find", [
          join(engine.dir, "state"),
          "-type",
          "f",
          "-printf",
          "%s %P\\n",
        ]).toString();
        throw new Error(`${again.message}\nstate files after restoring:\n${files}`);
      });
    });
    steps.push(`refresh --clear-pending-creates: ${JSON.stringify(refresh.summary.resourceChanges)}`);
    const again = await engine.stack.up();
    steps.push(`up: ${JSON.stringify(again.summary.resourceChanges)}`);
    const recovery = {
      steps,
      seconds: (Date.now() - started) / 1000,
      changes: again.summary.resourceChanges ?? {},
    };
    emu.emulator.setChaos(undefined);
    const finalPreview = (await engine.stack.preview()).changeSummary ?? {};
    const state = (await engine.stack.exportStack()).deployment.resources.filter((r: { type: string }) =>
      r.type.endsWith("PhoneNumberRouting"),
    );
    const recorded = new Set(state.map((r: { id: string }) => r.id));
    const strays = [
      ...numbers.filter((number) => !recorded.has(number)),
      ...untouched
        .filter(([number, before]) => JSON.stringify(emu.emulator.routingOf(number as string)) !== before)
        .map(([number]) => number as string),
    ];
    const report = {
      n,
      firstUp,
      killedAfterWrites,
      killedUp,
      recovery,
      converged: matches(),
      strays,
      finalPreview,
    };
    log(
      `recovery: ${steps.join("; ")}; converged: ${report.converged}; numbers not recorded or changed outside the stack: ${strays.length}`,
    );
    return report;
  } finally {
    emu.emulator.setChaos(undefined);
    await engine.stack.destroy().catch(() => undefined);
    await engine.cleanup();
  }
}

if (require.main === module) {
  const { values } = parseArgs({ options: { n: { type: "string", default: "50" } } });
  (async () => {
    const emu = await startEmulator({ port: 0, rateLimit: 1_000_000 });
    try {
      const report = await runChaos(emu, Number(values.n), (line) => console.log(line));
      console.log(JSON.stringify(report, null, 2));
      const ok =
        report.converged &&
        report.strays.length === 0 &&
        Object.keys(report.finalPreview).every((k) => k === "same");
      console.log(ok ? "chaos: OK" : "chaos: FAILED");
      process.exitCode = ok ? 0 : 1;
    } finally {
      await emu.close();
    }
  })();
}
