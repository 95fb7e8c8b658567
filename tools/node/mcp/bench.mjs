// Benchmark: MCP tool calls through the gateway beside the REST calls they wrap, in one run.
//
//   node tools/node/mcp/bench.mjs [calls per scenario, default 300] [in flight, default 8]
//
// Against a running stack (deploy/local/run; API_URL, default http://localhost:8080). It signs up
// a company, gives each scenario its own key (10 000 requests/min, the owner's ceiling) so that no
// scenario waits on another's rate limit, seeds 60 contacts, then measures for search_contacts and
// get_contact: calls/s and p50/p99 latency of the tool call (MCP over Streamable HTTP, official
// SDK, one session per worker) and of the REST call it wraps. Prints figures; asserts nothing.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { randomUUID } from "node:crypto";

const API = process.env.API_URL ?? "http://localhost:8080";
const CALLS = Number(process.argv[2] ?? 300);
const IN_FLIGHT = Number(process.argv[3] ?? 8);
const SCOPES = ["read:contacts", "write:contacts"];

async function rest(method, path, body, bearer) {
  const response = await fetch(new URL(path, API), {
    method,
    headers: {
      ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
      ...(body ? { "Content-Type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

async function setUp() {
  const email = `bench-${randomUUID()}@solid.test`;
  const password = `pw-${randomUUID()}`;
  const signup = await rest("POST", "/api/v1/auth/signup", {
    company_name: "MCP bench", email, password, plan: "enterprise",
  });
  if (signup.status !== 201) throw new Error(`signup: ${signup.status} ${JSON.stringify(signup.json)}`);
  const login = await rest("POST", "/api/v1/auth/login", { email, password });
  const owner = login.json.access_token;
  const key = async (name) => {
    const created = await rest("POST", "/api/v1/auth/keys", { name, scopes: SCOPES, mode: "test", rate_limit_per_minute: 10000 }, owner);
    if (created.status !== 201) throw new Error(`key: ${created.status} ${JSON.stringify(created.json)}`);
    return created.json.key;
  };
  const seeder = await key("seed");
  const tag = randomUUID().slice(0, 6);
  const ids = [];
  for (let i = 0; i < 60; i++) {
    const c = await rest("POST", "/api/v1/crm/contacts", { name: `Bench ${tag} ${i}`, email: `b${i}-${tag}@example.com` }, seeder);
    if (c.status !== 201) throw new Error(`contact: ${c.status} ${JSON.stringify(c.json)}`);
    ids.push(c.json.id);
  }
  return { tag, ids, key };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Runs `one(i)` CALLS times with IN_FLIGHT workers; each worker gets its own context. */
async function measure(name, makeWorker, one) {
  const latencies = [];
  let errors = 0;
  let next = 0;
  const workers = await Promise.all(Array.from({ length: IN_FLIGHT }, () => makeWorker()));
  // Warm-up: a few calls per worker, not counted.
  await Promise.all(workers.map(async (w) => { for (let i = 0; i < 3; i++) await one(w, i); }));
  const started = performance.now();
  await Promise.all(
    workers.map(async (w) => {
      while (next < CALLS) {
        const i = next++;
        const t0 = performance.now();
        const okCall = await one(w, i).catch(() => false);
        latencies.push(performance.now() - t0);
        if (!okCall) errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(workers.map((w) => w.close?.()));
  latencies.sort((a, b) => a - b);
  return { name, perSecond: CALLS / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

async function mcpWorker(key) {
  const client = new Client({ name: "solid-bench", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL("/api/mcp", API), {
    requestInit: { headers: { Authorization: `Bearer ${key}` } },
  }));
  return { client, close: () => client.close() };
}

async function main() {
  const { tag, ids, key } = await setUp();
  const keys = { restSearch: await key("rest-search"), mcpSearch: await key("mcp-search"), restGet: await key("rest-get"), mcpGet: await key("mcp-get") };
  const searchPath = `/api/v1/crm/contacts?search=${tag}&limit=20&offset=0`;
  const results = [];
  results.push(await measure("REST GET /api/v1/crm/contacts?search=…", async () => ({}), async (_, i) =>
    (await rest("GET", searchPath, undefined, keys.restSearch)).status === 200));
  results.push(await measure("MCP search_contacts", () => mcpWorker(keys.mcpSearch), async (w) =>
    !(await w.client.callTool({ name: "search_contacts", arguments: { query: tag, limit: 20 } })).isError));
  results.push(await measure("REST GET /api/v1/crm/contacts/{id}", async () => ({}), async (_, i) =>
    (await rest("GET", `/api/v1/crm/contacts/${ids[i % ids.length]}`, undefined, keys.restGet)).status === 200));
  results.push(await measure("MCP get_contact", () => mcpWorker(keys.mcpGet), async (w, i) =>
    !(await w.client.callTool({ name: "get_contact", arguments: { contact_id: ids[i % ids.length] } })).isError));

  console.log(`\n${CALLS} calls per scenario, ${IN_FLIGHT} in flight, through the gateway at ${API}\n`);
  console.log("| scenario | calls/s | p50 ms | p99 ms | errors |");
  console.log("|---|---:|---:|---:|---:|");
  for (const r of results) {
    console.log(`| ${r.name} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} |`);
  }
  const [rs, ms, rg, mg] = results;
  const delta = (a, b) => `${a - b >= 0 ? "+" : ""}${(a - b).toFixed(1)} ms`;
  console.log(`\nadded by the MCP hop (tool call minus the REST call it wraps):` +
    ` search_contacts p50 ${delta(ms.p50, rs.p50)}, p99 ${delta(ms.p99, rs.p99)};` +
    ` get_contact p50 ${delta(mg.p50, rg.p50)}, p99 ${delta(mg.p99, rg.p99)}`);
}

main().catch((e) => {
  console.error(e.stack ?? String(e));
  process.exit(1);
});
