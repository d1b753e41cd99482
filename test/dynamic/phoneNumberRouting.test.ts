// The resource class under Pulumi's own mocks (pulumi.runtime.setMocks): what it registers with
// the engine, and the one-number-one-resource check, without a CLI.
import * as pulumi from "@pulumi/pulumi";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { optionWarnings, PhoneNumberRouting } from "../../provider/dynamic/phoneNumberRouting";
import { PROVIDER_SHIM } from "../../provider/dynamic/shim";
import { OUTPUT_KEYS } from "../../provider/resource/outputs";

type Registered = { type: string; name: string; inputs: Record<string, unknown> };
let registered: Registered[] = [];

beforeEach(async () => {
  registered = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: { ...args.inputs, numberId: "uuid-of-the-number" } };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    false,
  );
});

afterEach(() => {
  registered = [];
});

/** The PhoneNumberRouting resources registered (not the stack). */
const routings = () => registered.filter((r) => r.type !== "pulumi:pulumi:Stack");

/** The value of an output under mocks. */
const resolved = <T>(output: pulumi.Output<T>): Promise<T> =>
  new Promise((resolve) => output.apply((value) => resolve(value)));

/** Runs `program` as a stack would (with a Stack resource), returning its error, if any. */
async function inStack(program: () => PhoneNumberRouting[]): Promise<Error | undefined> {
  try {
    await pulumi.runtime.runInPulumiStack(async () => {
      // The program's outputs: their urns, which wait for every registration.
      return { urns: program().map((resource) => resource.urn) };
    });
    return undefined;
  } catch (err) {
    return err as Error;
  }
}

describe("PhoneNumberRouting", () => {
  test("registers the dynamic type with the provider shim, the args, and every output", async () => {
    const routing = new PhoneNumberRouting("support", {
      number: "+1 (415) 555-0101",
      routing: "webhook",
      webhookId: "11111111-1111-4111-8111-111111111111",
    });
    expect(await resolved(routing.urn)).toContain("support");
    expect(routings()).toHaveLength(1);
    const [resource] = routings();
    expect(resource?.type).toBe("pulumi-nodejs:dynamic/wassist:PhoneNumberRouting");
    expect(resource?.name).toBe("support");
    expect(resource?.inputs.__provider).toBe(PROVIDER_SHIM);
    expect(resource?.inputs.number).toBe("+1 (415) 555-0101");
    expect(resource?.inputs.webhookId).toBe("11111111-1111-4111-8111-111111111111");
    // Every output is an Output on the object, also those no input names.
    for (const key of OUTPUT_KEYS) expect(pulumi.Output.isInstance(routing[key]), key).toBe(true);
    expect(await resolved(routing.numberId)).toBe("uuid-of-the-number");
    expect(await resolved(routing.number)).toBe("+1 (415) 555-0101");
  });

  test("two resources with one number (in any spelling) fail at once, naming both", async () => {
    const err = await inStack(() => {
      return [
        new PhoneNumberRouting("first", { number: "+1 415 555 0101", routing: "none" }),
        new PhoneNumberRouting("second", { number: "14155550101", routing: "none" }),
      ];
    });
    expect(err?.message).toContain(
      'PhoneNumberRouting "second" declares the number 14155550101, which PhoneNumberRouting "first" declares already',
    );
  });

  test("two numbers, or one resource constructed again under its own name, are fine", async () => {
    const err = await inStack(() => {
      const first = new PhoneNumberRouting("one", { number: "14155550101", routing: "none" });
      return [first, new PhoneNumberRouting("other", { number: "14155550102", routing: "none" })];
    });
    expect(err).toBeUndefined();
    expect(routings().map((r) => r.name)).toEqual(expect.arrayContaining(["one", "other"]));
  });

  test("a number from another resource's output is checked once it is known", async () => {
    // The check runs in an apply, whose error Pulumi's runtime reports as the program's failure
    // (an unhandled rejection): caught here instead of by the test runner.
    const rejections: unknown[] = [];
    const listeners = process.rawListeners("unhandledRejection");
    process.removeAllListeners("unhandledRejection");
    process.on("unhandledRejection", (reason) => rejections.push(reason));
    try {
      const err = await inStack(() => [
        new PhoneNumberRouting("first", { number: "14155550101", routing: "none" }),
        new PhoneNumberRouting("second", { number: pulumi.output("+14155550101"), routing: "none" }),
      ]);
      expect(err).toBeUndefined();
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.removeAllListeners("unhandledRejection");
      for (const listener of listeners)
        process.on("unhandledRejection", listener as NodeJS.UnhandledRejectionListener);
    }
    // One error (Pulumi's output chain rejects its several promises with it).
    expect(new Set(rejections.map((r) => (r as Error).message))).toEqual(
      new Set([
        'PhoneNumberRouting "second" declares the number 14155550101, which PhoneNumberRouting "first" declares already: a number has one routing, so keep one of the two resources',
      ]),
    );
  });

  test("each stack run has its own list: a second run may declare the same numbers", async () => {
    const program = () => [new PhoneNumberRouting("first", { number: "14155550101", routing: "none" })];
    expect(await inStack(program)).toBeUndefined();
    expect(await inStack(program)).toBeUndefined();
  });

  test("without a stack (plain mocks, as unit tests of user programs run) there is no check", async () => {
    new PhoneNumberRouting("first", { number: "14155550101", routing: "none" });
    const second = new PhoneNumberRouting("second", { number: "14155550101", routing: "none" });
    expect(await resolved(second.urn)).toContain("second");
  });
});

describe("warnings in the program", () => {
  test("each unknown wassist:* config key, with the closest setting, once per run; the options' warnings on the resource", async () => {
    const warn = vi.spyOn(pulumi.log, "warn").mockResolvedValue();
    pulumi.runtime.setAllConfig({
      "wassist:apikey": "wsk_x",
      "wassist:baseUrl": "http://127.0.0.1:1",
      "aws:region": "x",
    });
    try {
      const err = await inStack(() => [
        new PhoneNumberRouting("one", { number: "14155550101", routing: "none" }, { retainOnDelete: true }),
        new PhoneNumberRouting(
          "two",
          { number: "14155550102", routing: "none", onDelete: "retain" },
          { ignoreChanges: ["agentId"] },
        ),
      ]);
      expect(err).toBeUndefined();
      // Once per run however many resources; each option's warning is logged on its resource.
      expect(
        warn.mock.calls.map(([message, resource]) => [message.split(": ")[0], resource !== undefined]),
      ).toEqual([
        [
          "the stack config wassist:apikey is not a setting of the wassist provider and is ignored; did you mean wassist:apiKey?",
          false,
        ],
        ['PhoneNumberRouting "one"', true],
        ['PhoneNumberRouting "two"', true],
      ]);
      expect(warn.mock.calls[2]?.[0]).toMatch(
        /^PhoneNumberRouting "two": ignoreChanges on agentId does not keep/,
      );
    } finally {
      warn.mockRestore();
      pulumi.runtime.setAllConfig({});
    }
  });
});

describe("what Pulumi's resource options do to the resource, said in the program", () => {
  test("retainOnDelete with onDelete restore or unsubscribe: onDelete would never run", () => {
    expect(optionWarnings("sales", {}, { retainOnDelete: true }, false)).toEqual([
      'PhoneNumberRouting "sales": retainOnDelete keeps Pulumi from calling delete, so onDelete "restore" never runs: removing the resource leaves the number routed as declared and forgets its original routing (previousRouting). Set onDelete: "retain" to say so, or drop retainOnDelete to let onDelete run',
    ]);
    expect(optionWarnings("sales", { onDelete: "unsubscribe" }, { retainOnDelete: true }, true)[0]).toMatch(
      /onDelete "unsubscribe" never runs/,
    );
    expect(optionWarnings("sales", { onDelete: "retain" }, { retainOnDelete: true }, true)).toEqual([]);
    expect(optionWarnings("sales", {}, { retainOnDelete: false, protect: true }, true)).toEqual([]);
  });

  test("ignoreChanges on routing inputs: said for the dynamic resource only, naming the inputs", () => {
    const opts = { ignoreChanges: ["routing", "applyToExisting", "agentId"] };
    expect(optionWarnings("support", {}, opts, true)).toEqual([
      "PhoneNumberRouting \"support\": ignoreChanges on routing, agentId does not keep a routing changed in the Wassist dashboard: the dynamic resource's diff compares Wassist's live routing with the stack (Pulumi's dynamic providers are not told about ignoreChanges), so the next `pulumi up` writes the stack's routing back. The provider plugin (pulumi-wassist/plugin) refreshes before each diff, so there ignoreChanges keeps the dashboard's routing",
    ]);
    expect(optionWarnings("support", {}, opts, false)).toEqual([]);
    expect(optionWarnings("support", {}, { ignoreChanges: ["onDelete"] }, true)).toEqual([]);
  });
});
