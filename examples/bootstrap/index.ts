// Bootstraps an environment: every number listed in a YAML manifest (stack config
// `wassist-bootstrap:manifest`) gets a PhoneNumberRouting. Bad entries fail `pulumi preview`
// with the entry's resource name and the property at fault.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { PhoneNumberRouting, type PhoneNumberRoutingArgs } from "pulumi-wassist";
import { parse } from "yaml";

const config = new pulumi.Config();
const manifestFile = config.get("manifest") ?? "numbers.yaml";
const manifest = parse(readFileSync(join(__dirname, manifestFile), "utf8")) as {
  numbers: (PhoneNumberRoutingArgs & { name: string })[];
};

const routed = manifest.numbers.map(
  ({ name, ...args }) => new PhoneNumberRouting(name, args as PhoneNumberRoutingArgs),
);

export const numbers = pulumi.all(
  routed.map((r) => pulumi.all([r.number, r.routing]).apply(([n, routing]) => `${n}: ${routing}`)),
);
