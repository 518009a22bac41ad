// The demo SP app in a real browser: Debian's Chromium driven by playwright-core (no browser download), against a
// running local runtime and its SRS simulator. One screenshot per step into SCREENSHOTS.
//
//   SRS_CONNECT_URL=http://localhost:3000 SIMULATOR_URL=http://127.0.0.1:8091 node web/test/journeys.mjs
//
// Environment: SRS_CONNECT_URL (the runtime), SIMULATOR_URL (its simulator, for the SMS codes and the test user's
// authentication means), SCREENSHOTS (default web/test/screenshots), CHROMIUM (default /usr/bin/chromium),
// JOURNEYS (comma list, default all). Exit code 0 only when every journey passed.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const BASE = required("SRS_CONNECT_URL").replace(/\/+$/, "");
const SIMULATOR = required("SIMULATOR_URL").replace(/\/+$/, "");
const SHOTS = process.env.SCREENSHOTS || new URL("./screenshots", import.meta.url).pathname;
const WAIT = 60_000;
// The flags that work on these machines (no GPU, closed network: no background connections)
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

function required(name) {
  if (!process.env[name]) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return process.env[name];
}

function msisdn() {
  return `+4179${String(1_000_000 + Math.floor(Math.random() * 8_999_999))}`;
}

async function admin(method, path, body) {
  const r = await fetch(SIMULATOR + path, { method, headers: { "Content-Type": "application/json" }, body: body && JSON.stringify(body) });
  const text = await r.text();
  assert.ok(r.ok, `${method} ${path}: ${r.status} ${text}`);
  return JSON.parse(text);
}

async function otpOf(number) {
  for (let i = 0; i < 50; i++) {
    const r = await fetch(`${SIMULATOR}/_admin/otp/${number.slice(1)}`);
    if (r.ok) return (await r.json()).code;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`no SMS code for ${number}`);
}

function shooter(page, journey) {
  let n = 0;
  return async (step, options = {}) => {
    n++;
    // a full-page capture leaves a cross-origin iframe blank: such a step shows the viewport around it instead
    await page.screenshot({ path: join(SHOTS, `${journey}-${String(n).padStart(2, "0")}-${step}.png`), fullPage: !options.viewport });
  };
}

async function chooseSignature(page, jurisdiction, loa) {
  await page.selectOption("#jurisdiction", jurisdiction);
  await page.selectOption("#loa", String(loa));
  await page.click("#choose-form button[type=submit]");
  await page.waitForSelector("#step-methods:not([hidden]) .card", { timeout: WAIT });
}

async function fillDetails(page, details) {
  for (const [field, value] of Object.entries(details)) {
    const input = page.locator(`#order-form [name="${field}"]`);
    if (await input.count()) await input.fill(value);
  }
}

/** At the partner (the simulator's IPSP page, a new tab): finish with "success". */
async function finishAtPartner(page, shot) {
  const [partner] = await Promise.all([page.waitForEvent("popup"), page.click("#target-link")]);
  await partner.waitForSelector("input[name=outcome][value=success]");
  await shot("partner", partner);
  await partner.check("input[name=outcome][value=success]");
  await partner.click("button[type=submit]");
  await partner.waitForSelector("#outcome");
  await partner.close();
  await page.bringToFront();
}

/** Video: ZertES QES, a form error at its field, the partner, phone code, T&C, the password+OTP consent iframe, ready. */
async function videoJourney(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
  const page = await context.newPage();
  const shot = shooterFor(page, "video");
  const number = msisdn();
  await admin("POST", `/_admin/users/${encodeURIComponent(number)}`, { authMethod: "SAS" });   // a password+OTP user

  await page.goto(`${BASE}/demo/`);
  await shot("choose");
  await chooseSignature(page, "ZERTES", 4);
  await shot("methods");
  await page.click('button[data-method="test/video"]');
  await page.waitForSelector("#step-form:not([hidden])");
  await shot("form");

  await fillDetails(page, { msisdn: number, "person.firstName": "Max", "person.lastName": "Muster", "person.dob": "2999-01-01" });
  await page.click("#order-form button[type=submit]");
  const dobError = page.locator("#f-person-dob-error");
  await dobError.filter({ hasText: /past/ }).waitFor({ timeout: WAIT });
  assert.equal(await page.getAttribute("#f-person-dob", "aria-invalid"), "true", "the date of birth is marked invalid");
  assert.equal(await page.evaluate(() => document.activeElement.id), "f-person-dob", "focus moves to the wrong field");
  await shot("form-error");

  await page.fill("#f-person-dob", "1980-12-31");
  await page.click("#order-form button[type=submit]");
  await page.waitForSelector("#step-redirect:not([hidden])", { timeout: WAIT });
  assert.match(await page.textContent("#redirect-notice"), /\S/, "the redirect notice is shown");
  assert.equal(await page.inputValue("#jurisdiction"), "ZERTES");
  assert.equal(await page.locator("#order-form input").count(), 0, "the personal data is gone from the page");
  await shot("redirect");

  await finishAtPartner(page, shot);
  await page.waitForSelector("#step-terms:not([hidden])", { timeout: WAIT });
  assert.ok((await page.locator("#timeline li").count()) >= 3, "the status timeline grows");
  await shot("status");

  await page.click("#otp-start-form button[type=submit]");
  await page.fill("#otp-code", await otpOf(number));
  await page.click("#otp-check-form button[type=submit]");
  await page.waitForSelector("#terms-form:not([hidden])", { timeout: WAIT });
  assert.match(await page.getAttribute("#terms-link", "href"), /^https?:/, "the T&C link is shown");
  await shot("terms");

  await page.check("#terms-form [name=knowsTheRisk]");
  await page.click("#terms-form button[type=submit]");
  await page.waitForSelector("#consent-frame:not([hidden])", { timeout: WAIT });
  const consent = page.frameLocator("#consent-frame");
  await consent.locator("input[name=password]").waitFor();
  await page.locator("#consent-frame").scrollIntoViewIfNeeded();
  await shot("consent", { viewport: true });
  await consent.locator("input[name=password]").fill("correct horse battery staple");
  await consent.locator("input[name=otp]").fill(await otpOf(number));
  await consent.locator("button[type=submit]").click();
  await consent.locator("#done").waitFor();

  await page.waitForSelector("#step-ready:not([hidden])", { timeout: WAIT });
  const text = await page.textContent("body");
  assert.ok(!text.includes("Muster") && !text.includes(number), "no name and no number on the page once ordered");
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length + document.cookie.length), 0,
    "nothing stored in the browser");
  await shot("ready");
  await context.close();
}

/** Selfie Ident on a phone-sized screen, in German, with the keyboard: no T&C step, ready once identified. */
async function selfieJourney(browser) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "de-CH" });
  const page = await context.newPage();
  const shot = shooterFor(page, "selfie");
  const number = msisdn();

  await page.goto(`${BASE}/demo/`);
  assert.equal(await page.getAttribute("html", "lang"), "de", "the browser's language is the page's");
  assert.equal(await page.textContent("#h-choose"), "1. Die Signatur");
  const overflow = () => page.evaluate(() => document.scrollingElement.scrollWidth > window.innerWidth);
  assert.equal(await overflow(), false, "no sideways scrolling on a phone");
  await shot("choose");

  // the keyboard alone: eIDAS (Selfie Ident's QES) with the arrow key, Tab to the button past the level, Enter
  await page.focus("#jurisdiction");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.inputValue("#jurisdiction"), "EIDAS");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.type), "submit");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#step-methods:not([hidden]) .card", { timeout: WAIT });
  const selfie = page.locator('button[data-method="nect/robo-ident"]').first();
  await selfie.focus();
  await page.keyboard.press("Enter");
  await page.waitForSelector("#step-form:not([hidden])");
  assert.equal(await page.evaluate(() => document.activeElement.id), "h-form", "focus moves to the new step");
  assert.equal(await overflow(), false, "the form fits a phone");
  await shot("form");

  await page.focus("#order-form [name=msisdn]");
  await page.keyboard.type(number);
  await fillDetails(page, { "person.firstName": "Erika", "person.lastName": "Muster", "person.dob": "1975-05-05", "person.nationality": "CH" });
  await page.focus("#order-form button[type=submit]");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#step-redirect:not([hidden])", { timeout: WAIT });
  assert.match(await page.textContent("#redirect-notice"), /Identifikationspartners/, "the notice in the user's language (de)");
  await shot("redirect");

  await finishAtPartner(page, shot);
  await page.waitForSelector("#step-ready:not([hidden])", { timeout: WAIT });
  assert.equal(await page.textContent("#h-ready"), "Bereit zum Signieren");
  assert.ok(await page.locator("#step-terms").isHidden(), "Selfie Ident needs no T&C step");
  await shot("ready");
  await context.close();
}

/** shot(step[, {viewport}]) for the journey's page; shot(step, otherPage) for a page of its own (the partner's tab). */
function shooterFor(page, journey) {
  const shoot = shooter(page, journey);
  return (step, other) => (other && other.screenshot ? shooter(other, `${journey}-${step}`)("page") : shoot(step, other));
}

const JOURNEYS = { video: videoJourney, selfie: selfieJourney };

async function main() {
  mkdirSync(SHOTS, { recursive: true });
  const wanted = (process.env.JOURNEYS || Object.keys(JOURNEYS).join(",")).split(",");
  // launch() starts Chromium with a new empty profile of its own (a fresh --user-data-dir, which it refuses as an argument)
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: FLAGS });
  let failed = 0;
  try {
    for (const name of wanted) {
      const started = Date.now();
      try {
        await JOURNEYS[name](browser);
        console.log(`journey ${name}: passed in ${Date.now() - started} ms`);
      } catch (e) {
        failed++;
        console.log(`journey ${name}: FAILED: ${e.stack || e}`);
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`screenshots: ${SHOTS}`);
  process.exit(failed ? 1 : 0);
}

main();
