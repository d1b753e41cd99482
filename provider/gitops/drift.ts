// What `wassist-drift` reports, from the engine events of one `pulumi preview --refresh`: its
// refresh steps hold each routing as the stack recorded it (old outputs) and as Wassist has it
// now (new outputs), its update steps the routing the code declares (new inputs) and what
// `pulumi up` would do. One engine run answers both questions (has the live routing drifted from
// the stack? is there code not yet applied?) at the cost of one preview.
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { DYNAMIC_TYPE } from "../dynamic/phoneNumberRouting";
import { RESOURCE_TOKEN } from "../plugin/schema";

/** The type tokens of PhoneNumberRouting: the plugin's and the dynamic resource's. */
export const ROUTING_TYPES: readonly string[] = [RESOURCE_TOKEN, DYNAMIC_TYPE];

export interface Routing {
  routing: string;
  webhookId: string | null;
  agentId: string | null;
}

/** A routing as shown: its mode and, where Wassist gives one, its target's name. */
export interface ShownRouting extends Routing {
  targetName: string | null;
}

export type UpAction = "none" | "update" | "create" | "delete" | "replace";

export interface Row {
  /** The resource's name in the program. */
  resource: string;
  urn: string;
  type: string;
  number: string;
  /** As Wassist routes it now; null when the stack has no such resource yet, "gone" when the number left the account. */
  live: Routing | "gone" | null;
  /** As the stack recorded it; null for a resource the stack does not have yet. */
  stack: Routing | null;
  /** As the code declares it; null for a resource the code no longer declares. */
  code: Routing | null;
  drifted: boolean;
  codeChanged: boolean;
  up: UpAction;
  /** For `up: "delete"`: what the resource's onDelete gives back. */
  onDelete?: { policy: string; previous: Routing | null };
}

export type Status = "in-sync" | "code-not-applied" | "drift";

export const EXIT_CODES: Record<Status | "error", number> = {
  "in-sync": 0,
  "code-not-applied": 2,
  drift: 3,
  error: 1,
};

type StepState = { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> } | undefined;

function routingOf(values: Record<string, unknown> | undefined): Routing | null {
  if (!values || typeof values.routing !== "string") return null;
  const id = (key: string) => (typeof values[key] === "string" ? (values[key] as string) : null);
  return { routing: values.routing, webhookId: id("webhookId"), agentId: id("agentId") };
}

export function sameRouting(a: Routing | "gone" | null, b: Routing | "gone" | null): boolean {
  if (a === null || b === null || a === "gone" || b === "gone") return a === b;
  return a.routing === b.routing && a.webhookId === b.webhookId && a.agentId === b.agentId;
}

const digits = (value: unknown) => (typeof value === "string" ? value.replace(/\D/g, "") : "");

const UP_OPS: Record<string, UpAction> = {
  same: "none",
  update: "update",
  create: "create",
  delete: "delete",
  replace: "replace",
  "create-replacement": "replace",
  "delete-replaced": "replace",
  "discard-replaced": "replace",
};

type Refreshed = { old: StepState; new: StepState; read: boolean };
type Step = { op: UpAction; type: string; old: StepState; new: StepState };

/** What the refresh read of each resource, and the step `pulumi up` would take for it, by URN. */
function stepsOf(events: EngineEvent[]): { refreshed: Map<string, Refreshed>; steps: Map<string, Step> } {
  const refreshed = new Map<string, Refreshed>();
  const steps = new Map<string, Step>();
  for (const event of events) {
    const metadata = event.resourcePreEvent?.metadata ?? event.resOutputsEvent?.metadata;
    if (!metadata || !ROUTING_TYPES.includes(metadata.type)) continue;
    if (metadata.op === "refresh") {
      // The outputs event carries what the read returned; a pre event only what was recorded.
      if (event.resOutputsEvent || !refreshed.has(metadata.urn))
        refreshed.set(metadata.urn, { old: metadata.old, new: metadata.new, read: !!event.resOutputsEvent });
      continue;
    }
    const op = UP_OPS[metadata.op];
    if (op === undefined) continue;
    const known = steps.get(metadata.urn);
    // A replacement comes as several steps; "replace" wins over the parts that follow it.
    if (known && known.op === "replace") continue;
    steps.set(metadata.urn, {
      op,
      type: metadata.type,
      old: known?.old ?? metadata.old,
      new: op === "delete" ? undefined : (metadata.new ?? known?.new),
    });
  }
  return { refreshed, steps };
}

/** The row of one resource: its routing live, in the stack and in the code, and what `up` would do. */
function rowOf(urn: string, refresh: Refreshed | undefined, step: Step | undefined): Row {
  const recorded = refresh?.old?.outputs ?? (step?.op === "create" ? undefined : step?.old?.outputs);
  const stack = routingOf(recorded);
  const live = refresh?.read ? (routingOf(refresh.new?.outputs) ?? "gone") : stack;
  const code = step && step.op !== "delete" ? routingOf(step.new?.inputs) : null;
  const up = step?.op ?? "none";
  const row: Row = {
    resource: urn.slice(urn.lastIndexOf("::") + 2),
    urn,
    type: step?.type ?? (ROUTING_TYPES.find((t) => urn.includes(`::${t}::`)) as string),
    number: digits(recorded?.number) || digits(step?.new?.inputs?.number),
    live,
    stack,
    code,
    drifted: stack !== null && !sameRouting(live, stack),
    codeChanged: up !== "none" ? !(up === "update" && sameRouting(code, stack)) : !sameRouting(code, stack),
    up,
  };
  if (up === "delete" && recorded) {
    const previous = recorded.previousRouting as Record<string, unknown> | undefined;
    row.onDelete = { policy: String(recorded.onDelete ?? "restore"), previous: routingOf(previous) };
  }
  return row;
}

/** One row per PhoneNumberRouting the stack or the code has, from the events of `pulumi preview --refresh`. */
export function rowsOf(events: EngineEvent[]): Row[] {
  const { refreshed, steps } = stepsOf(events);
  const rows = [...new Set([...refreshed.keys(), ...steps.keys()])].map((urn) =>
    rowOf(urn, refreshed.get(urn), steps.get(urn)),
  );
  return rows.sort((a, b) => a.number.localeCompare(b.number) || a.resource.localeCompare(b.resource));
}

export function statusOf(rows: Row[]): Status {
  if (rows.some((r) => r.drifted)) return "drift";
  if (rows.some((r) => r.codeChanged || r.up !== "none")) return "code-not-applied";
  return "in-sync";
}

/** The rows a reviewer needs: numbers whose routing drifted or would change. */
export function reportedRows(rows: Row[]): Row[] {
  return rows.filter((r) => r.drifted || r.up !== "none" || r.codeChanged);
}

/** Target names by id, where Wassist gives one. */
export type TargetNames = ReadonlyMap<string, string>;

export function shown(routing: Routing | "gone" | null, names: TargetNames): string {
  if (routing === null) return "—";
  if (routing === "gone") return "not on the account";
  const id = routing.webhookId ?? routing.agentId;
  if (routing.routing === "none" || id === null) return routing.routing;
  const name = names.get(id);
  return name ? `${routing.routing} "${name}"` : `${routing.routing} ${id}`;
}

/** What `pulumi up` would do to the number, in words. */
export function upText(row: Row, names: TargetNames): string {
  switch (row.up) {
    case "create":
      return `adopt the number and route it to ${shown(row.code, names)}`;
    case "replace":
      return `replace the resource and route the number to ${shown(row.code, names)}`;
    case "delete": {
      const policy = row.onDelete?.policy ?? "restore";
      if (policy === "retain") return "stop managing it and leave its routing as it is (onDelete retain)";
      if (policy === "unsubscribe") return "stop managing it and unroute it (onDelete unsubscribe)";
      return `stop managing it and give back its routing before adoption, ${shown(row.onDelete?.previous ?? null, names)} (onDelete restore)`;
    }
    case "update":
      return sameRouting(row.code, row.live)
        ? "update the resource's other settings"
        : `route it to ${shown(row.code, names)}`;
    default:
      return row.drifted
        ? "nothing in Wassist (it routes as the code says); the stack records the live routing"
        : "nothing";
  }
}

const HEADINGS: Record<Status, string> = {
  "in-sync": "in sync",
  "code-not-applied": "code not applied",
  drift: "drift",
};

export function summaryOf(stack: string, status: Status, rows: Row[]): string {
  const drifted = rows.filter((r) => r.drifted).length;
  const changing = rows.filter((r) => r.up !== "none").length;
  const n = (count: number) => `${count} number${count === 1 ? "" : "s"}`;
  if (status === "in-sync") return `stack ${stack} is in sync: Wassist, the stack and the code agree`;
  if (status === "code-not-applied")
    return `stack ${stack} has code not applied: \`pulumi up\` would change ${n(changing)}; no drift`;
  return `stack ${stack} has drifted: Wassist routes ${n(drifted)} differently from the stack${
    changing > 0 ? `; \`pulumi up\` would change ${n(changing)}` : ""
  }`;
}

const cell = (text: string) => text.replaceAll("|", "\\|");

/** The Markdown report, for a pull-request comment or a job summary. */
export function markdownReport(stack: string, status: Status, rows: Row[], names: TargetNames): string {
  const lines = [
    `## Wassist routing of stack \`${stack}\`: ${HEADINGS[status]}`,
    "",
    `${summaryOf(stack, status, rows)}.`,
  ];
  const reported = reportedRows(rows);
  if (reported.length > 0) {
    lines.push(
      "",
      "| resource | number | live in Wassist | stack | code | `pulumi up` would |",
      "| --- | --- | --- | --- | --- | --- |",
      ...reported.map(
        (r) =>
          `| ${[
            r.resource,
            r.number,
            shown(r.live, names),
            shown(r.stack, names),
            shown(r.code, names),
            upText(r, names),
          ]
            .map(cell)
            .join(" | ")} |`,
      ),
    );
  }
  return `${lines.join("\n")}\n`;
}

function withName(routing: Routing | "gone" | null, names: TargetNames): (ShownRouting | "gone") | null {
  if (routing === null || routing === "gone") return routing;
  const id = routing.webhookId ?? routing.agentId;
  return { ...routing, targetName: id === null ? null : (names.get(id) ?? null) };
}

/** The same facts as the Markdown report, for machines. */
export function jsonReport(stack: string, status: Status, rows: Row[], names: TargetNames): object {
  return {
    stack,
    status,
    exitCode: EXIT_CODES[status],
    summary: summaryOf(stack, status, rows),
    numbers: reportedRows(rows).map((r) => ({
      resource: r.resource,
      urn: r.urn,
      type: r.type,
      number: r.number,
      live: withName(r.live, names),
      stack: withName(r.stack, names),
      code: withName(r.code, names),
      drifted: r.drifted,
      codeChanged: r.codeChanged,
      up: r.up,
      upText: upText(r, names),
    })),
  };
}
