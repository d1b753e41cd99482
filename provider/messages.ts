// What the provider tells the person running Pulumi. The dynamic-provider process's stderr is
// shown by the Pulumi CLI (3.146+), so plain lines on stderr reach `pulumi preview`/`up` output;
// the provider plugin sends them to the engine's log instead (setMessageSink).
// Nothing secret is ever passed here.
import { WassistApiError } from "./wassist/errors";

export type Severity = "info" | "warning";
type Sink = (severity: Severity, message: string) => void;

const toStderr: Sink = (severity, message) =>
  process.stderr.write(`${severity === "warning" ? "warning: " : ""}pulumi-wassist: ${message}\n`);
let sink: Sink = toStderr;

/**
 * Where messages go instead of stderr: the provider plugin sends them to the engine's log (the
 * engine hides a plugin's stderr), under the resource they are about. Undefined: stderr again.
 */
export function setMessageSink(next: Sink | undefined): void {
  sink = next ?? toStderr;
}

export function warn(message: string): void {
  sink("warning", message);
}

export function info(message: string): void {
  sink("info", message);
}

/** An error of the provider whose message says all the person needs (no stack trace is worth showing). */
export class ActionableError extends Error {
  override name = "ActionableError";
}

/**
 * Prepares an expected error for Pulumi's dynamic-provider host, which prints an error thrown by
 * check, diff, read or delete to stderr as `${error}: ${error.stack}` before it returns it to the
 * engine (which shows it under the resource). That stderr line becomes a short pointer instead of
 * a second copy of the message with a stack trace. Other errors (bugs) keep their stack.
 */
export function forTheEngine(err: unknown, doing: string): unknown {
  if (!(err instanceof WassistApiError || err instanceof ActionableError)) return err;
  Object.defineProperty(err, "stack", {
    value: `${doing} failed; the error is shown under the resource`,
    configurable: true,
  });
  Object.defineProperty(err, "toString", { value: () => "pulumi-wassist", configurable: true });
  return err;
}
