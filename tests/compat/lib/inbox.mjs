// SPDX-License-Identifier: Apache-2.0
// Reads codes from the start-dev development inbox (GET /_dev/inbox?format=json), as a person reads their mail.

export async function inbox(url, poolId) {
  const query = poolId ? `&poolId=${encodeURIComponent(poolId)}` : '';
  const res = await fetch(`${url}/_dev/inbox?format=json&limit=1000${query}`);
  if (!res.ok) throw new Error(`inbox answered ${res.status}`);
  return (await res.json()).messages;
}

/** The newest message to `destination` (waits briefly: delivery is part of the call, but be tolerant). */
export async function latestMessage(url, destination, { timeoutMs = 5000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await inbox(url)).find((m) => m.destination === destination);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no message to ${destination}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function latestCode(url, destination) {
  return (await latestMessage(url, destination)).code;
}
