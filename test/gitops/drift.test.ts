// wassist-drift's reading of the engine's events, for the steps the engine suite does not make
// (a number new in the code, one removed from it, one gone from the account, a replacement), in
// the shape `pulumi preview --refresh` emits them (test/engine/drift.e2e.test.ts runs the real one).
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { expect, test } from "vitest";
import { DYNAMIC_TYPE } from "../../provider/dynamic/phoneNumberRouting";
import {
  jsonReport,
  markdownReport,
  type Row,
  reportedRows,
  rowsOf,
  sameRouting,
  shown,
  statusOf,
  summaryOf,
  upText,
} from "../../provider/gitops/drift";

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

const agent = (id: string) => ({ routing: "agent", webhookId: null, agentId: id });
const none = { routing: "none", webhookId: null, agentId: null };

test("the same routing: mode and both ids equal; a missing one equals only a missing one, 'gone' only 'gone'", () => {
  expect(sameRouting(webhook("wh-crm"), webhook("wh-crm"))).toBe(true);
  expect(sameRouting(webhook("wh-crm"), webhook("wh-zendesk"))).toBe(false);
  expect(sameRouting(agent("ag-sales"), agent("ag-support"))).toBe(false);
  expect(sameRouting(none, { ...none, routing: "webhook" })).toBe(false);
  expect(sameRouting(null, null)).toBe(true);
  expect(sameRouting("gone", "gone")).toBe(true);
  for (const [a, b] of [
    [null, none],
    [none, null],
    ["gone", none],
    [none, "gone"],
    [null, "gone"],
    ["gone", null],
  ] as const)
    expect(sameRouting(a, b)).toBe(false);
});

test("rows: one per resource, by number then by name; a read after its pre event keeps what it read; other events are not rows", () => {
  const at = (number: string, routing: Record<string, unknown>) => ({ number, ...routing });
  const rows = rowsOf([
    {
      sequence: 0,
      timestamp: 0,
      diagnosticEvent: { message: "hello", severity: "info" },
    } as unknown as EngineEvent,
    step("resOutputsEvent", "refresh", "b-sales", at("447700900200", webhook("wh-crm")), {
      outputs: at("447700900200", agent("ag-sales")),
    }),
    // The refresh's pre event arriving after its outputs does not undo the read.
    step("resourcePreEvent", "refresh", "b-sales", at("447700900200", webhook("wh-crm"))),
    step("resOutputsEvent", "refresh", "z-support", at("447700900100", none), {
      outputs: at("447700900100", none),
    }),
    step("resOutputsEvent", "refresh", "a-support", at("447700900100", none), {
      outputs: at("447700900100", none),
    }),
    // A step the report does not know (a read of an existing resource) makes no step.
    step("resourcePreEvent", "read", "a-support", at("447700900100", none), {
      inputs: at("447700900100", none),
    }),
  ]);
  expect(rows.map((r) => [r.resource, r.number, r.up, r.drifted])).toEqual([
    ["a-support", "447700900100", "none", false],
    ["z-support", "447700900100", "none", false],
    ["b-sales", "447700900200", "none", true],
  ]);
  expect(rows[2]).toStrictEqual({
    resource: "b-sales",
    urn: urn("b-sales"),
    // Without a step, the type is read from the URN.
    type: TYPE,
    number: "447700900200",
    live: agent("ag-sales"),
    stack: webhook("wh-crm"),
    code: null,
    drifted: true,
    codeChanged: true,
    up: "none",
  });
});

test("rows without a refresh (a plain preview): the stack's routing is the step's old state, live is the stack's", () => {
  const recorded = { number: "447700900100", ...webhook("wh-crm"), onDelete: "unsubscribe" };
  const rows = rowsOf([
    step("resourcePreEvent", "update", "support", recorded, {
      inputs: { number: "447700900100", routing: "agent", agentId: "ag-sales" },
    }),
    step(
      "resourcePreEvent",
      "delete",
      "sales",
      { number: "447700900200", ...none },
      {
        inputs: { number: "447700900200", ...agent("ag-sales") },
      },
    ),
  ]);
  expect(
    rows.map((r) => ({ resource: r.resource, live: r.live, stack: r.stack, code: r.code, up: r.up })),
  ).toEqual([
    {
      resource: "support",
      live: webhook("wh-crm"),
      stack: webhook("wh-crm"),
      code: agent("ag-sales"),
      up: "update",
    },
    // A delete declares nothing, whatever its event carries; its policy defaults to restore.
    { resource: "sales", live: none, stack: none, code: null, up: "delete" },
  ]);
  expect(rows[1]?.onDelete).toStrictEqual({ policy: "restore", previous: null });
  expect(upText(rows[1] as (typeof rows)[0], names)).toBe(
    "stop managing it and give back its routing before adoption, — (onDelete restore)",
  );
  expect(upText({ ...(rows[1] as (typeof rows)[0]), onDelete: undefined }, names)).toBe(
    "stop managing it and give back its routing before adoption, — (onDelete restore)",
  );
  expect(
    upText({ ...(rows[1] as (typeof rows)[0]), onDelete: { policy: "unsubscribe", previous: null } }, names),
  ).toBe("stop managing it and unroute it (onDelete unsubscribe)");
});

test("a replacement's first step wins over the parts that follow it", () => {
  const recorded = { number: "447700900100", ...webhook("wh-crm") };
  const rows = rowsOf([
    step("resourcePreEvent", "create-replacement", "support", recorded, {
      inputs: { number: "447700900100", ...agent("ag-sales") },
    }),
    step(
      "resourcePreEvent",
      "replace",
      "support",
      { number: "447700900999", ...none },
      {
        inputs: { number: "447700900999", ...agent("ag-other") },
      },
    ),
  ]);
  expect(rows).toMatchObject([{ up: "replace", number: "447700900100", code: agent("ag-sales") }]);
});

test("code changed: an update that only changes other settings is not a routing change; a no-op step whose code differs is", () => {
  const recorded = { number: "447700900100", ...webhook("wh-crm"), onDelete: "restore" };
  const [settingsOnly] = rowsOf([
    step("resOutputsEvent", "refresh", "support", recorded, { inputs: recorded, outputs: recorded }),
    step("resourcePreEvent", "update", "support", recorded, { inputs: { ...recorded, onDelete: "retain" } }),
  ]);
  expect(settingsOnly).toMatchObject({ up: "update", codeChanged: false, drifted: false });
  expect(statusOf([settingsOnly as Row])).toBe("code-not-applied");
  expect(upText(settingsOnly as Row, names)).toBe("update the resource's other settings");
  const [ignored] = rowsOf([
    step("resOutputsEvent", "refresh", "support", recorded, { inputs: recorded, outputs: recorded }),
    step("resourcePreEvent", "same", "support", recorded, { inputs: { ...recorded, ...agent("ag-sales") } }),
  ]);
  expect(ignored).toMatchObject({ up: "none", codeChanged: true, drifted: false });
  expect(statusOf([ignored as Row])).toBe("code-not-applied");
  expect(upText(ignored as Row, names)).toBe("nothing");
  expect(upText({ ...(ignored as Row), drifted: true }, names)).toBe(
    "nothing in Wassist (it routes as the code says); the stack records the live routing",
  );
});

test("the status: any drift is drift; else any change is code not applied; the report lists only those rows", () => {
  const base = { number: "447700900100", ...webhook("wh-crm") };
  const rows = rowsOf([
    step("resOutputsEvent", "refresh", "quiet", base, { outputs: base }),
    step("resourcePreEvent", "same", "quiet", base, { inputs: base }),
    step(
      "resOutputsEvent",
      "refresh",
      "moved",
      { ...base, number: "447700900200" },
      {
        outputs: { ...base, number: "447700900200", ...agent("ag-sales") },
      },
    ),
    step(
      "resourcePreEvent",
      "same",
      "moved",
      { ...base, number: "447700900200" },
      {
        inputs: { ...base, number: "447700900200" },
      },
    ),
  ]);
  expect(statusOf(rows)).toBe("drift");
  expect(statusOf(rows.slice(0, 1))).toBe("in-sync");
  expect(reportedRows(rows).map((r) => r.resource)).toEqual(["moved"]);
  const changing = { ...(rows[0] as Row), up: "update" as const, codeChanged: false };
  expect(statusOf([rows[0] as Row, changing])).toBe("code-not-applied");
  expect(reportedRows([rows[0] as Row, changing])).toEqual([changing]);
});

test("the summary line counts numbers, one or many, and what up would change beside the drift", () => {
  const r = (over: Partial<Row>) => ({ drifted: false, up: "none", ...over }) as Row;
  expect(summaryOf("prod", "in-sync", [])).toBe(
    "stack prod is in sync: Wassist, the stack and the code agree",
  );
  expect(summaryOf("prod", "code-not-applied", [r({ up: "create" })])).toBe(
    "stack prod has code not applied: `pulumi up` would change 1 number; no drift",
  );
  expect(summaryOf("prod", "code-not-applied", [r({ up: "create" }), r({ up: "delete" }), r({})])).toBe(
    "stack prod has code not applied: `pulumi up` would change 2 numbers; no drift",
  );
  expect(summaryOf("prod", "drift", [r({ drifted: true }), r({})])).toBe(
    "stack prod has drifted: Wassist routes 1 number differently from the stack",
  );
  expect(summaryOf("prod", "drift", [r({ drifted: true }), r({ drifted: true, up: "update" })])).toBe(
    "stack prod has drifted: Wassist routes 2 numbers differently from the stack; `pulumi up` would change 1 number",
  );
});

test("the Markdown report: heading, summary, and a table whose cells escape the pipe of a target's name", () => {
  const recorded = { number: "447700900100", ...agent("ag-pipe") };
  const rows = rowsOf([
    step("resOutputsEvent", "refresh", "support", recorded, { outputs: { ...recorded, ...none } }),
    step("resourcePreEvent", "same", "support", recorded, { inputs: recorded }),
  ]);
  expect(markdownReport("prod", "drift", rows, new Map([["ag-pipe", "Sales | EMEA"]]))).toBe(
    [
      "## Wassist routing of stack `prod`: drift",
      "",
      "stack prod has drifted: Wassist routes 1 number differently from the stack.",
      "",
      "| resource | number | live in Wassist | stack | code | `pulumi up` would |",
      "| --- | --- | --- | --- | --- | --- |",
      '| support | 447700900100 | none | agent "Sales \\| EMEA" | agent "Sales \\| EMEA" | nothing in Wassist (it routes as the code says); the stack records the live routing |',
      "",
    ].join("\n"),
  );
});

test("the JSON report: every reported row with its routings named where Wassist names the target", () => {
  const recorded = { number: "447700900100", ...webhook("wh-crm") };
  const rows = rowsOf([
    step("resOutputsEvent", "refresh", "support", recorded, { outputs: recorded }),
    step("resourcePreEvent", "update", "support", recorded, {
      inputs: { ...recorded, ...agent("ag-unnamed") },
    }),
  ]);
  expect(jsonReport("prod", "code-not-applied", rows, names)).toStrictEqual({
    stack: "prod",
    status: "code-not-applied",
    exitCode: 2,
    summary: "stack prod has code not applied: `pulumi up` would change 1 number; no drift",
    numbers: [
      {
        resource: "support",
        urn: urn("support"),
        type: TYPE,
        number: "447700900100",
        live: { ...webhook("wh-crm"), targetName: "CRM intake" },
        stack: { ...webhook("wh-crm"), targetName: "CRM intake" },
        code: { ...agent("ag-unnamed"), targetName: null },
        drifted: false,
        codeChanged: true,
        up: "update",
        upText: "route it to agent ag-unnamed",
      },
    ],
  });
  expect(jsonReport("prod", "in-sync", [], names)).toMatchObject({ exitCode: 0, numbers: [] });
});

test("a routing shown: none, or a mode without a target, is its mode; a dynamic resource's type is read from its URN", () => {
  expect(shown(none, names)).toBe("none");
  expect(shown({ ...none, webhookId: "wh-crm" }, names)).toBe("none");
  expect(shown({ routing: "webhook", webhookId: null, agentId: null }, names)).toBe("webhook");
  expect(shown(null, names)).toBe("—");
  const dynamicUrn = `urn:pulumi:prod::routing::${DYNAMIC_TYPE}::support`;
  const recorded = { number: "447700900100", ...none };
  const [row] = rowsOf([
    {
      sequence: 0,
      timestamp: 0,
      resOutputsEvent: {
        metadata: {
          op: "refresh",
          urn: dynamicUrn,
          type: DYNAMIC_TYPE,
          old: { outputs: recorded },
          new: { outputs: recorded },
        },
      },
    } as unknown as EngineEvent,
  ]);
  expect(row).toMatchObject({ type: DYNAMIC_TYPE, resource: "support", up: "none", drifted: false });
  expect(jsonReport("prod", "drift", [{ ...(row as Row), drifted: true }], names)).toMatchObject({
    numbers: [{ live: { ...none, targetName: null } }],
  });
});
