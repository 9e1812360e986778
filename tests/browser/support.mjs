// Shared helpers for the browser tests (node --test tests/browser/).
// Each test file starts its own server on its own temporary SQLite database,
// drives Debian's Chromium through playwright-core, and scans pages with axe-core.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, access } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const axePath = path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js');

/** The server binary: $TSUNAGU_BINARY, else build/tsunagu under the repository root. */
export function binaryPath() {
  const fromEnv = process.env.TSUNAGU_BINARY;
  if (fromEnv) return path.resolve(fromEnv);
  return path.join(repoRoot, 'build', 'tsunagu');
}

/** Run the binary once; resolves with {code, stdout, stderr}, rejects on a non-zero exit. */
export function runCli(args, { input, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(binaryPath(), args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ code, stdout, stderr });
      else reject(new Error(`tsunagu ${args.join(' ')} exited with ${code ?? signal}\n${stdout}${stderr}`));
    });
    child.stdin.on('error', () => {});  // the process may exit before reading stdin
    child.stdin.end(input ?? '');
  });
}

/** A free TCP port on 127.0.0.1: listen on port 0, read the port, close. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A temporary directory with a migrated SQLite database.
 * Returns {dir, dbUrl, addUser(login, password, opts), cleanup()}.
 */
export async function createTestDatabase() {
  const bin = binaryPath();
  try {
    await access(bin, fsConstants.X_OK);
  } catch {
    throw new Error(`tsunagu binary not found or not executable at ${bin} (set TSUNAGU_BINARY)`);
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'tsunagu-browser-'));
  const dbUrl = `sqlite://${path.join(dir, 'test.db')}`;  // absolute path: sqlite:///tmp/…
  const db = {
    dir,
    dbUrl,
    async addUser(login, password, { role, prefecture, municipality, department, facility, name } = {}) {
      const args = ['user', 'add', login, '--role', role, '--db', dbUrl];
      if (prefecture) args.push('--prefecture', String(prefecture));
      if (municipality) args.push('--municipality', String(municipality));
      if (department) args.push('--department', ...[].concat(department));
      if (facility) args.push('--facility', String(facility));
      if (name) args.push('--name', name);
      await runCli(args, { input: `${password}\n` });
      return { login, password, role, name };
    },
    async cleanup() {
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await runCli(['migrate', '--db', dbUrl]);
  } catch (e) {
    await db.cleanup();
    throw e;
  }
  return db;
}

/**
 * Start `tsunagu serve` on a free port and wait until GET /healthz answers.
 * Returns {baseURL, port, stop(), output()}.
 */
export async function startServer(dbUrl, { timeoutMs = 20000 } = {}) {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const child = spawn(binaryPath(), ['serve', '--db', dbUrl, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let hasExited = false;
  exited.then(() => { hasExited = true; });

  const server = {
    baseURL,
    port,
    output: () => log,
    async stop() {
      if (hasExited) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => { if (!hasExited) child.kill('SIGKILL'); }, 10000);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited) throw new Error(`tsunagu serve exited before it was ready:\n${log}`);
    try {
      const res = await fetch(`${baseURL}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) {
        await res.arrayBuffer();
        return server;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`tsunagu serve did not answer /healthz within ${timeoutMs} ms:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Debian's Chromium through playwright-core. */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Everything a test file needs: database, users, server, browser.
 * `users` maps a key to addUser options (plus login/password).
 * Returns {db, server, browser, baseURL, users, close()}; close() is safe to call on partial setups.
 */
export async function startEnvironment(users = {}) {
  const env = { db: null, server: null, browser: null, baseURL: '', users: {} };
  env.close = async () => {
    const errors = [];
    for (const step of [
      async () => { if (env.browser) await env.browser.close(); },
      async () => { if (env.server) await env.server.stop(); },
      async () => { if (env.db) await env.db.cleanup(); },
    ]) {
      try { await step(); } catch (e) { errors.push(e); }
    }
    if (errors.length) throw errors[0];
  };
  try {
    env.db = await createTestDatabase();
    for (const [key, u] of Object.entries(users)) {
      env.users[key] = await env.db.addUser(u.login, u.password, u);
    }
    env.server = await startServer(env.db.dbUrl);
    env.baseURL = env.server.baseURL;
    env.browser = await launchBrowser();
    return env;
  } catch (e) {
    await env.close().catch(() => {});
    throw e;
  }
}

/** Log in through the form; waits for the redirect away from /login. */
export async function login(page, baseURL, { login: id, password }) {
  await page.goto(`${baseURL}/login`);
  await page.fill('#login', id);
  await page.fill('#password', password);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/login'),
    page.click('form[action="/login"] button[type="submit"]'),
  ]);
}

export const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Run axe-core in the page; returns the raw violations array. */
export async function axeViolations(page) {
  const already = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!already) await page.addScriptTag({ path: axePath });
  const results = await page.evaluate(
    (values) => window.axe.run(document, { runOnly: { type: 'tag', values } }),
    axeTags,
  );
  if (!results.passes.length && !results.violations.length) {
    throw new Error(`axe-core checked nothing on ${page.url()} (empty page?)`);
  }
  return results.violations;
}

/** A readable list of violations: rule id, impact, help, each offending node and why. */
export function formatViolations(violations, label = '') {
  if (!violations.length) return `${label}: no accessibility violations`;
  const lines = [`${label}: ${violations.length} accessibility violation(s)`];
  for (const v of violations) {
    lines.push(`- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const node of v.nodes) {
      lines.push(`    at ${node.target.join(' ')}`);
      lines.push(`       ${node.html.slice(0, 200)}`);
      const summary = (node.failureSummary || '').split('\n').map((s) => s.trim()).filter(Boolean).join(' | ');
      if (summary) lines.push(`       ${summary}`);
    }
  }
  return lines.join('\n');
}

/** Scan the current page; returns {violations, report}. */
export async function scan(page, label) {
  const violations = await axeViolations(page);
  return { violations, report: formatViolations(violations, label || page.url()) };
}

/** Fails the test with axe-core's report when the page has any WCAG 2.1 A/AA violation. */
export async function expectNoViolations(page, label) {
  const v = await axeViolations(page);
  assert.equal(v.length, 0, formatViolations(v, label));
}

/**
 * A page in a new browser context on the environment's server (Japanese locale, CSP bypassed so that axe-core can
 * be injected); the context is pushed onto `contexts` for the suite's `after` to close.
 */
export async function openPage(env, contexts, options = {}) {
  const context = await env.browser.newContext({ baseURL: env.baseURL, locale: 'ja-JP', bypassCSP: true, ...options });
  contexts.push(context);
  return context.newPage();
}
