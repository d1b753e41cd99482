// zod schemas for everything Wassist returns, and the one normalized shape the rest of the code
// sees. The docs and the SDK disagree on nested fields (plain id strings versus `{id, ...}`
// objects) and on list envelopes (bare arrays versus `{count, next, previous, results}`): both
// are accepted here so that nothing downstream has to care.
// The shapes themselves are plain interfaces in models.ts (the published types need nothing of
// zod); each schema's transform is annotated with its interface, so the compiler checks the two agree.
import { z } from "zod";
import { type Agent, API_ROUTINGS, type ApiRouting, type PhoneNumber, type Webhook } from "./models";
import { normalizeNumber } from "./numbers";

/** A reference that may come as an id string, an `{id, ...}` object, an empty string or null. */
const reference = z
  .union([z.string(), z.object({ id: z.union([z.string(), z.number()]) }).loose(), z.null()])
  .optional()
  .transform((value): string | null => {
    if (value == null || value === "") return null;
    return typeof value === "string" ? value : String(value.id);
  });

/** An agent or webhook reference: a uuid, in the one form the provider compares (lower case). */
const uuidReference = reference.transform((id) => id?.toLowerCase() ?? null);

export const phoneNumberSchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    // Compared with the declared number as digits: "+44 7700 900100" in an answer is 447700900100.
    number: z.union([z.string(), z.number()]).transform((v) => normalizeNumber(String(v))),
    whatsappPhoneNumberId: z
      .union([z.string(), z.number()])
      .nullish()
      .transform((v) => (v == null ? null : String(v))),
    whatsappBusinessAccount: reference,
    activeAgent: uuidReference,
    defaultRouting: z
      .enum(API_ROUTINGS)
      .nullish()
      .transform((v): ApiRouting => v ?? null),
    defaultWebhook: uuidReference,
    isSandbox: z
      .boolean()
      .nullish()
      .transform((v) => v ?? false),
  })
  .loose()
  .transform(
    (n): PhoneNumber => ({
      id: n.id,
      number: n.number,
      whatsappPhoneNumberId: n.whatsappPhoneNumberId,
      whatsappBusinessAccountId: n.whatsappBusinessAccount,
      activeAgentId: n.activeAgent,
      defaultRouting: n.defaultRouting,
      defaultWebhookId: n.defaultWebhook,
      isSandbox: n.isSandbox,
    }),
  );

export const agentSchema = z
  .object({ id: z.union([z.string(), z.number()]).transform(String), name: z.string().nullish() })
  .loose()
  .transform((a): Agent => ({ id: a.id, name: a.name ?? null }));

// The webhook object carries its signing `secret`: it is dropped here so that it can never reach
// state, logs or errors.
export const webhookSchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    name: z.string().nullish(),
    url: z.string().nullish(),
    active: z.boolean().nullish(),
    disabledAt: z.string().nullish(),
    disabledReason: z.string().nullish(),
  })
  .loose()
  .transform(
    (w): Webhook => ({
      id: w.id,
      name: w.name ?? null,
      url: w.url ?? null,
      active: w.active ?? true,
      disabledAt: w.disabledAt ?? null,
      disabledReason: w.disabledReason ?? null,
    }),
  );

/** A list page: a bare array (what `GET /phone-numbers/` really returns) or the documented envelope. */
export function listPage<T extends z.ZodType>(item: T) {
  return z.union([
    z
      .array(item)
      .transform((results) => ({ results, next: null as string | null, count: null as number | null })),
    z
      .object({ results: z.array(item), next: z.string().nullish(), count: z.number().nullish() })
      .loose()
      .transform((page) => ({ results: page.results, next: page.next ?? null, count: page.count ?? null })),
  ]);
}

/**
 * The error bodies Wassist sends: the documented `{error, code}`, DRF's `{detail}`, a
 * `{message}`, or DRF's per-field map `{"webhookId": ["..."]}`. Returns a sentence and a code.
 */
export function describeErrorBody(body: unknown): {
  message?: string;
  code?: string;
  retryAfterSeconds?: number;
} {
  if (body == null || typeof body !== "object") {
    if (typeof body !== "string" || body.trim() === "") return {};
    return { message: body.trim(), retryAfterSeconds: throttleTextWait(body) };
  }
  const record = body as Record<string, unknown>;
  const code = typeof record.code === "string" ? record.code : undefined;
  const retryAfter = Number(record.retry_after ?? record.retryAfter);
  const fieldWait = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
  for (const key of ["error", "detail", "message"]) {
    const value = record[key];
    if (typeof value === "string" && value !== "")
      return { message: value, code, retryAfterSeconds: fieldWait ?? throttleTextWait(value) };
  }
  const retryAfterSeconds = fieldWait;
  const fieldErrors = Object.entries(record)
    .filter(([key]) => key !== "code")
    .map(([key, value]) => {
      const texts = Array.isArray(value) ? value.filter((v) => typeof v === "string") : [value];
      return texts.length > 0 && texts.every((t) => typeof t === "string")
        ? `${key}: ${texts.join(" ")}`
        : null;
    })
    .filter((line): line is string => line !== null);
  return { message: fieldErrors.length > 0 ? fieldErrors.join("; ") : undefined, code, retryAfterSeconds };
}

/** The wait in Django REST Framework's throttle text: "… Expected available in 12 seconds." */
function throttleTextWait(text: string): number | undefined {
  const match = /expected available in (\d+(?:\.\d+)?) seconds?/i.exec(text);
  const seconds = match ? Number(match[1]) : Number.NaN;
  return seconds > 0 ? seconds : undefined;
}

/** "defaultRouting: Invalid option …" for the first problems of a failed parse. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(body)"}: ${issue.message}`)
    .join("; ");
}
