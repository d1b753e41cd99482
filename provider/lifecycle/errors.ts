// What the lifecycle refuses and how it says so: the texts of its refusals, the error that keeps a
// resource in state, which failures certainly wrote nothing, and a refused write or key rephrased
// with what the person can do about it.

import { ActionableError } from "../messages";
import type { RoutingInputs } from "../resource/args";
import type { RoutingSnapshot } from "../resource/state";
import { keyAdvice, type ProviderSettings } from "../settings";
import { hasStatus, WassistHttpError } from "../wassist/errors";

export const GONE =
  "the number is no longer on the Wassist account; run `pulumi refresh` to drop it from the stack";

/** Why a number cannot be created: it is not on the key's organization. */
export function notOnAccount(number: string): string {
  return `creating routing of ${number}: ${number} is not a number of this Wassist account (the organization of the API key); check the number, or the key in wassist:apiKey / WASSIST_API_KEY`;
}

/** Why a resource cannot be updated: its number is not on the organization of its provider. */
export function goneOnUpdate(number: string, provider: string | undefined): string {
  return provider
    ? `updating routing of ${number}: ${number} is not on the Wassist account of provider "${provider}": either the number left the account (run \`pulumi refresh\` to drop it from the stack), or the resource moved to this provider from another organization's, and this organization does not have the number (give the resource its provider back)`
    : `updating routing of ${number}: ${GONE}`;
}

/** Why a number cannot be imported: it is not on the key's organization. */
export function notImportable(number: string): string {
  return `importing ${number}: ${number} is not a number of this Wassist account (the organization of the API key); check the number (digits only, E.164 without +), or the key in wassist:apiKey / WASSIST_API_KEY. \`wassist-discover\` lists the account's numbers`;
}

/**
 * A number paused in the dashboard with its agent or webhook still attached: a state the API
 * cannot make (its unsubscribe drops both), so "restore" cannot put it back whole. Says so, and
 * what restoring will do; undefined for any other routing.
 */
export function pausedWithTarget(number: string, previous: RoutingSnapshot | undefined): string | undefined {
  if (previous?.routing !== "none") return undefined;
  const target = previous.webhookId
    ? `webhook ${previous.webhookId}`
    : previous.agentId
      ? `agent ${previous.agentId}`
      : undefined;
  if (!target) return undefined;
  return `${number} is paused with ${target} still attached (a state only the Wassist dashboard can make): onDelete "restore" will pause it with nothing attached (the API's unsubscribe drops the target), so re-attach ${target} in the dashboard afterwards if it should stay`;
}

/** An error that keeps the resource in state ("created but failed to initialise"). */
export class InitializationError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[],
  ) {
    super(message);
  }
}

/** Statuses after which the write certainly did not happen. */
export function certainlyNotApplied(err: unknown): boolean {
  return err instanceof WassistHttpError && err.status < 500 && !hasStatus(err, 408, 429);
}

/** A key Wassist refused (401), with the advice of where it came from and how to set it. */
export function withKeyAdvice(err: unknown, settings: ProviderSettings | undefined): unknown {
  return hasStatus(err, 401) ? err.advise(keyAdvice(settings?.apiKeySource, settings?.provider)) : err;
}

/** A refused write, rephrased with what the person can do about it. */
export function explain(err: unknown, isSandbox: boolean, desired: RoutingInputs): unknown {
  if (!(err instanceof WassistHttpError)) return err;
  if (isSandbox && err.status === 400) {
    return new ActionableError(
      `${err.message}. ${desired.number} is a shared sandbox number: its routing is managed by Wassist and may not be changed by API keys (at most your own conversation with it follows your routing). Declare a business number instead, or remove this resource`,
      { cause: err },
    );
  }
  if (err.status === 403 || err.status === 404) {
    const target =
      desired.routing === "webhook"
        ? `webhook ${desired.webhookId}`
        : desired.routing === "agent"
          ? `agent ${desired.agentId}`
          : undefined;
    if (target)
      return new ActionableError(
        `${err.message}: is ${target} an id of this organization (or shared with it)?`,
        { cause: err },
      );
  }
  return err;
}
