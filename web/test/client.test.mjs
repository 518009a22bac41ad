// Unit tests of the browser client with a recorded fetch: node --test web/test/client.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError, SrsConnectClient, orderFieldOf, orderFromForm } from "../srs-connect-client.js";

function recorder(status, body, headers = {}) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    const type = headers["Content-Type"] ?? (status >= 400 ? "application/problem+json" : "application/json");
    return new Response(body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body),
      { status, headers: { "Content-Type": type, ...headers } });
  };
  return { calls, client: new SrsConnectClient({ baseUrl: "https://api.example.ch/", getToken: async () => "jwt-1", fetch }) };
}

test("calls carry the bearer token, JSON bodies and the query, without empty parameters", async () => {
  const { calls, client } = recorder(200, { methods: [] });
  await client.listMethods({ jurisdiction: "ZERTES", loa: 4, issuer: "" });
  assert.equal(calls[0].url, "https://api.example.ch/methods?jurisdiction=ZERTES&loa=4");
  assert.equal(calls[0].init.headers.Authorization, "Bearer jwt-1");
  assert.equal(calls[0].init.body, undefined);

  const placed = recorder(201, { id: "i-1" });
  await placed.client.placeOrder({ issuer: "test", method: "video" }, { idempotencyKey: "k-1" });
  assert.equal(placed.calls[0].init.method, "POST");
  assert.equal(placed.calls[0].init.headers["Idempotency-Key"], "k-1");
  assert.equal(placed.calls[0].init.headers["Content-Type"], "application/json");
  assert.deepEqual(JSON.parse(placed.calls[0].init.body), { issuer: "test", method: "video" });
});

test("path parameters are encoded: a msisdn's + and an id", async () => {
  const { calls, client } = recorder(200, {});
  await client.termsStatus("+41791234567");
  await client.refresh("a/b");
  assert.equal(calls[0].url, "https://api.example.ch/evidence/%2B41791234567/terms/status");
  assert.equal(calls[1].url, "https://api.example.ch/identifications/a%2Fb/refresh");
});

test("a problem+json answer becomes an ApiError with field errors keyed by the API's field", async () => {
  const problem = { type: "urn:srs-connect:problem:invalid-request", title: "Invalid request", status: 400,
    errors: [{ field: "person.dob", message: "must be in the past" }, { field: "msisdn", message: "must be E.164" },
      { field: "person.dob", message: "must be a real date" }] };
  const { client } = recorder(400, problem);
  const e = await client.placeOrder({}).catch((x) => x);
  assert.ok(e instanceof ApiError);
  assert.equal(e.status, 400);
  assert.deepEqual(e.fieldErrors, { "person.dob": "must be in the past; must be a real date", msisdn: "must be E.164" });
  assert.equal(e.problem.title, "Invalid request");
});

test("Retry-After is read, and an answer that is not JSON still becomes an ApiError", async () => {
  const limited = recorder(429, { title: "Too many", status: 429 }, { "Retry-After": "30" });
  const e = await limited.client.startPhoneVerification("+41791234567").catch((x) => x);
  assert.equal(e.retryAfter, 30);
  const gateway = recorder(503, "Service Unavailable", { "Content-Type": "text/plain" });
  const g = await gateway.client.evidence("+41791234567").catch((x) => x);
  assert.ok(g instanceof ApiError);
  assert.equal(g.status, 503);
  assert.deepEqual(g.fieldErrors, {});
});

test("form values become the order the API expects; empty ones are left out", () => {
  assert.equal(orderFieldOf("mobile"), "msisdn");
  assert.equal(orderFieldOf("dob"), "person.dob");
  assert.equal(orderFieldOf("language"), "language");
  assert.deepEqual(orderFromForm({ issuer: "test", method: "video" }, {
    msisdn: " +41791234567 ", "person.firstName": "Max", "person.email": "", language: "de", externalId: "" }), {
    issuer: "test", method: "video", msisdn: "+41791234567", person: { firstName: "Max" }, language: "de" });
});

test("a client needs a base URL and a token source", () => {
  assert.throws(() => new SrsConnectClient({ baseUrl: "https://x" }), TypeError);
});
