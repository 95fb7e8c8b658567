// Drives the Solid MCP server with a real MCP client and fails (exit 1) on any wrong answer.
//
//   MCP_CLIENT=sdk-http   the official TypeScript SDK over Streamable HTTP
//   MCP_CLIENT=mcp-remote the SDK's stdio client launching mcp-remote as seed 001's
//                         claude_desktop_config.json does (--header "Authorization:${AUTH_HEADER}")
//
// Environment: MCP_URL (the gateway's MCP endpoint), API_URL (the gateway, for fixtures made over
// REST), SOLID_KEY (a test key with every scope), SOLID_READONLY_KEY (read:contacts +
// read:messages only), SOLID_OWNER_TOKEN (the owner's session, which alone creates sequences). Run by dev.solid.deploy.e2e.McpClientsIT.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const MCP_URL = env("MCP_URL");
const API_URL = env("API_URL");
const KEY = env("SOLID_KEY");
const READONLY_KEY = env("SOLID_READONLY_KEY");
const OWNER_TOKEN = env("SOLID_OWNER_TOKEN");
const FLAVOUR = process.env.MCP_CLIENT ?? "sdk-http";

const ISSUE_TOOLS = [
  "search_contacts", "get_contact", "upsert_contact", "tag_contact", "get_contact_timeline",
  "search_deals", "get_deal", "create_deal", "move_deal_stage", "list_pipelines",
  "log_activity", "create_task", "complete_task", "list_tasks",
  "send_message", "list_conversation", "list_sender_accounts",
  "list_sequences", "enroll_in_sequence", "pause_enrollment", "resume_enrollment",
  "get_funnel", "get_pipeline_stats", "get_forecast", "get_sequence_stats", "get_revenue",
  "list_orders", "create_payment_link", "get_invoice", "whoami",
];
let checks = 0;
function check(condition, what, detail) {
  if (!condition) {
    const shown = detail === undefined ? "" : `\n${JSON.stringify(detail, null, 2)}`;
    throw new Error(`[${FLAVOUR}] FAILED: ${what}${shown}`);
  }
  checks++;
  console.log(`ok ${checks} - ${what}`);
}

function transport(key) {
  if (FLAVOUR === "sdk-http") {
    return new StreamableHTTPClientTransport(new URL(MCP_URL), {
      requestInit: { headers: { Authorization: `Bearer ${key}` } },
    });
  }
  if (FLAVOUR === "mcp-remote") {
    const require = createRequire(import.meta.url);
    const proxy = path.join(path.dirname(require.resolve("mcp-remote/package.json")), "dist/proxy.js");
    // As claude_desktop_config.json launches it: the header names an environment variable that
    // mcp-remote expands itself.
    return new StdioClientTransport({
      command: process.execPath,
      args: [proxy, MCP_URL, "--header", "Authorization:${AUTH_HEADER}", "--transport", "http-only"],
      env: { ...process.env, AUTH_HEADER: `Bearer ${key}` },
      stderr: "pipe",
    });
  }
  throw new Error(`Unknown MCP_CLIENT ${FLAVOUR}`);
}

async function connect(key) {
  const client = new Client({ name: `solid-e2e-${FLAVOUR}`, version: "1.0.0" });
  const t = transport(key);
  let stderr = "";
  if (t.stderr) t.stderr.on("data", (chunk) => (stderr += chunk));
  try {
    await client.connect(t);
  } catch (e) {
    throw new Error(`[${FLAVOUR}] could not connect: ${e.message}\n${stderr}`);
  }
  return client;
}

async function rest(method, pathAndQuery, body, key = KEY, headers = {}) {
  const response = await fetch(new URL(pathAndQuery, API_URL), {
    method,
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

const ok = (result, what) => {
  check(result.isError !== true, `${what}: no error`, result);
  check(result.structuredContent && typeof result.structuredContent === "object", `${what}: structured content`, result);
  check(result.content?.[0]?.type === "text" && result.content[0].text.length > 0, `${what}: text`, result);
  return result.structuredContent;
};
const failed = (result, code, what) => {
  check(result.isError === true, `${what}: isError`, result);
  check(result.structuredContent?.code === code, `${what}: code ${code}`, result);
  check(result.content?.[0]?.text?.includes(code), `${what}: text names ${code}`, result);
  return result.structuredContent;
};

async function main() {
  const client = await connect(KEY);
  const call = (name, args = {}) => client.callTool({ name, arguments: args });

  // --- the catalog -------------------------------------------------------------------------
  const { tools } = await client.listTools();
  const byName = new Map(tools.map((t) => [t.name, t]));
  for (const name of ISSUE_TOOLS) check(byName.has(name), `tools/list has ${name}`);
  check(tools.length >= 25 && tools.length <= 40, `25 to 40 tools (${tools.length})`);
  for (const tool of tools) {
    check(/^[a-z]+(_[a-z]+)*$/.test(tool.name), `${tool.name}: snake_case`);
    check(tool.outputSchema?.type === "object", `${tool.name}: outputSchema`);
    check(tool.annotations && tool.annotations.destructiveHint === false, `${tool.name}: annotations`, tool.annotations);
    const scope = tool._meta?.["dev.solid/scope"];
    check(typeof scope === "string", `${tool.name}: _meta scope`, tool._meta);
    if (scope) check(tool.description.includes(scope.split(" ")[0]), `${tool.name}: description names ${scope}`);
  }
  check(byName.get("send_message").annotations.openWorldHint === true, "send_message is open-world");

  const me = ok(await call("whoami"), "whoami");
  check(me.mode === "test", "whoami: test mode", me);
  check(me.scopes.includes("write:contacts"), "whoami: scopes", me);
  check(Number.isInteger(me.rate_limit.remaining) && me.rate_limit.limit > 0, "whoami: rate limit left", me);

  // --- contacts ------------------------------------------------------------------------------
  const token = randomUUID().slice(0, 8);
  const upserted = ok(await call("upsert_contact", {
    name: `Ann ${token}`, email: `ann-${token}@example.com`, username: `@ann_${token}`, tags: ["trial"],
  }), "upsert_contact");
  check(upserted.created === true, "upsert_contact: created", upserted);
  const contactId = upserted.contact.id;
  const again = ok(await call("upsert_contact", { email: `ann-${token}@example.com`, phone: "+18015550100" }), "upsert_contact again");
  check(again.created === false && again.contact.id === contactId, "upsert_contact updates the same contact", again);
  const got = ok(await call("get_contact", { contact_id: contactId }), "get_contact");
  check(got.email === `ann-${token}@example.com`, "get_contact: the contact", got);
  const tagged = ok(await call("tag_contact", { contact_id: contactId, tags: ["webinar"] }), "tag_contact");
  check(tagged.tags.includes("trial") && tagged.tags.includes("webinar"), "tag_contact keeps and adds tags", tagged);
  for (const n of [2, 3]) {
    ok(await call("upsert_contact", { name: `Ann ${token} ${n}`, email: `ann${n}-${token}@example.com` }), `upsert_contact ${n}`);
  }
  const first = ok(await call("search_contacts", { query: token, limit: 2 }), "search_contacts page 1");
  check(first.total === 3 && first.items.length === 2 && first.has_more === true && first.next_cursor, "page 1: 2 of 3, more", first);
  const second = ok(await call("search_contacts", { query: token, limit: 2, cursor: first.next_cursor }), "search_contacts page 2");
  check(second.items.length === 1 && second.has_more === false && second.next_cursor === null, "page 2: the last one", second);
  const ids = new Set([...first.items, ...second.items].map((c) => c.id));
  check(ids.size === 3, "pages do not overlap", [...ids]);
  ok(await call("get_contact_timeline", { contact_id: contactId }), "get_contact_timeline");
  failed(await call("get_contact", { contact_id: 999999999 }), "not_found", "get_contact of no contact");

  // --- deals -------------------------------------------------------------------------------------
  const pipelines = ok(await call("list_pipelines"), "list_pipelines");
  check(pipelines.total >= 1, "a pipeline exists", pipelines);
  const pipeline = pipelines.items[0];
  const deal = ok(await call("create_deal", { title: `Kitchen ${token}`, amount: 120000, contact_id: contactId }), "create_deal");
  ok(await call("get_deal", { deal_id: deal.id }), "get_deal");
  const found = ok(await call("search_deals", { query: token }), "search_deals");
  check(found.total === 1, "search_deals finds it", found);
  const stages = pipeline.stages ?? [];
  const target = stages.find((s) => (s.kind ?? "open") === "open" && s.name !== deal.stage) ?? stages[1];
  check(target, "pipeline has another stage", pipeline);
  const moved = ok(await call("move_deal_stage", { deal_id: deal.id, stage: target.name }), "move_deal_stage");
  check(moved.stage === target.name, "move_deal_stage moved it", moved);
  const noStage = await call("move_deal_stage", { deal_id: deal.id, stage: "No such stage" });
  check(noStage.isError === true && typeof noStage.structuredContent?.code === "string", "move_deal_stage to no stage: the API's error", noStage);

  // --- activities and tasks ----------------------------------------------------------------------
  ok(await call("log_activity", { type: "call", contact_id: contactId, subject: "Intro call", body: "Wants a quote by Friday", duration_seconds: 600 }), "log_activity");
  const task = ok(await call("create_task", { title: `Send quote ${token}`, contact_id: contactId, priority: "high" }), "create_task");
  const tasks = ok(await call("list_tasks", { contact_id: contactId }), "list_tasks");
  check(tasks.items.some((t) => t.id === task.id), "list_tasks has the task", tasks);
  const done = ok(await call("complete_task", { task_id: task.id }), "complete_task");
  check(done.status === "done", "complete_task: done", done);

  // --- messaging ---------------------------------------------------------------------------------
  const account = await rest("POST", "/api/v1/messaging/accounts", {
    channel: "telegram", sender: `@solid_mcp_${token}_bot`,
    provider: { bot_token: "123456:e2e-token", webhook_secret: "e2e-secret" },
  });
  check(account.status === 201, "fixture: a sender account", account);
  const accounts = ok(await call("list_sender_accounts"), "list_sender_accounts");
  check(accounts.items.some((a) => a.id === account.json.id), "list_sender_accounts has it", accounts);
  const sentResult = await call("send_message", { account_id: account.json.id, to: `@ann_${token}`, text: "Hi {first_name}" });
  const sent = ok(sentResult, "send_message");
  check(sent.dispatched === false && sentResult.content[0].text.includes("nothing was dispatched"), "send_message says test mode dispatched nothing", sentResult);
  ok(await call("list_conversation", { contact_id: contactId }), "list_conversation");

  // Only the owner creates sequences (in test mode, beside the test key's data).
  const sequence = await rest("POST", "/api/v1/sequences", {
    name: `MCP ${token}`, steps: [{ delay_seconds: 86400, account_id: account.json.id, template: "Hello {first_name}" }],
  }, OWNER_TOKEN, { "Solid-Mode": "test" });
  check(sequence.status === 201, "fixture: a sequence", sequence);
  const sequences = ok(await call("list_sequences"), "list_sequences");
  check(sequences.items.some((s) => s.id === sequence.json.id), "list_sequences has it", sequences);
  const enrolled = ok(await call("enroll_in_sequence", { sequence_id: sequence.json.id, contact_id: contactId }), "enroll_in_sequence");
  check(enrolled.status === "active", "enrollment active", enrolled);
  failed(await call("enroll_in_sequence", { sequence_id: sequence.json.id, contact_id: contactId }), "conflict", "enrolling twice");
  const paused = ok(await call("pause_enrollment", { enrollment_id: enrolled.id }), "pause_enrollment");
  check(paused.status === "paused", "paused", paused);
  const resumed = ok(await call("resume_enrollment", { enrollment_id: enrolled.id }), "resume_enrollment");
  check(resumed.status === "active", "resumed", resumed);

  // --- analytics ---------------------------------------------------------------------------------
  for (const name of ["get_funnel", "get_pipeline_stats", "get_forecast", "get_sequence_stats", "get_revenue"]) {
    ok(await call(name, {}), name);
  }
  const funnel = ok(await call("get_funnel", {}), "get_funnel");
  check(funnel.object === "funnel_report" && funnel.steps.map((s) => s.key).join() === "created,warm,mql,with_deal,won", "the funnel's five steps", funnel);
  check(funnel.steps[0].count >= 1, "the funnel counts the contacts created here", funnel);
  const stats = ok(await call("get_pipeline_stats", { currency: "usd" }), "get_pipeline_stats");
  check(stats.object === "pipeline_report" && stats.stages.length === 6, "every stage of the default pipeline", stats);
  const forecast = ok(await call("get_forecast", { interval: "week", periods: 2 }), "get_forecast");
  check(forecast.periods.length === 2 && forecast.interval === "week", "two weekly periods", forecast);
  failed(await call("get_forecast", { periods: 0 }), "validation_error", "get_forecast with 0 periods");

  // --- payments ----------------------------------------------------------------------------------
  const link = ok(await call("create_payment_link", { amount: 4900, description: `Workshop ${token}`, contact_id: contactId }), "create_payment_link");
  check(typeof link.url === "string", "payment link has a url", link);
  ok(await call("list_orders", { contact_id: contactId }), "list_orders");
  const invoice = await rest("POST", "/api/v1/invoices", { contact_id: contactId });
  check(invoice.status === 201, "fixture: an invoice", invoice);
  const gotInvoice = ok(await call("get_invoice", { invoice_id: invoice.json.id }), "get_invoice");
  check(gotInvoice.id === invoice.json.id, "get_invoice: the invoice", gotInvoice);

  // --- invalid input: every tool refuses an argument it does not take, before any API call ----------
  for (const tool of tools) {
    const result = await call(tool.name, { not_an_argument: true });
    failed(result, "validation_error", `${tool.name} with an unknown argument`);
  }
  failed(await call("search_contacts", { limit: 51 }), "validation_error", "limit over 50");
  failed(await call("log_activity", { type: "fax", contact_id: contactId, body: "x" }), "validation_error", "an enum value it does not have");

  // --- resources and the prompt --------------------------------------------------------------------
  const templates = await client.listResourceTemplates();
  const uris = templates.resourceTemplates.map((t) => t.uriTemplate);
  check(uris.includes("solid://contacts/{id}") && uris.includes("solid://deals/{id}"), "resource templates", uris);
  const resource = await client.readResource({ uri: `solid://contacts/${contactId}` });
  check(JSON.parse(resource.contents[0].text).id === contactId, "solid://contacts/{id} reads the contact", resource);
  const prompt = await client.getPrompt({ name: "summarize_contact", arguments: { contact_id: String(contactId) } });
  check(JSON.stringify(prompt).includes("get_contact"), "summarize_contact prompt", prompt);
  await client.close();

  // --- a read-only key (seed 001's summarization agent) ----------------------------------------------
  const reader = await connect(READONLY_KEY);
  const readable = new Set(["read:contacts", "read:messages", ""]);
  for (const tool of tools) {
    const scopes = tool._meta["dev.solid/scopes"] ?? [];
    if (scopes.every((s) => readable.has(s))) continue;
    const before = await rest("GET", `/api/v1/crm/contacts?search=${token}`);
    const result = await reader.callTool({ name: tool.name, arguments: sampleArguments(tool, { contactId, dealId: deal.id, accountId: account.json.id, sequenceId: sequence.json.id, enrollmentId: enrolled.id, taskId: task.id, invoiceId: invoice.json.id, token }) });
    const refusal = failed(result, "forbidden", `read-only key refused ${tool.name}`);
    check(scopes.includes(refusal.missing_scope) && !readable.has(refusal.missing_scope), `${tool.name}: names the missing scope ${refusal.missing_scope}`, refusal);
    const after = await rest("GET", `/api/v1/crm/contacts?search=${token}`);
    check(before.json.total === after.json.total, `${tool.name}: nothing changed`, [before.json.total, after.json.total]);
  }
  ok(await reader.callTool({ name: "search_contacts", arguments: { query: token } }), "read-only key searches contacts");
  ok(await reader.callTool({ name: "get_contact", arguments: { contact_id: contactId } }), "read-only key reads a contact");
  ok(await reader.callTool({ name: "get_contact_timeline", arguments: { contact_id: contactId } }), "read-only key reads a timeline");
  ok(await reader.callTool({ name: "list_conversation", arguments: { contact_id: contactId } }), "read-only key reads a conversation");
  ok(await reader.callTool({ name: "list_sender_accounts", arguments: {} }), "read-only key lists sender accounts");
  await reader.close();

  // --- an idempotent retry: the same JSON-RPC request sent twice creates one contact -------------------
  await retriedRequestCreatesOneContact(token);

  console.log(`MCP FLOWS PASSED (${FLAVOUR}): ${checks} checks`);
}

/** Arguments that pass a tool's input schema, so that only the scope can refuse it. */
function sampleArguments(tool, f) {
  const samples = {
    contact_id: f.contactId, deal_id: f.dealId, account_id: f.accountId, sequence_id: f.sequenceId,
    enrollment_id: f.enrollmentId, task_id: f.taskId, invoice_id: f.invoiceId,
    title: `Refused ${f.token}`, type: "note", body: "Refused", to: "@nobody", text: "Refused", tags: ["refused"],
    email: `refused-${f.token}@example.com`, amount: 100, description: "Refused", stage: "Won",
  };
  const args = {};
  for (const name of tool.inputSchema.required ?? []) args[name] = samples[name];
  return args;
}

async function retriedRequestCreatesOneContact(token) {
  const t = transport(KEY);
  const answers = new Map();
  let waiting = [];
  t.onmessage = (message) => {
    if (message.id !== undefined) {
      const list = answers.get(message.id) ?? [];
      list.push(message);
      answers.set(message.id, list);
      waiting.forEach((w) => w());
    }
  };
  const answerTo = (id, count) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`[${FLAVOUR}] no answer to ${id}`)), 30000);
      const test = () => {
        if ((answers.get(id) ?? []).length >= count) {
          clearTimeout(timer);
          resolve(answers.get(id));
        }
      };
      waiting.push(test);
      test();
    });
  await t.start();
  await t.send({
    jsonrpc: "2.0", id: "init-1", method: "initialize",
    params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "retry", version: "1" } },
  });
  const [init] = await answerTo("init-1", 1);
  check(init.result?.protocolVersion, "raw initialize", init);
  if (t.setProtocolVersion) t.setProtocolVersion(init.result.protocolVersion);
  await t.send({ jsonrpc: "2.0", method: "notifications/initialized" });
  const email = `retry-${token}@example.com`;
  const request = {
    jsonrpc: "2.0", id: "retry-42", method: "tools/call",
    params: { name: "upsert_contact", arguments: { name: `Retry ${token}`, email } },
  };
  await t.send(request);
  await answerTo("retry-42", 1);
  await t.send(structuredClone(request));
  const [a, b] = await answerTo("retry-42", 2);
  check(a.result && !a.result.isError && b.result && !b.result.isError, "both answers are results", [a, b]);
  check(a.result.structuredContent.contact.id === b.result.structuredContent.contact.id, "the same contact both times", [a, b]);
  check(a.result.structuredContent.created === true && b.result.structuredContent.created === true, "the retry replays the first answer (created)", [a, b]);
  const list = await rest("GET", `/api/v1/crm/contacts?search=${encodeURIComponent(email)}`);
  check(list.json.total === 1, "exactly one contact was created", list.json);
  await t.close();
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e.stack ?? String(e));
    process.exit(1);
  },
);
