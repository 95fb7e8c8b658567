// One MCP session through the gateway while it is served by two mcp-service replicas, one of which
// restarts between the two phases. Fails (exit 1) on any wrong answer.
//
//   MCP_PHASE=open    initialize, then tools/list, whoami and search_contacts a few times (the
//                     gateway spreads them over both replicas); prints "SESSION <id>", leaves the
//                     session open
//   MCP_PHASE=resume  the same session (MCP_SESSION) after the restart: the same calls, then DELETE
//                     of the session, after which the session is refused
//
// Environment: MCP_URL (the gateway's MCP endpoint), SOLID_KEY (a test key), COMPANY_ID,
// CONTACT_TOKEN (a text the names of exactly two contacts of the company contain).
// Run by dev.solid.deploy.e2e.McpReplicasIT.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const PHASE = env("MCP_PHASE");
const KEY = env("SOLID_KEY");
const COMPANY_ID = Number(env("COMPANY_ID"));
const TOKEN = env("CONTACT_TOKEN");

let checks = 0;
function check(condition, what, detail) {
  if (!condition) {
    const shown = detail === undefined ? "" : `\n${JSON.stringify(detail, null, 2)}`;
    throw new Error(`[${PHASE}] FAILED: ${what}${shown}`);
  }
  checks++;
  console.log(`ok ${checks} - ${what}`);
}

const transport = new StreamableHTTPClientTransport(new URL(env("MCP_URL")), {
  requestInit: { headers: { Authorization: `Bearer ${KEY}` } },
  // A client that resumes a session it already has: the SDK does not initialize again.
  sessionId: PHASE === "resume" ? env("MCP_SESSION") : undefined,
});
const client = new Client({ name: "solid-replicas-it", version: "1.0.0" });

async function exercise(round) {
  const tools = await client.listTools();
  const names = tools.tools.map((t) => t.name);
  check(names.includes("whoami") && names.includes("search_contacts"), `tools/list ${round}`, names);
  const me = await client.callTool({ name: "whoami", arguments: {} });
  check(!me.isError && me.structuredContent?.company_id === COMPANY_ID, `whoami ${round}`, me);
  const found = await client.callTool({ name: "search_contacts", arguments: { query: TOKEN } });
  check(!found.isError && found.structuredContent?.total === 2, `search_contacts ${round}`, found);
}

try {
  await client.connect(transport);
  check(typeof transport.sessionId === "string" && transport.sessionId.startsWith("mcps_"),
    "a session id of the gateway", transport.sessionId);
  for (let round = 1; round <= 4; round++) {
    await exercise(round);
  }
  if (PHASE === "open") {
    console.log(`SESSION ${transport.sessionId}`);
  } else {
    await transport.terminateSession();
    check(transport.sessionId === undefined, "the session is closed");
    const after = new StreamableHTTPClientTransport(new URL(env("MCP_URL")), {
      requestInit: { headers: { Authorization: `Bearer ${KEY}` } },
      sessionId: env("MCP_SESSION"),
    });
    const stale = new Client({ name: "solid-replicas-it", version: "1.0.0" });
    await stale.connect(after);
    let refused = false;
    try {
      await stale.listTools();
    } catch (e) {
      refused = /404/.test(String(e?.message ?? e));
    }
    check(refused, "a closed session is refused with 404");
  }
  console.log(`MCP REPLICA FLOWS PASSED (${PHASE}, ${checks} checks)`);
  process.exit(0);
} catch (e) {
  console.error(e?.stack ?? String(e));
  process.exit(1);
}
