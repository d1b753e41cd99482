// Glue for the end-to-end suites: engine stacks cleaned up after each test, stack config pointing
// at the test emulator, programs, and the pieces of engine output the assertions read.
import { PhoneNumberRouting as PluginPhoneNumberRouting } from "pulumi-wassist/plugin";
import { afterEach } from "vitest";
import { PhoneNumberRouting, type PhoneNumberRoutingArgs } from "../../provider/index";
import { createStack, type EngineStack, type StackOptions } from "./engine";

export { dashboardChange } from "./fixtures";
export { emulatorConfig } from "./stackConfig";

/** Collects the engine's streamed output of one operation. */
export function output(): { lines: string[]; onOutput: (line: string) => void; text: () => string } {
  const lines: string[] = [];
  return { lines, onOutput: (line) => lines.push(line), text: () => lines.join("") };
}

/**
 * An inline program of the Automation API runs in this process and reaches the engine over gRPC.
 * On a busy machine its first call now and then fails before anything is registered, with
 * grpc-js's "14 UNAVAILABLE: No connection established" on the program's stack resource (a known
 * transport failure of inline programs, not a behaviour of the provider): such an operation is
 * run once more, and said so on stderr. Any other failure is the test's.
 */
function retryLostEngineConnection(stack: EngineStack["stack"]): void {
  const lost = /14 UNAVAILABLE: No connection established/;
  for (const op of ["up", "preview", "refresh", "destroy"] as const) {
    const original = (stack[op] as (...args: unknown[]) => Promise<unknown>).bind(stack);
    (stack as unknown as Record<string, unknown>)[op] = async (...args: unknown[]) => {
      try {
        return await original(...args);
      } catch (err) {
        if (!lost.test(String((err as Error).message))) throw err;
        console.error(`${op}: the inline program lost its connection to the engine; running it once more`);
        return original(...args);
      }
    };
  }
}

/** Engine stacks for one test file; each is removed (state and temporary files) after its test. */
export function useStacks(): { create(options: StackOptions): Promise<EngineStack> } {
  const open: EngineStack[] = [];
  afterEach(async () => {
    for (const stack of open.splice(0)) await stack.cleanup();
  });
  return {
    create: async (options) => {
      const stack = await createStack(options);
      open.push(stack);
      retryLostEngineConnection(stack.stack);
      return stack;
    },
  };
}

/** The two shells around the one lifecycle: the suites that run on both take one of these. */
export const SHELLS = [
  { name: "dynamic resource", plugin: false, Resource: PhoneNumberRouting },
  { name: "provider plugin", plugin: true, Resource: PluginPhoneNumberRouting },
] as const;
export type Shell = (typeof SHELLS)[number];

/** A program that declares `routes` (read when the engine runs it, so tests may change it between runs). */
export function routesProgram(
  routes: () => Record<string, PhoneNumberRoutingArgs>,
  Resource: Shell["Resource"] = PhoneNumberRouting,
): () => Promise<Record<string, unknown>> {
  return async () => {
    for (const [name, args] of Object.entries(routes())) new Resource(name, args);
    return {};
  };
}

/** An explicit `wassist` provider: the plugin's generated SDK's Provider class. */
export { Provider as WassistProvider } from "pulumi-wassist/plugin";
