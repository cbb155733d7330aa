#!/usr/bin/env node
// Runs the graphql-http GraphQL-over-HTTP server audit suite against a
// running server.
//
//   node audit.mjs http://127.0.0.1:PORT/graphql
//
// For each audit it prints one line, `PASS|FAIL|WARN <id> <name>`:
// FAIL is a failed MUST; WARN is a failed SHOULD or MAY, which does not make
// the run fail. Non-passing lines are followed by the reason and the
// response's status, content-type and a snippet of its body. Then it prints
//   MUST: N/M passed, SHOULD: N/M passed, MAY: N/M passed
//   graphql-http audit: N passed, N failed      (MUST audits only)
// and exits 1 if any MUST audit failed or the server cannot be reached.
//
// The audits come from `serverAudits()`, the list `auditServer()` runs
// (auditServer is exactly `Promise.all(serverAudits(opts).map(a => a.fn()))`).
// Running them one by one lets a fatal error in one audit, such as a dropped
// connection, count as that audit failing instead of ending the whole run.
// All audits run at the same time, as auditServer runs them.

import { serverAudits } from 'graphql-http';

const REQUEST_TIMEOUT_MS = Number(process.env.AUDIT_REQUEST_TIMEOUT_MS || 15000);
const BODY_SNIPPET_CHARS = 300;

function usage(msg) {
  if (msg) console.error(`error: ${msg}`);
  console.error('usage: node audit.mjs http://127.0.0.1:PORT/graphql');
  process.exit(1);
}

const url = process.argv[2];
if (!url || process.argv.length > 3) usage(url ? 'too many arguments' : 'missing server URL');
try {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
} catch {
  usage(`not an http(s) URL: ${url}`);
}

// Unread copies of every response, so a failing audit's body can be shown even
// when the audit has already read the response it reports.
const spareCopies = new WeakMap();

// global fetch (Node >= 18), with a timeout so a hanging server cannot stall the run.
async function fetchFn(input, init = {}) {
  const res = await fetch(input, { ...init, signal: init.signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  spareCopies.set(res, res.clone());
  return res;
}

function describeError(err) {
  const parts = [];
  for (let e = err; e; e = e.cause) {
    parts.push(e.code ? `${e.message} (${e.code})` : String(e.message ?? e));
    if (parts.length > 4) break;
  }
  return parts.join(': ');
}

// Reachability check: any HTTP response will do.
try {
  const res = await fetchFn(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  await res.arrayBuffer().catch(() => {});
} catch (err) {
  console.error(`graphql-http audit: cannot reach server at ${url}: ${describeError(err)}`);
  console.log('graphql-http audit: 0 passed, 1 failed');
  process.exit(1);
}

function levelOf(name) {
  for (const level of ['MUST', 'SHOULD', 'MAY']) {
    if (name.startsWith(level + ' ')) return level;
  }
  return 'MUST'; // unknown level: treat as required
}

function oneLine(s) {
  return s.replace(/\s+/g, ' ').trim();
}

async function describeResponse(res) {
  if (!res || typeof res.status !== 'number') return 'no response';
  let body;
  const readable = res.bodyUsed ? spareCopies.get(res) : res;
  if (!readable || readable.bodyUsed) {
    body = '(body already read by the audit)';
  } else {
    try {
      const text = oneLine(await readable.text());
      body = text.length > BODY_SNIPPET_CHARS ? text.slice(0, BODY_SNIPPET_CHARS) + '...' : text;
      body = body === '' ? '(empty body)' : body;
    } catch (err) {
      body = `(body unreadable: ${describeError(err)})`;
    }
  }
  const ct = res.headers?.get?.('content-type') ?? '(none)';
  return `status ${res.status}, content-type ${ct}, body: ${body}`;
}

const audits = serverAudits({ url, fetchFn });
const results = await Promise.all(
  audits.map(async (a) => {
    try {
      return await a.fn();
    } catch (err) {
      // graphql-http treats anything but an assertion failure as fatal
      return { id: a.id, name: a.name, status: 'fatal', reason: `fatal error: ${describeError(err)}` };
    }
  }),
);

const counts = { MUST: [0, 0], SHOULD: [0, 0], MAY: [0, 0] };
for (const r of results) {
  const level = levelOf(r.name);
  const ok = r.status === 'ok';
  counts[level][1]++;
  if (ok) counts[level][0]++;
  const tag = ok ? 'PASS' : level === 'MUST' ? 'FAIL' : 'WARN';
  console.log(`${tag} ${r.id} ${r.name}`);
  if (!ok) {
    console.log(`     reason: ${r.reason}`);
    if (r.status !== 'fatal') console.log(`     response: ${await describeResponse(r.response)}`);
  }
}

const [mustPassed, mustTotal] = counts.MUST;
const mustFailed = mustTotal - mustPassed;
console.log(
  `MUST: ${counts.MUST[0]}/${counts.MUST[1]} passed, ` +
    `SHOULD: ${counts.SHOULD[0]}/${counts.SHOULD[1]} passed, ` +
    `MAY: ${counts.MAY[0]}/${counts.MAY[1]} passed`,
);
console.log(`graphql-http audit: ${mustPassed} passed, ${mustFailed} failed`);
process.exit(mustFailed > 0 ? 1 : 0);
