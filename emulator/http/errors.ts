// HTTP errors with Django REST Framework's bodies, as Wassist sends them: `{error, code}` for the
// API's own refusals, `{detail}` for DRF's, and DRF's per-field map for a bad body
// (`{"webhookId": ["This field is required."]}`), built with zod's flattenError.
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { StoreError, type StoreErrorKind } from "../store";

export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly body: Record<string, unknown>,
  ) {
    super(typeof body.error === "string" ? body.error : JSON.stringify(body));
  }
}

const STATUS_OF: Record<StoreErrorKind, ContentfulStatusCode> = {
  not_found: 404,
  permission_denied: 403,
  sandbox_number: 400,
  conflict: 409,
};

/** DRF's `{detail: "Not found."}`, for paths that match no route or no number. */
export const notFoundDetail = () => new HttpError(404, { detail: "Not found." });

/** The status and body of an error thrown while serving a request. */
export function answerFor(err: unknown): { status: ContentfulStatusCode; body: Record<string, unknown> } {
  if (err instanceof HttpError) return { status: err.status, body: err.body };
  if (err instanceof StoreError)
    return { status: STATUS_OF[err.kind], body: { error: err.message, code: err.kind } };
  if (err instanceof z.ZodError) return { status: 400, body: fieldErrors(err) };
  return { status: 500, body: { error: "Internal server error", code: "server_error" } };
}

/** DRF's per-field error map; problems with the body as a whole go under `non_field_errors`. */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const { formErrors, fieldErrors: fields } = z.flattenError(error);
  return {
    ...Object.fromEntries(
      Object.entries(fields).filter((entry): entry is [string, string[]] => entry[1] !== undefined),
    ),
    ...(formErrors.length > 0 ? { non_field_errors: formErrors } : {}),
  };
}
