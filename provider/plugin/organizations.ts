// Which Wassist organization a provider configuration reaches. The API has no "who am I": a key
// belongs to one organization, and an organization's numbers are its own (the shared sandbox
// number aside), so two configurations reach the same organization when their numbers lists share
// a number. DiffConfig asks this when a provider's key or origin changes, and when a resource moves
// to another provider instance (the engine asks the new provider's DiffConfig): another
// organization means replacement — the old organization gets its routing back (per onDelete) and
// the new one adopts the number.
import { createHash } from "node:crypto";
import { clientOf, type ProviderSettings } from "../settings";

/** The ids of the organization's own numbers (not the sandbox), or undefined when they cannot be read. */
async function ownNumberIds(settings: ProviderSettings): Promise<Set<string> | undefined> {
  if (!settings.apiKey) return undefined;
  const client = clientOf(settings);
  try {
    const numbers = await client.listPhoneNumbers();
    return new Set(numbers.filter((n) => !n.isSandbox).map((n) => n.id));
  } catch {
    // A key refused or unreachable (a rotated key, revoked already): nothing can be told.
    return undefined;
  } finally {
    await client.close();
  }
}

/**
 * True when `after` reaches another organization than `before`: both numbers lists read, and not
 * one of `before`'s own numbers among `after`'s. False when they share one, or when either cannot
 * be read (a key rotation whose old key is revoked stays an in-place change).
 */
export function otherOrganization(before: ProviderSettings, after: ProviderSettings): Promise<boolean> {
  if (before.apiKey === after.apiKey && before.baseUrl === after.baseUrl) return Promise.resolve(false);
  // The engine asks once per resource that moves: the two lists are read once per pair of keys.
  const pair = createHash("sha256")
    .update(JSON.stringify([before.baseUrl, before.apiKey, after.baseUrl, after.apiKey]))
    .digest("hex");
  let answer = answers.get(pair);
  if (!answer) {
    answer = (async () => {
      const [was, is] = await Promise.all([ownNumberIds(before), ownNumberIds(after)]);
      if (!was || !is || was.size === 0) return false;
      return ![...was].some((id) => is.has(id));
    })();
    answers.set(pair, answer);
  }
  return answer;
}

const answers = new Map<string, Promise<boolean>>();
