// Between the engine's messages and the lifecycle's values: config values as the settings read
// them (secrets unwrapped, typed values as text), the wrong types named, and which URNs name an
// explicit provider. A failed call's gRPC form is test/plugin/server.test.ts's (as the engine gets it).
import { expect, test } from "vitest";
import {
  configText,
  explicitProvider,
  SECRET_SIG,
  struct,
  typeProblem,
  unwrapSecret,
} from "../../provider/plugin/convert";

const secret = (value: unknown) => ({ [SECRET_SIG.key]: SECRET_SIG.value, value });

test("a config value as text: secrets unwrapped, typed values in JSON, nothing for a missing or null one", () => {
  expect(configText("wsk_x")).toBe("wsk_x");
  expect(configText(secret("wsk_x"))).toBe("wsk_x");
  expect(configText(100)).toBe("100");
  expect(configText(false)).toBe("false");
  expect(configText(secret(3))).toBe("3");
  expect(configText(undefined)).toBeUndefined();
  expect(configText(null)).toBeUndefined();
  expect(configText(secret(null))).toBeUndefined();
  expect(configText(secret(undefined))).toBeUndefined();
});

test("only Pulumi's own marker makes a secret: another object is kept as it is", () => {
  const lookalike = { [SECRET_SIG.key]: "something else", value: "x" };
  expect(unwrapSecret(lookalike)).toBe(lookalike);
  expect(unwrapSecret({ value: "x" })).toEqual({ value: "x" });
  expect(unwrapSecret(null)).toBeNull();
  expect(configText(lookalike)).toBe(JSON.stringify(lookalike));
});

test("a map or a list where a setting's text, number or flag is meant is named; a secret's contents too", () => {
  expect(typeProblem({ a: 1 })).toBe("a map");
  expect(typeProblem([1])).toBe("a list");
  expect(typeProblem(secret({ a: 1 }))).toBe("a map");
  expect(typeProblem(secret("wsk_x"))).toBeUndefined();
  for (const fine of ["x", 1, true, null, undefined]) expect(typeProblem(fine)).toBeUndefined();
});

test("an explicit provider is named by its URN; default providers (default, default_<version>) are not", () => {
  const urn = (name: string) => `urn:pulumi:dev::p::pulumi:providers:wassist::${name}`;
  expect(explicitProvider(urn("staging"))).toBe("staging");
  expect(explicitProvider(urn("defaults"))).toBe("defaults");
  expect(explicitProvider(urn("my_default"))).toBe("my_default");
  expect(explicitProvider(urn("default"))).toBeUndefined();
  expect(explicitProvider(urn("default_0_1_0"))).toBeUndefined();
  expect(explicitProvider(urn(""))).toBeUndefined();
  expect(explicitProvider(undefined)).toBeUndefined();
  expect(explicitProvider("")).toBeUndefined();
});

test("a Struct holds no undefined values", () => {
  expect(struct({ a: 1, b: undefined, c: { d: undefined, e: "x" } }).toJavaScript()).toEqual({
    a: 1,
    c: { e: "x" },
  });
});
