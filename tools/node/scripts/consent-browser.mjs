#!/usr/bin/env node
// A stand-in for the owner's browser, for tests only: started by mcp-remote (through the `open`
// package and xdg-open, which run $BROWSER when there is no desktop) with the authorization URL.
// It opens the consent page, signs in and grants what SOLID_OAUTH_SCOPES and SOLID_OAUTH_MODE
// say, then follows the redirect to mcp-remote's loopback callback, as a browser would. It never
// prints a secret: the log file gets statuses and paths only.
import { appendFileSync } from 'node:fs';

const url = process.argv[2];
const log = (line) => {
  if (process.env.SOLID_OAUTH_BROWSER_LOG) {
    appendFileSync(process.env.SOLID_OAUTH_BROWSER_LOG, line + '\n');
  }
};
const decode = (text) =>
  text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

try {
  const page = await fetch(url, { redirect: 'manual' });
  const html = await page.text();
  log(`consent page: ${page.status}`);
  if (page.status !== 200) {
    process.exit(1);
  }
  const form = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    form.append(decode(name), decode(value));
  }
  form.append('email', process.env.SOLID_OAUTH_EMAIL ?? '');
  form.append('password', process.env.SOLID_OAUTH_PASSWORD ?? '');
  for (const scope of (process.env.SOLID_OAUTH_SCOPES ?? 'read:contacts').split(',')) {
    form.append('grant_scope', scope);
  }
  form.append('mode', process.env.SOLID_OAUTH_MODE ?? 'test');
  form.append('decision', 'approve');
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
  const action = new URL('/oauth/authorize', url);
  const consent = await fetch(action, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: form.toString(),
  });
  const location = consent.headers.get('location');
  log(`consent: ${consent.status}`);
  if (consent.status !== 302 || !location) {
    process.exit(1);
  }
  const target = new URL(location);
  if (target.hostname !== 'localhost' && target.hostname !== '127.0.0.1') {
    log(`refusing to follow a redirect off loopback: ${target.origin}`);
    process.exit(1);
  }
  const callback = await fetch(target, { redirect: 'manual' });
  log(`callback ${target.pathname}: ${callback.status}`);
  process.exit(callback.ok ? 0 : 1);
} catch (e) {
  log(`failed: ${e}`);
  process.exit(1);
}
