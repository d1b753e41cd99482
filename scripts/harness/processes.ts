// The engine's processes, read from /proc (Linux): what the chaos run kills, what the cancel test
// waits on, and what the benchmark samples for memory. Only processes working in a directory of
// our own (a stack's temporary directory) are ever listed, so other programs are never touched.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** Processes whose working directory is `dir`: the pulumi CLI and the plugins it started there. */
export function processesIn(dir: string): number[] {
  const pids: number[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`) === dir) pids.push(Number(pid));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

function commandLine(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return [];
  }
}

/** Whether `pid` runs the pulumi CLI binary at `cli`. */
export function isPulumiCli(pid: number, cli: string): boolean {
  return commandLine(pid)[0] === cli;
}

/** The dynamic-provider processes (Node.js running @pulumi/pulumi's cmd/dynamic-provider) working in `dir`. */
export function dynamicProvidersIn(dir: string): number[] {
  return processesIn(dir).filter((pid) =>
    commandLine(pid).some((arg) => arg.includes("cmd/dynamic-provider")),
  );
}

/** The `wassist` provider plugin's processes (bin/pulumi-resource-wassist) working in `dir`. */
export function pluginProvidersIn(dir: string): number[] {
  return processesIn(dir).filter((pid) =>
    commandLine(pid).some((arg) => arg.endsWith("/pulumi-resource-wassist")),
  );
}

/** Peak resident memory (VmHWM) of `pid` in KiB, or undefined when it has ended. */
export function peakResidentKiB(pid: number): number | undefined {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return hwm ? Number(hwm[1]) : undefined;
  } catch {
    return undefined;
  }
}
