// The demo SP frontend: the whole journey on the browser client (../srs-connect-client.js), nothing else.
// Personal data lives only in the form until the order is sent; the page keeps the identification id and the number.
import { ApiError, SrsConnectClient, orderFieldOf, orderFromForm } from "../srs-connect-client.js";
import { STRINGS } from "./i18n.js";

const $ = (selector) => document.querySelector(selector);
const POLL_MS = 2000;

let language = "en";
let token = null;
/** What the journey needs after the order: no names, no birth date. */
const journey = { id: null, msisdn: null, polling: null, termsShown: false, ready: false };

// The local runtime's dev issuer; a real SP frontend returns its identity provider's access token here.
async function getToken() {
  if (!token) {
    const r = await fetch("/local/token", { method: "POST", body: JSON.stringify({ sub: `demo-${crypto.randomUUID()}` }) });
    token = (await r.json()).access_token;
  }
  return token;
}

const client = new SrsConnectClient({ baseUrl: location.origin, getToken });

// ---------------------------------------------------------------- language

function t(key, vars = {}) {
  const text = (STRINGS[language] && STRINGS[language][key]) || STRINGS.en[key] || key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (vars[name] ?? ""));
}

function applyLanguage(lang) {
  language = lang;
  document.documentElement.lang = lang;
  document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll("[data-lang]").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.lang === lang)));
}

// ---------------------------------------------------------------- helpers

function show(id) {
  const section = $(id);
  section.hidden = false;
  section.scrollIntoView({ block: "start" });
  const heading = section.querySelector("h2");
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });   // keyboard and screen-reader users land on the new step
  }
}

function alertError(error) {
  const box = $("#alert");
  box.hidden = false;
  box.textContent = error instanceof ApiError
    ? `${t("apiError")} ${error.status}: ${error.problem.detail || error.problem.title}` + (error.retryAfter ? ` (${t("retryAfter", { s: error.retryAfter })})` : "")
    : `${t("networkError")} ${error.message}`;
}

function clearAlert() {
  $("#alert").hidden = true;
}

function element(tag, attrs = {}, text) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null && v !== false) el.setAttribute(k, v === true ? "" : String(v));
  }
  if (text !== undefined) el.textContent = text;
  return el;
}

// ---------------------------------------------------------------- 1-2: methods

async function showMethods(event) {
  event.preventDefault();
  clearAlert();
  const form = new FormData($("#choose-form"));
  try {
    const { methods } = await client.listMethods({ jurisdiction: form.get("jurisdiction"), loa: form.get("loa") });
    const list = $("#method-list");
    list.replaceChildren();
    if (!methods.length) list.append(element("li", {}, t("noMethods")));
    for (const m of methods) list.append(methodCard(m));
    show("#step-methods");
  } catch (e) {
    alertError(e);
  }
}

function methodCard(m) {
  const li = element("li", { class: "card" });
  li.append(element("h3", {}, m.displayName || `${m.issuer}/${m.method}`));
  const facts = element("dl");
  const fact = (label, value) => {
    if (value === undefined || value === null || value === "") return;
    facts.append(element("dt", {}, label), element("dd", {}, value));
  };
  fact(t("languages"), (m.languages || []).join(", ").toUpperCase());
  fact(t("validity"), period(m.evidenceValidity));
  fact(t("duration"), m.firstCheck && t(`after.${m.firstCheck.after}`, {
    min: minutes(m.firstCheck.minDelay), max: minutes(m.firstCheck.maxDelay) }));
  const tc = m.termsAndConditions;
  fact(t("terms"), tc && t(tc.canSignWhenTerminated ? "tc.none" : `tc.${tc.mode}`));
  li.append(facts);
  const button = element("button", { type: "button", "data-method": `${m.issuer}/${m.method}` }, t("choose"));
  button.addEventListener("click", () => showForm(m));
  li.append(button);
  return li;
}

/** "P5Y" -> "5 years" (ISO 8601 periods of years and months, as the catalogue writes them). */
function period(iso) {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?$/.exec(iso || "");
  if (!m) return iso;
  return [m[1] && t("years", { n: m[1] }), m[2] && t("months", { n: m[2] })].filter(Boolean).join(" ");
}

/** "PT1H30M" -> 90. */
function minutes(iso) {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(iso || "");
  return m ? Number(m[1] || 0) * 60 + Number(m[2] || 0) + Math.round(Number(m[3] || 0) / 60) : "?";
}

// ---------------------------------------------------------------- 3: the form from the method's field specs

const INPUT_TYPES = { dob: "date", email: "email", mobile: "tel" };
const AUTOCOMPLETE = { firstName: "given-name", lastName: "family-name", dob: "bday", mobile: "tel", email: "email", country: "country" };

let chosen = null;

function showForm(method) {
  chosen = method;
  clearAlert();
  $("#form-method").textContent = method.displayName || `${method.issuer}/${method.method}`;
  const fields = $("#order-fields");
  fields.replaceChildren();
  const specs = [...(method.mandatoryFields || []).map((s) => ({ ...s, required: true })), ...(method.optionalFields || [])];
  if (!specs.some((s) => s.name === "mobile")) specs.unshift({ name: "mobile", required: true, example: "+41791234567" });
  if (!specs.some((s) => s.name === "language")) specs.push({ name: "language", required: true, allowedValues: method.languages });
  for (const spec of specs) fields.append(fieldFor(spec, method));
  show("#step-form");
}

function fieldFor(spec, method) {
  const name = orderFieldOf(spec.name);
  const id = `f-${name.replace(/\W/g, "-")}`;
  const wrap = element("div", { class: "field" });
  const label = element("label", { for: id });
  label.append(element("span", { "data-i18n": `field.${spec.name}` }, t(`field.${spec.name}`)), spec.required ? " *" : "");
  wrap.append(label);
  let input;
  const options = spec.name === "language" ? [...(method.languages || []), ...(method.bestEffortLanguages || [])] : spec.allowedValues;
  if (options && options.length) {
    input = element("select", { id, name, required: spec.required });
    for (const v of new Set(options)) input.append(element("option", { value: v, selected: v === language }, v.toUpperCase()));
  } else {
    input = element("input", {
      id, name, type: INPUT_TYPES[spec.name] || "text", required: spec.required,
      autocomplete: AUTOCOMPLETE[spec.name], placeholder: spec.example, inputmode: spec.name === "mobile" ? "tel" : undefined,
    });
  }
  input.setAttribute("aria-describedby", `${id}-error`);
  wrap.append(input, element("p", { class: "field-error", id: `${id}-error` }));
  return wrap;
}

function showFieldErrors(form, errors) {
  form.querySelectorAll(".field-error").forEach((p) => { p.textContent = ""; });
  form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
  let first = null;
  const unplaced = [];
  for (const [field, message] of Object.entries(errors)) {
    const input = form.querySelector(`[name="${CSS.escape(field)}"]`);
    if (!input) {
      unplaced.push(`${field}: ${message}`);
      continue;
    }
    input.setAttribute("aria-invalid", "true");
    $(`#${input.id}-error`).textContent = message;
    first = first || input;
  }
  if (unplaced.length) {
    $("#alert").hidden = false;
    $("#alert").textContent = unplaced.join("; ");
  }
  if (first) first.focus();
}

async function placeOrder(event) {
  event.preventDefault();
  clearAlert();
  const form = $("#order-form");
  const values = Object.fromEntries(new FormData(form).entries());
  const missing = {};
  form.querySelectorAll("[required]").forEach((el) => { if (!el.value.trim()) missing[el.name] = t("required"); });
  if (Object.keys(missing).length) {
    showFieldErrors(form, missing);
    return;
  }
  try {
    const order = orderFromForm(chosen, values);
    const created = await client.placeOrder(order, { idempotencyKey: crypto.randomUUID() });
    form.reset();   // the personal data went to SRS; the page does not keep it
    $("#order-fields").replaceChildren();
    journey.id = created.id;
    journey.msisdn = order.msisdn;
    $("#redirect-notice").textContent = created.redirectNotice ? created.redirectNotice.text : "";
    $("#target-link").href = created.targetUrl;
    $("#step-form").hidden = true;
    show("#step-redirect");
    renderStatus(created);
    $("#step-status").hidden = false;
    startPolling();
  } catch (e) {
    if (e instanceof ApiError && Object.keys(e.fieldErrors).length) showFieldErrors(form, e.fieldErrors);
    else alertError(e);
  }
}

// ---------------------------------------------------------------- 5: status until can sign

function startPolling() {
  stopPolling();
  journey.polling = setInterval(() => poll(client.getIdentification(journey.id)), POLL_MS);
}

function stopPolling() {
  if (journey.polling) clearInterval(journey.polling);
  journey.polling = null;
}

async function poll(request) {
  try {
    renderStatus(await request);
  } catch (e) {
    alertError(e);
  }
}

function renderStatus(identification) {
  const timeline = $("#timeline");
  timeline.replaceChildren();
  for (const entry of identification.statusHistory || []) {
    const li = element("li", { "data-status": entry.status });
    li.append(element("strong", {}, t(`status.${entry.status}`)));
    if (entry.date) li.append(" ", element("time", { datetime: entry.date }, new Date(entry.date).toLocaleString(language)));
    if (entry.reason) li.append(` (${entry.reason})`);
    timeline.append(li);
  }
  const action = identification.nextAction || {};
  $("#next-action").textContent = t(`action.${action.action}`) !== `action.${action.action}` ? t(`action.${action.action}`) : action.explanation || "";
  $("#next-action").dataset.action = action.action || "";
  const support = identification.support || {};
  $("#support-ids").textContent = [support.refId && `refId ${support.refId}`, support.orderId && `orderId ${support.orderId}`,
    support.evidenceId && `evidenceId ${support.evidenceId}`].filter(Boolean).join(" · ");
  if (identification.canSign) {
    ready();
  } else if (!journey.termsShown && ["CHECK_TERMS", "ACCEPT_TERMS_HERE"].includes(action.action)) {
    journey.termsShown = true;
    show("#step-terms");
  }
}

function ready() {
  if (journey.ready) return;
  journey.ready = true;
  stopPolling();
  $("#step-terms").hidden = true;
  show("#step-ready");
}

// The user is back from the partner's tab: ask SRS now instead of waiting for the schedule.
function userIsBack() {
  if (journey.id && !journey.ready && document.visibilityState === "visible") poll(client.refresh(journey.id));
}

// ---------------------------------------------------------------- 6: phone code, T&C, consent

let verificationId = null;

async function sendCode(event) {
  event.preventDefault();
  clearAlert();
  try {
    verificationId = (await client.startPhoneVerification(journey.msisdn)).id;
    $("#otp-check-form").hidden = false;
    $("#otp-code").focus();
  } catch (e) {
    alertError(e);
  }
}

async function checkCode(event) {
  event.preventDefault();
  clearAlert();
  const form = $("#otp-check-form");
  try {
    await client.checkPhoneVerification(verificationId, $("#otp-code").value.trim());
    form.hidden = true;
    $("#otp-start-form").hidden = true;
    const terms = await client.terms(journey.msisdn);
    if (!terms.termsToAccept) {
      $("#terms-state").textContent = t("nothingToAccept");
      return;
    }
    $("#terms-link").href = terms.link;
    $("#terms-form").hidden = false;
    $("#terms-form").querySelector("input").focus();
  } catch (e) {
    if (e instanceof ApiError && e.status < 500) showFieldErrors(form, { code: e.fieldErrors.code || e.problem.detail || e.problem.title });
    else alertError(e);
  }
}

async function confirmTerms(event) {
  event.preventDefault();
  clearAlert();
  const form = $("#terms-form");
  const box = (name) => form.querySelector(`[name="${name}"]`).checked;
  if (!box("knowsTheRisk")) {
    $("#terms-state").textContent = t("knowsTheRiskRequired");
    return;
  }
  try {
    await client.confirmTerms(journey.msisdn, { decisionZertes: box("decisionZertes"), decisionEidas: box("decisionEidas"), knowsTheRisk: true });
    form.hidden = true;
    watchTerms();
  } catch (e) {
    alertError(e);
  }
}

async function watchTerms() {
  try {
    const status = await client.termsStatus(journey.msisdn);
    $("#terms-state").textContent = t(`terms.${status.state}`);
    $("#terms-state").dataset.state = status.state;
    const frame = $("#consent-frame");
    if (status.state === "CONSENT_REQUIRED" && status.consentUrl) {
      if (frame.src !== status.consentUrl) frame.src = status.consentUrl;
      frame.hidden = false;
    } else {
      frame.hidden = true;
    }
    if (status.done) {
      if (!journey.ready) poll(client.refresh(journey.id));   // confirmed: the RA lookup follows at once
      return;
    }
    setTimeout(watchTerms, 1500);
  } catch (e) {
    alertError(e);
  }
}

// ---------------------------------------------------------------- wiring

document.addEventListener("DOMContentLoaded", () => {
  const preferred = (navigator.language || "en").slice(0, 2).toLowerCase() === "de" ? "de" : "en";
  applyLanguage(preferred);
  document.querySelectorAll("[data-lang]").forEach((b) => b.addEventListener("click", () => applyLanguage(b.dataset.lang)));
  $("#choose-form").addEventListener("submit", showMethods);
  $("#order-form").addEventListener("submit", placeOrder);
  $("#refresh-button").addEventListener("click", userIsBack);
  $("#otp-start-form").addEventListener("submit", sendCode);
  $("#otp-check-form").addEventListener("submit", checkCode);
  $("#terms-form").addEventListener("submit", confirmTerms);
  document.addEventListener("visibilitychange", userIsBack);
  window.addEventListener("focus", userIsBack);
});
