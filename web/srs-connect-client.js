// srs-connect browser client: one dependency-free ES module over the HTTP API (docs/api/openapi.yaml).
// Usage: import { SrsConnectClient, ApiError } from "./srs-connect-client.js"; see docs/web-client.md.

/**
 * @typedef {object} ClientOptions
 * @property {string} baseUrl  The API's base URL, e.g. "https://api.example.ch" (no trailing slash needed).
 * @property {() => (string | Promise<string>)} getToken  Returns the caller's JWT (your identity provider's access token).
 * @property {typeof fetch} [fetch]  A fetch implementation (default: the browser's).
 */

/**
 * @typedef {object} FieldError
 * @property {string} field    The request field as the API names it: "msisdn", "person.dob", "language", ...
 * @property {string} message  What is wrong, in English (the API's own validation message).
 */

/**
 * @typedef {object} Problem  An RFC 9457 application/problem+json body.
 * @property {string} type
 * @property {string} title
 * @property {number} status
 * @property {string} [detail]
 * @property {FieldError[]} [errors]
 */

/**
 * @typedef {object} Method  One identification method of GET /methods (functions/list-methods/README.md).
 * @property {string} issuer
 * @property {string} method
 * @property {string} displayName
 * @property {string[]} languages
 * @property {string[]} [bestEffortLanguages]
 * @property {string|null} evidenceValidity
 * @property {FieldSpec[]} mandatoryFields
 * @property {FieldSpec[]} optionalFields
 * @property {object|null} firstCheck
 * @property {object|null} termsAndConditions
 * @property {{placeholder: string, de: string, en: string}} redirectNotice
 */

/**
 * @typedef {object} FieldSpec  What a method needs from the user.
 * @property {string} name  firstName, lastName, dob, mobile, placeOfBirth, nationality, country, email, language, externalId
 * @property {string} [type]
 * @property {string} [format]
 * @property {string} [pattern]
 * @property {string} [example]
 * @property {string} [description]
 * @property {string[]} [allowedValues]
 */

/**
 * @typedef {object} OrderRequest  POST /identifications.
 * @property {string} issuer
 * @property {string} method
 * @property {string} msisdn  E.164 with a leading +
 * @property {string} language  ISO 639-1
 * @property {Object<string, string>} [person]  firstName, lastName, dob (yyyy-MM-dd), placeOfBirth, nationality, country, email
 * @property {string} [externalId]
 * @property {boolean} [silentSms]
 */

/**
 * @typedef {object} Identification  GET /identifications/{id} (OpenAPI schema Identification).
 * @property {string} id
 * @property {string} status
 * @property {string} phase  STATUS, LOOKUP or DONE
 * @property {{action: string, explanation: string}} nextAction
 * @property {boolean} canSign
 * @property {string|null} targetUrl
 * @property {{status: string, date: string, reason?: string}[]} [statusHistory]
 * @property {{text: string, language: string}} [redirectNotice]
 * @property {object} [tracking]
 * @property {object} [support]
 */

/** An API answer other than 2xx: the problem, and its field errors keyed by field for a form. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {Problem} problem
   * @param {Headers} [headers]
   */
  constructor(status, problem, headers) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = "ApiError";
    /** @type {number} */
    this.status = status;
    /** @type {Problem} */
    this.problem = problem;
    /** @type {number|null} seconds, from Retry-After (429, 503) */
    this.retryAfter = headers && headers.get("Retry-After") ? Number(headers.get("Retry-After")) : null;
  }

  /**
   * The field errors as a map for a form: {"person.dob": "must be in the past", ...}; several messages of one
   * field are joined with "; ".
   * @returns {Object<string, string>}
   */
  get fieldErrors() {
    /** @type {Object<string, string>} */
    const out = {};
    for (const e of this.problem.errors || []) {
      out[e.field] = out[e.field] ? `${out[e.field]}; ${e.message}` : e.message;
    }
    return out;
  }
}

/** The form field a method's field spec stands for in POST /identifications (the API's field name). */
export function orderFieldOf(specName) {
  if (specName === "mobile") return "msisdn";
  if (specName === "language" || specName === "externalId") return specName;
  return `person.${specName}`;
}

/**
 * Builds the POST /identifications body from flat form values keyed by API field ("msisdn", "person.dob", ...).
 * Empty values are left out, so an optional field the user skipped is not sent.
 * @param {{issuer: string, method: string}} method
 * @param {Object<string, string>} values
 * @returns {OrderRequest}
 */
export function orderFromForm(method, values) {
  /** @type {any} */
  const order = { issuer: method.issuer, method: method.method };
  for (const [field, raw] of Object.entries(values)) {
    const value = typeof raw === "string" ? raw.trim() : raw;
    if (value === "" || value == null) continue;
    if (field.startsWith("person.")) {
      order.person = order.person || {};
      order.person[field.slice("person.".length)] = value;
    } else {
      order[field] = value;
    }
  }
  return order;
}

export class SrsConnectClient {
  /** @param {ClientOptions} options */
  constructor(options) {
    if (!options || !options.baseUrl || !options.getToken) throw new TypeError("baseUrl and getToken are required");
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.getToken = options.getToken;
    this.fetch = options.fetch || globalThis.fetch.bind(globalThis);
  }

  /**
   * The methods that fit a signature: GET /methods?jurisdiction=&loa=.
   * @param {{jurisdiction?: "ZERTES"|"EIDAS", loa?: 3|4}} [filter]
   * @returns {Promise<{methods: Method[]}>}
   */
  listMethods(filter = {}) {
    return this.#call("GET", "/methods", { query: filter });
  }

  /**
   * Places an order: POST /identifications. Pass the same idempotencyKey when you retry after a network error.
   * @param {OrderRequest} order
   * @param {{idempotencyKey?: string}} [options]
   * @returns {Promise<Identification>}
   */
  placeOrder(order, options = {}) {
    const headers = options.idempotencyKey ? { "Idempotency-Key": options.idempotencyKey } : {};
    return this.#call("POST", "/identifications", { body: order, headers });
  }

  /** @param {string} id @returns {Promise<Identification>} */
  getIdentification(id) {
    return this.#call("GET", `/identifications/${encodeURIComponent(id)}`);
  }

  /**
   * @param {{msisdn?: string, status?: string, limit?: number, cursor?: string}} [query]
   * @returns {Promise<{items: Identification[], nextCursor?: string}>}
   */
  listIdentifications(query = {}) {
    return this.#call("GET", "/identifications", { query });
  }

  /** Cancels at SRS: DELETE /identifications/{id}. @param {string} id */
  cancelIdentification(id) {
    return this.#call("DELETE", `/identifications/${encodeURIComponent(id)}`);
  }

  /**
   * Asks SRS now (call it when the user is back from the identification partner's page): POST .../refresh.
   * At most once per 10 s per identification; more often it answers the record as it is.
   * @param {string} id @returns {Promise<Identification>}
   */
  refresh(id) {
    return this.#call("POST", `/identifications/${encodeURIComponent(id)}/refresh`, { body: {} });
  }

  /** Sends an SMS code: POST /phone-verifications. @param {string} msisdn */
  startPhoneVerification(msisdn) {
    return this.#call("POST", "/phone-verifications", { body: { msisdn } });
  }

  /** Checks the code: POST /phone-verifications/{id}/check. @param {string} id @param {string} code */
  checkPhoneVerification(id, code) {
    return this.#call("POST", `/phone-verifications/${encodeURIComponent(id)}/check`, { body: { code } });
  }

  /** GET /evidence/{msisdn}: can the user sign, and what next. @param {string} msisdn */
  evidence(msisdn) {
    return this.#call("GET", `/evidence/${encodeURIComponent(msisdn)}`);
  }

  /** GET /evidence/{msisdn}/terms: the T&C link to show, or nothing to accept. @param {string} msisdn */
  terms(msisdn) {
    return this.#call("GET", `/evidence/${encodeURIComponent(msisdn)}/terms`);
  }

  /**
   * The user's T&C decision: POST /evidence/{msisdn}/terms/confirm.
   * @param {string} msisdn
   * @param {{decisionZertes: boolean, decisionEidas: boolean, knowsTheRisk: boolean}} decision
   */
  confirmTerms(msisdn, decision) {
    return this.#call("POST", `/evidence/${encodeURIComponent(msisdn)}/terms/confirm`, { body: decision });
  }

  /** GET /evidence/{msisdn}/terms/status: PENDING, CONSENT_REQUIRED (consentUrl for an iframe), CONFIRMED, ... */
  termsStatus(msisdn) {
    return this.#call("GET", `/evidence/${encodeURIComponent(msisdn)}/terms/status`);
  }

  /**
   * @param {string} method
   * @param {string} path
   * @param {{query?: object, body?: object, headers?: Object<string, string>}} [options]
   */
  async #call(method, path, options = {}) {
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(options.query || {})) {
      if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, String(v));
    }
    const headers = { Accept: "application/json, application/problem+json", ...(options.headers || {}) };
    headers.Authorization = `Bearer ${await this.getToken()}`;
    /** @type {RequestInit} */
    const init = { method, headers };
    if (options.body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }
    const response = await this.fetch(url.toString(), init);
    const type = response.headers.get("Content-Type") || "";
    const text = await response.text();
    const json = text && type.includes("json") ? JSON.parse(text) : null;
    if (!response.ok) {
      const problem = json && typeof json === "object"
        ? json
        : { type: "about:blank", title: response.statusText || `HTTP ${response.status}`, status: response.status };
      throw new ApiError(response.status, problem, response.headers);
    }
    return json;
  }
}
