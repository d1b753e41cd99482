// Numbers and their targets come from stack config (`wassist-basic:routes`), so each
// environment's stack file says where its numbers route, and a pull request shows the change.
import * as pulumi from "@pulumi/pulumi";
import { PhoneNumberRouting, type PhoneNumberRoutingArgs } from "pulumi-wassist";

type Route = PhoneNumberRoutingArgs & { name: string };

const config = new pulumi.Config();
const routes = config.requireObject<Route[]>("routes");

const resources = routes.map(
  ({ name, ...args }) => new PhoneNumberRouting(name, args as PhoneNumberRoutingArgs),
);

export const numbers = resources.map((r) => ({
  number: r.number,
  routing: r.routing,
  previousRouting: r.previousRouting,
}));
