// Glue for the end-to-end suites: stack config pointing at the test emulator, and the pieces of
// engine output the assertions read.
import type { RunningEmulator } from "../../emulator/index";

export function emulatorConfig(
  emu: RunningEmulator,
  extra: Record<string, string> = {},
): Record<string, { value: string; secret?: boolean }> {
  return {
    "wassist:apiKey": { value: emu.apiKey, secret: true },
    "wassist:baseUrl": { value: emu.url },
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, { value: v }])),
  };
}

/** Collects the engine's streamed output of one operation. */
export function output(): { lines: string[]; onOutput: (line: string) => void; text: () => string } {
  const lines: string[] = [];
  return { lines, onOutput: (line) => lines.push(line), text: () => lines.join("") };
}

/** An out-of-band change, as a person in the Wassist dashboard would make it. */
export async function dashboardChange(
  emu: RunningEmulator,
  number: string,
  routing: "webhook" | "agent" | null,
  targetId?: string,
) {
  const res = await fetch(`${emu.url}/_emulator/phone-numbers/${number}/routing`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      routing,
      webhookId: routing === "webhook" ? targetId : undefined,
      agentId: routing === "agent" ? targetId : undefined,
    }),
  });
  if (!res.ok) throw new Error(`dashboard change failed: ${res.status}`);
}
