// The provider's own config: CheckConfig names each bad setting (and keeps the key a secret),
// DiffConfig replaces the resources when the key or origin reaches another organization, and
// Configure hands the settings to the lifecycle.
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type { PhoneNumberRoutingProvider } from "../lifecycle";
import { warn } from "../messages";
import { readSettings, SETTINGS, unknownSettings } from "../settings";
import { configText, explicitProvider, type Plain, plain, SECRET_SIG, struct, typeProblem } from "./convert";
import { otherOrganization } from "./organizations";
import { PACKAGE } from "./schema";

const TYPE_WORDS = { string: "text", integer: "a whole number", boolean: "true or false" } as const;

export function checkConfig(req: provproto.CheckRequest): provproto.CheckResponse {
  const news = plain(req.getNews());
  const provider = explicitProvider(req.getUrn());
  const where = (name: string) =>
    provider ? `the ${name} input of provider "${provider}"` : `the stack config wassist:${name}`;
  for (const [key, closest] of unknownSettings(Object.keys(news)))
    warn(
      `${where(key)} is not a setting of the wassist provider and is ignored; did you mean ${provider ? closest : `wassist:${closest}`}?`,
    );
  const failures: provproto.CheckFailure[] = [];
  // Each setting read on its own, so that each bad one is named (the environment's are checked
  // when the provider is configured). The engine prints a failing property's value beside its
  // reason, so a secret setting's failure names no property: its value is never shown.
  for (const [name, setting] of Object.entries(SETTINGS)) {
    const fail = (reason: string) =>
      failures.push(
        new provproto.CheckFailure().setProperty("secret" in setting ? "" : name).setReason(reason),
      );
    const wrongType = typeProblem(news[name]);
    if (wrongType) {
      fail(`${where(name)} is ${wrongType}; it must be ${TYPE_WORDS[setting.type]}`);
      continue;
    }
    const text = configText(news[name]);
    if (text === undefined || text.trim() === "") continue;
    try {
      setting.parse(text, provider ? `the ${name} input of provider "${provider}"` : setting.key);
    } catch (err) {
      fail((err as Error).message);
    }
  }
  // The key is kept as a secret in the provider's state, however it was set.
  const inputs: Plain = { ...news };
  if (typeof news.apiKey === "string")
    inputs.apiKey = { [SECRET_SIG.key]: SECRET_SIG.value, value: news.apiKey };
  return new provproto.CheckResponse().setInputs(struct(inputs)).setFailuresList(failures);
}

export async function diffConfig(req: provproto.DiffRequest): Promise<provproto.DiffResponse> {
  const olds = plain(req.getOldInputs() ?? req.getOlds());
  const news = plain(req.getNews());
  const changed = Object.keys(SETTINGS).filter((name) => configText(olds[name]) !== configText(news[name]));
  const response = new provproto.DiffResponse();
  response.setChanges(
    changed.length > 0
      ? provproto.DiffResponse.DiffChanges.DIFF_SOME
      : provproto.DiffResponse.DiffChanges.DIFF_NONE,
  );
  response.setDiffsList(changed);
  // Another organization's key (or origin): the resources move by replacement.
  const reaching = changed.filter((name) => name === "apiKey" || name === "baseUrl");
  if (reaching.length === 0) return response;
  const provider = explicitProvider(req.getUrn());
  const settingsOf = (inputs: Plain) => {
    try {
      return readSettings((key) => configText(inputs[key.replace(`${PACKAGE}:`, "")]), process.env, provider);
    } catch {
      return undefined;
    }
  };
  const [before, after] = [settingsOf(olds), settingsOf(news)];
  if (before && after && (await otherOrganization(before, after))) response.setReplacesList(reaching);
  return response;
}

export function configure(
  core: PhoneNumberRoutingProvider,
  req: provproto.ConfigureRequest,
): provproto.ConfigureResponse {
  // `args` holds each setting as a typed value (secrets wrapped); engines before it sent only
  // `variables`, each setting as text keyed `wassist:config:<name>`.
  const args = req.getArgs() ? plain(req.getArgs()) : undefined;
  const variables = req.getVariablesMap();
  core.configureFrom(
    (key) =>
      args
        ? configText(args[key.replace(`${PACKAGE}:`, "")])
        : variables.get(key.replace(`${PACKAGE}:`, `${PACKAGE}:config:`)),
    explicitProvider(req.getUrn()),
  );
  // No secrets in: the engine keeps an input's secretness on the outputs of the same name.
  return new provproto.ConfigureResponse()
    .setAcceptsecrets(false)
    .setAcceptresources(false)
    .setSupportspreview(false);
}
