// wassist-drift's reading of the engine's events, for the steps the engine suite does not make
// (a number new in the code, one removed from it, one gone from the account, a replacement), in
// the shape `pulumi preview --refresh` emits them (test/engine/drift.e2e.test.ts runs the real one).
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { expect, test } from "vitest";
import { jsonReport, markdownReport, rowsOf, statusOf, upText } from "../../provider/gitops/drift";

const TYPE = "wassist:index:PhoneNumberRouting";
const urn = (name: string) => `urn:pulumi:prod::routing::${TYPE}::${name}`;
const webhook = (id: string) => ({ routing: "webhook", webhookId: id, agentId: null });
const names = new Map([
  ["wh-crm", "CRM intake"],
  ["ag-sales", "Sales Bot"],
]);

function step(
  kind: "resourcePreEvent" | "resOutputsEvent",
  op: string,
  name: string,
  old?: Record<string, unknown>,
  next?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> },
): EngineEvent {
  const metadata = {
    op,
    urn: urn(name),
    type: TYPE,
    provider: "",
    old: old ? { inputs: old, outputs: old } : undefined,
    new: next,
  };
  return { sequence: 0, timestamp: 0, [kind]: { metadata } } as unknown as EngineEvent;
}

test("a number new in the code is code not applied: up adopts it", () => {
  const rows = rowsOf([
    step("resourcePreEvent", "create", "support", undefined, {
      inputs: { number: "+44 7700 900100", routing: "webhook", webhookId: "wh-crm" },
    }),
  ]);
  expect(statusOf(rows)).toBe("code-not-applied");
  expect(rows).toMatchObject([
    { resource: "support", number: "447700900100", stack: null, live: null, up: "create" },
  ]);
  expect(upText(rows[0] as (typeof rows)[0], names)).toBe(
    'adopt the number and route it to webhook "CRM intake"',
  );
  expect(markdownReport("prod", "code-not-applied", rows, names)).toContain(
    '| support | 447700900100 | — | — | webhook "CRM intake" | adopt the number and route it to webhook "CRM intake" |',
  );
});

test("a number removed from the code: up gives back what its onDelete says", () => {
  const recorded = {
    number: "447700900200",
    ...webhook("wh-crm"),
    onDelete: "restore",
    previousRouting: { routing: "agent", webhookId: null, agentId: "ag-sales" },
  };
  const events = [
    step("resourcePreEvent", "refresh", "sales", recorded),
    step("resOutputsEvent", "refresh", "sales", recorded, { inputs: recorded, outputs: recorded }),
    step("resourcePreEvent", "delete", "sales", recorded),
  ];
  const rows = rowsOf(events);
  expect(statusOf(rows)).toBe("code-not-applied");
  expect(rows).toMatchObject([{ up: "delete", code: null, drifted: false, codeChanged: true }]);
  expect(markdownReport("prod", "code-not-applied", rows, names)).toContain(
    '| sales | 447700900200 | webhook "CRM intake" | webhook "CRM intake" | — | stop managing it and give back its routing before adoption, agent "Sales Bot" (onDelete restore) |',
  );
  expect(
    upText({ ...(rows[0] as (typeof rows)[0]), onDelete: { policy: "retain", previous: null } }, names),
  ).toBe("stop managing it and leave its routing as it is (onDelete retain)");
});

test("a number that left the account is drift, shown as such", () => {
  const recorded = { number: "447700900300", routing: "none", webhookId: null, agentId: null };
  const rows = rowsOf([
    step("resourcePreEvent", "refresh", "paused", recorded),
    step("resOutputsEvent", "refresh", "paused", recorded, undefined),
    step("resourcePreEvent", "create", "paused", undefined, { inputs: recorded }),
  ]);
  expect(statusOf(rows)).toBe("drift");
  expect(rows).toMatchObject([{ live: "gone", drifted: true, up: "create" }]);
  expect(jsonReport("prod", "drift", rows, names)).toMatchObject({
    exitCode: 3,
    numbers: [{ live: "gone", stack: { routing: "none", targetName: null } }],
  });
  expect(markdownReport("prod", "drift", rows, names)).toContain(
    "| paused | 447700900300 | not on the account | none |",
  );
});

test("a replacement's steps make one row; resources of other types are not rows", () => {
  const recorded = { number: "447700900100", ...webhook("wh-crm") };
  const code = { inputs: { number: "447700900100", routing: "agent", agentId: "ag-sales" } };
  const rows = rowsOf([
    step("resourcePreEvent", "replace", "support", recorded, code),
    step("resourcePreEvent", "create-replacement", "support", recorded, code),
    step("resourcePreEvent", "delete-replaced", "support", recorded),
    {
      sequence: 1,
      timestamp: 0,
      resourcePreEvent: {
        metadata: { op: "create", urn: "urn:pulumi:prod::routing::aws:s3:Bucket::b", type: "aws:s3:Bucket" },
      },
    } as unknown as EngineEvent,
  ]);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ up: "replace", code: { routing: "agent", agentId: "ag-sales" } });
  expect(upText(rows[0] as (typeof rows)[0], names)).toBe(
    'replace the resource and route the number to agent "Sales Bot"',
  );
});

test("in sync: no rows, no table; a name unknown to Wassist shows the id", () => {
  const recorded = { number: "447700900100", ...webhook("wh-gone") };
  const events = [
    step("resOutputsEvent", "refresh", "support", recorded, { inputs: recorded, outputs: recorded }),
    step("resourcePreEvent", "same", "support", recorded, { inputs: recorded }),
  ];
  const rows = rowsOf(events);
  expect(statusOf(rows)).toBe("in-sync");
  expect(markdownReport("prod", "in-sync", rows, names)).toBe(
    "## Wassist routing of stack `prod`: in sync\n\nstack prod is in sync: Wassist, the stack and the code agree.\n",
  );
  const drifted = rowsOf([
    step("resOutputsEvent", "refresh", "support", recorded, {
      outputs: { ...recorded, webhookId: "wh-other" },
    }),
    step("resourcePreEvent", "update", "support", recorded, { inputs: recorded }),
  ]);
  expect(markdownReport("prod", "drift", drifted, names)).toContain(
    "| support | 447700900100 | webhook wh-other | webhook wh-gone | webhook wh-gone | route it to webhook wh-gone |",
  );
});
