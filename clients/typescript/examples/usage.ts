/**
 * What a frontend does with the client; compiled with `tsc --strict --noEmit` by
 * tests/test_typescript_client.py, so it breaks when the API changes under it.
 */
import { createBlpClient, isProblem, type Problem, type Schemas } from "../src/index.js";

type Company = Schemas["registry.CompanyRead"];
type Cohort = Schemas["assessment.CohortRead"];
type Journey = Schemas["CompanyJourney"];

/** A token for an API client (OAuth2 client credentials, form-encoded). */
export async function signIn(baseUrl: string, clientId: string, secret: string): Promise<string> {
  const response = await fetch(`${baseUrl}/v1/auth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: secret,
    }),
  });
  const body: unknown = await response.json();
  if (!response.ok) {
    throw new Error(isProblem(body) ? describe(body) : `token: HTTP ${response.status}`);
  }
  return (body as { access_token: string }).access_token;
}

/** A problem as a person reads it: its title, detail and each invalid field. */
export function describe(problem: Problem): string {
  const fields = (problem.errors ?? []).map((e) => `${e.in}.${e.field}: ${e.message}`);
  const rule = problem.rule ? ` [${problem.rule}]` : "";
  return [`${problem.status} ${problem.title}${rule}`, problem.detail ?? "", ...fields]
    .filter(Boolean)
    .join("\n");
}

/** Every company matching `words`, page by page (keyset cursors). */
export async function searchCompanies(baseUrl: string, token: string, words: string) {
  const blp = createBlpClient(baseUrl, token);
  const found: Company[] = [];
  let cursor: string | undefined;
  do {
    const { data, error } = await blp.GET("/v1/registry/companies", {
      params: { query: { q: words, kind: "local", limit: 50, cursor } },
    });
    if (error) {
      throw new Error(describe(error)); // every error status is a Problem
    }
    found.push(...data.items);
    cursor = data.next_cursor ?? undefined;
    if (!data.total_is_exact) {
      console.log(`about ${data.total} companies`);
    }
  } while (cursor);
  return found.map((c) => `${c.display_name} (${c.kind}, ${c.region ?? "?"})`);
}

/** One cohort, or null when it does not exist; other problems are reported by field. */
export async function readCohort(baseUrl: string, token: string, cohortId: string) {
  const blp = createBlpClient(baseUrl, () => token);
  const { data, error, response } = await blp.GET("/v1/assessment/cohorts/{cohort_id}", {
    params: { path: { cohort_id: cohortId } },
  });
  if (error) {
    if (error.status === 404) {
      return null;
    }
    if (error.status === 422) {
      for (const invalid of error.errors ?? []) {
        console.error(`${invalid.field} (${invalid.code}): ${invalid.message}`);
      }
    }
    throw new Error(`${describe(error)} (request ${error.request_id ?? "?"})`);
  }
  const cohort: Cohort = data;
  const etag = response.headers.get("ETag"); // what a later PATCH sends as If-Match
  return { name: cohort.name, status: cohort.status, selected: cohort.selected_count, etag };
}

/** A company's whole journey in one call; parts a service could not give are marked. */
export async function companyOverview(baseUrl: string, token: string, companyId: string) {
  const blp = createBlpClient(baseUrl, token);
  const { data, error } = await blp.GET("/v1/companies/{company_id}/journey", {
    params: { path: { company_id: companyId } },
  });
  if (error) {
    throw new Error(describe(error));
  }
  const journey: Journey = data;
  const lines: string[] = [];
  if (journey.profile.status === "ok") {
    lines.push(journey.profile.data.display_name);
  }
  if (journey.certifications.status === "ok") {
    const verified = journey.certifications.data.items.filter((c) => c.status === "verified");
    lines.push(`${verified.length} verified certifications`);
  } else {
    lines.push(`certifications: ${journey.certifications.status}`); // e.g. "unavailable"
  }
  if (journey.assessment_reports.status === "ok") {
    lines.push(...journey.assessment_reports.data.map((r) => `report: ${r.href}`));
  }
  return lines;
}

/**
 * What the types refuse. Each line below must be a type error: if the generated types ever
 * decayed to `any` or `unknown`, `@ts-expect-error` would be unused and the compile fails.
 */
export async function refusedByTheTypes(baseUrl: string, token: string, companyId: string) {
  const blp = createBlpClient(baseUrl, token);
  // @ts-expect-error: a path the API does not have
  await blp.GET("/v1/registry/company");
  // @ts-expect-error: the path parameter is required
  await blp.GET("/v1/registry/companies/{company_id}", {});
  const { data, error } = await blp.GET("/v1/registry/companies/{company_id}", {
    params: { path: { company_id: companyId } },
  });
  // @ts-expect-error: data is undefined until the error is ruled out
  data.display_name;
  // @ts-expect-error: a Problem's status is a number
  const status: string | undefined = error?.status;
  const journey = await blp.GET("/v1/companies/{company_id}/journey", {
    params: { path: { company_id: companyId } },
  });
  if (journey.data) {
    // @ts-expect-error: a part's data exists only once its status is "ok"
    journey.data.linkages.data;
    if (journey.data.linkages.status === "ok") {
      // @ts-expect-error: a linkage page's items have no such field
      journey.data.linkages.data.items[0]?.no_such_field;
    }
  }
  // @ts-expect-error: the body of a company needs its kind and names
  await blp.POST("/v1/registry/companies", { body: {} });
}
