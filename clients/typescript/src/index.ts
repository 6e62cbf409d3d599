/**
 * A typed client for the BLP platform API behind the gateway.
 *
 * `schema.d.ts` is generated from the gateway's merged OpenAPI document (`make client`); this
 * file only wires it to openapi-fetch, so every call is checked against the document:
 * paths, path and query parameters, bodies, and the `data` / `error` of each answer
 * (`error` is a `Problem`, RFC 9457, on every error status).
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";

import type { components, operations, paths } from "./schema.js";

export type { components, operations, paths };

/** Every named schema of the API, e.g. `Schemas["registry.CompanyRead"]`. */
export type Schemas = components["schemas"];

/** The body of every error answer (`application/problem+json`). */
export type Problem = components["schemas"]["Problem"];

/** One invalid input of a 422 `Problem` (`problem.errors`). */
export type ProblemFieldError = components["schemas"]["ProblemFieldError"];

/** The client `createBlpClient` returns: `GET`, `POST`, `PATCH`, ... over `paths`. */
export type BlpClient = Client<paths>;

/** A bearer token, or a function that returns the current one (tokens expire; refresh it). */
export type TokenSource = string | (() => string | undefined | Promise<string | undefined>);

/**
 * A client for the gateway at `baseUrl` (e.g. `http://localhost:8080`), sending `token` as
 * `Authorization: Bearer ...` on every call when given. Get a token with
 * `POST /v1/auth/token` (OAuth2 client credentials).
 */
export function createBlpClient(baseUrl: string, token?: TokenSource): BlpClient {
  const client = createClient<paths>({ baseUrl: baseUrl.replace(/\/+$/, "") });
  if (token !== undefined) {
    client.use(bearer(token));
  }
  return client;
}

function bearer(token: TokenSource): Middleware {
  return {
    async onRequest({ request }) {
      const value = typeof token === "function" ? await token() : token;
      if (value) {
        request.headers.set("Authorization", `Bearer ${value}`);
      }
      return request;
    },
  };
}

/** Whether `value` is a problem document (narrows an `unknown` caught error, for instance). */
export function isProblem(value: unknown): value is Problem {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { type?: unknown }).type === "string" &&
    typeof (value as { status?: unknown }).status === "number"
  );
}
