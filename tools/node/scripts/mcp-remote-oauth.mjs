// Drives mcp-remote (as seed 001's claude_desktop_config.json starts it: no --header) over stdio
// with the MCP SDK's stdio client. mcp-remote gets a 401 from the gateway, runs its own OAuth
// client (discovery, registration, PKCE, its loopback callback) and opens the authorization URL in
// "the browser": consent-browser.mjs, through BROWSER, which signs the owner in and consents. Then
// the MCP session goes on with the token. Prints one JSON line with what the session saw.
//
// usage: node mcp-remote-oauth.mjs <server url> <config dir> <browser log> <email> <password>
//        <scopes comma-separated> <mode>
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const [serverUrl, configDir, browserLog, email, password, scopes, mode] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const env = { ...process.env };
// No desktop: xdg-open then hands the URL to $BROWSER.
for (const name of ['DISPLAY', 'WAYLAND_DISPLAY', 'XDG_CURRENT_DESKTOP', 'DESKTOP_SESSION', 'KDE_FULL_SESSION', 'GNOME_DESKTOP_SESSION_ID']) {
  delete env[name];
}
Object.assign(env, {
  BROWSER: path.join(here, 'consent-browser.mjs'),
  MCP_REMOTE_CONFIG_DIR: configDir,
  SOLID_OAUTH_BROWSER_LOG: browserLog,
  SOLID_OAUTH_EMAIL: email,
  SOLID_OAUTH_PASSWORD: password,
  SOLID_OAUTH_SCOPES: scopes,
  SOLID_OAUTH_MODE: mode,
});

const transport = new StdioClientTransport({
  command: path.join(here, '..', 'node_modules', '.bin', 'mcp-remote'),
  args: [serverUrl, '--auth-timeout', '60'],
  env,
  stderr: 'inherit',
});
const client = new Client({ name: 'solid-oauth-e2e', version: '1.0.0' });
const result = {};
try {
  await client.connect(transport);
  result.server = client.getServerVersion();
  const tools = await client.listTools();
  result.tools = tools.tools.map((tool) => tool.name);
  const whoami = tools.tools.find((tool) => tool.name === 'whoami');
  result.ok = true;
  if (whoami) {
    // Reported, not required: the tool's own answer depends on the gateway's hop to the API.
    try {
      const called = await client.callTool({ name: 'whoami', arguments: {} });
      result.whoami = called.structuredContent ?? null;
      result.whoamiIsError = called.isError ?? false;
    } catch (e) {
      result.whoamiFailure = String(e);
    }
  }
} catch (e) {
  result.ok = false;
  result.error = String(e);
} finally {
  await client.close().catch(() => {});
}
console.log('RESULT ' + JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
