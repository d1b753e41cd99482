// The provider's own config: CheckConfig names each bad setting (and keeps the key a secret),
// DiffConfig replaces the resources when the key or origin reaches another organization, and
// Configure hands the settings to the lifecycle.
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type { RoutingLifecycle } from "../lifecycle";
import { warn } from "../messages";
import { readSettings, SETTINGS, type SettingName, settingProblems, unknownSettings } from "../settings";
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
  // Each bad setting is named (the environment's are checked when the provider is configured).
  // The engine prints a failing property's value beside its reason, so a secret setting's
  // failure names no property: its value is never shown.
  const fail = (name: SettingName, reason: string) =>
    new provproto.CheckFailure().setProperty("secret" in SETTINGS[name] ? "" : name).setReason(reason);
  const names = Object.keys(SETTINGS) as SettingName[];
  const wrongType = names.filter((name) => typeProblem(news[name]) !== undefined);
  const failures = [
    ...wrongType.map((name) =>
      fail(
        name,
        `${where(name)} is ${typeProblem(news[name])}; it must be ${TYPE_WORDS[SETTINGS[name].type]}`,
      ),
    ),
    ...settingProblems((key) => {
      const name = key.slice(`${PACKAGE}:`.length) as SettingName;
      return wrongType.includes(name) ? undefined : configText(news[name]);
    }, provider).map(({ name, reason }) => fail(name, reason)),
  ];
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
  core: RoutingLifecycle,
  req: provproto.ConfigureRequest,
): provproto.ConfigureResponse {
  // `args` holds each setting as a typed value (secrets wrapped); engines before it sent only
  // `variables`, each setting as text keyed `wassist:config:<name>`.
  const args = req.getArgs() ? plain(req.getArgs()) : undefined;
  const variables = req.getVariablesMap();
  core.configure(
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
