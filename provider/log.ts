// What the provider tells the person running Pulumi. The dynamic-provider process's stderr is
// shown by the Pulumi CLI (3.146+), so plain lines on stderr reach `pulumi preview`/`up` output.
// Nothing secret is ever passed here.

export function warn(message: string): void {
  process.stderr.write(`warning: pulumi-wassist: ${message}\n`);
}

export function info(message: string): void {
  process.stderr.write(`pulumi-wassist: ${message}\n`);
}
