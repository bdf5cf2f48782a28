// Helder's service worker: opens the app without network and keeps the last loaded data.
// offline/write_service_worker.mjs puts BUILD (a hash of the whole build) and SHELL (each
// file of the build with its SHA-256) in front of this file after every Trunk build.
//
// - The app shell lives in one cache per build, filled only when every file arrived with
//   the hash the build wrote down, so a deploy in progress is never cached half; the
//   previous build's cache is deleted once the new one is complete. A page is served
//   wholly from one build's cache.
// - manifest.json and the spec are fetched from the network first, for six seconds at
//   most when a saved copy exists (a weak connection may never answer); the last good copy is
//   kept with the time it was saved (header x-helder-saved), which the page shows when it
//   runs on that copy. Data files are kept under the SHA-256 the manifest gives them, so
//   a cached file never meets a manifest it does not belong to.
// - Only GET requests of this site below the worker's scope are handled; other origins
//   are never touched or cached.
/* global BUILD, SHELL */

const SHELL_CACHE = `helder-shell-${BUILD}`;
const DATA_CACHE = 'helder-data';
const SAVED_HEADER = 'x-helder-saved';
/**
 * How long the network may take for a manifest, spec, boundaries or first view before the
 * saved copy is used. A phone on a weak connection ("lie-fi") may never answer at all, and
 * without a limit the page would wait for the operating system to give up, minutes later.
 */
const NETWORK_TIMEOUT_MS = 6000;

const scope = self.registration.scope;
const INDEX = new URL('index.html', scope).href;
const shellHash = new Map(SHELL.map(([file, hash]) => [new URL(file, scope).href, hash]));

/** A response's headers for a copy of its (already decoded) body. */
function copyHeaders(res) {
  const headers = new Headers(res.headers);
  headers.delete('content-encoding');
  headers.delete('content-length');
  return headers;
}

async function sha256(buffer) {
  const digest = await crypto.subtle.digest('SHA-256', buffer);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    // Fetch and check everything before writing anything: all of this build, or nothing.
    const files = await Promise.all([...shellHash].map(async ([url, hash]) => {
      const res = await fetch(url, { cache: 'reload' });
      if (!res.ok) throw new Error(`${url}: ${res.status}`);
      const body = await res.arrayBuffer();
      if ((await sha256(body)) !== hash) throw new Error(`${url} is not this build's file`);
      return [url, new Response(body, { headers: copyHeaders(res) })];
    }));
    const cache = await caches.open(SHELL_CACHE);
    await Promise.all(files.map(([url, res]) => cache.put(url, res)));
    await self.skipWaiting();
  })().catch(async (e) => {
    await caches.delete(SHELL_CACHE);
    throw e;
  }));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('helder-shell-') && name !== SHELL_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

/** A file of the shell from this build's cache (the network only if it went missing). */
async function shell(url) {
  const hit = await (await caches.open(SHELL_CACHE)).match(url);
  return hit ?? fetch(url);
}

/**
 * Network first, the saved copy when the network fails or takes longer than
 * NETWORK_TIMEOUT_MS; a manifest also retires the files it no longer lists.
 */
async function networkFirst(request, isManifest) {
  const url = new URL(request.url);
  url.search = '';
  const cache = await caches.open(DATA_CACHE);
  const saved = await cache.match(url.href);
  const controller = new AbortController();
  // The limit covers the body too: a weak connection may send the headers and stall.
  const timer = saved ? setTimeout(() => controller.abort(), NETWORK_TIMEOUT_MS) : null;
  let res;
  let body;
  try {
    res = await fetch(request, { signal: controller.signal });
    body = await res.arrayBuffer();
  } catch (e) {
    if (saved) return saved;
    throw e;
  } finally {
    if (timer) clearTimeout(timer);
  }
  const headers = copyHeaders(res);
  if (res.ok) {
    const kept = new Headers(headers);
    kept.set(SAVED_HEADER, String(Date.now()));
    await cache.put(url.href, new Response(body, { headers: kept }));
    if (isManifest) await retire(cache, url, body);
  }
  // The body was read for the limit above, so the page gets a new response around it.
  const empty = res.status === 204 || res.status === 304;
  return new Response(empty ? null : body, { status: res.status, statusText: res.statusText, headers });
}

/** The files of a manifest's folder with their hashes, from its text. */
function listed(folder, body) {
  try {
    const manifest = JSON.parse(new TextDecoder().decode(body));
    return new Map((manifest.datasets ?? [])
      .filter((d) => typeof d.file === 'string' && typeof d.sha256 === 'string')
      .map((d) => [new URL(d.file, folder).href, d.sha256.toLowerCase()]));
  } catch {
    return new Map();
  }
}

/** Deletes the folder's saved data files that the new manifest does not list. */
async function retire(cache, manifestUrl, body) {
  const folder = new URL('.', manifestUrl).href;
  const keep = listed(folder, body);
  for (const req of await cache.keys()) {
    const [file, hash] = req.url.split('?sha256=');
    if (hash && file.startsWith(folder) && keep.get(file) !== hash) await cache.delete(req);
  }
}

/** The hash the folder's saved manifest gives a data file, if it has one. */
async function listedHash(cache, url) {
  const manifest = await cache.match(new URL('manifest.json', url).href);
  return manifest ? listed(new URL('.', url).href, await manifest.arrayBuffer()).get(url.href) : undefined;
}

/**
 * A data file: the copy saved under the manifest's hash, or the network (then saved).
 * `reporting` is true when the page's report asked for it: that work must not wait for
 * the reports, which include itself.
 */
async function dataFile(request, reporting) {
  const url = new URL(request.url);
  url.search = '';
  const cache = await caches.open(DATA_CACHE);
  let hash = await listedHash(cache, url);
  if (hash) {
    const hit = await cache.match(`${url.href}?sha256=${hash}`);
    if (hit) return hit;
  }
  const res = await fetch(request);
  if (res.ok) {
    const body = await res.clone().arrayBuffer();
    // On a first visit the manifest may still be on its way into the cache (the page
    // reports what it loaded in several messages), so look again once the file is here.
    if (!hash && !reporting) {
      await reported;
      hash = await listedHash(cache, url);
    }
    // Still none: the manifest came before this worker and its report has not arrived yet.
    // One small request for the manifest keeps the file now rather than on the next visit.
    if (!hash && !reporting) {
      await networkFirst(new Request(new URL('manifest.json', url).href), true).catch(() => null);
      hash = await listedHash(cache, url);
    }
    // Only a file that is what the manifest says is kept.
    if (hash && (await sha256(body)) === hash) {
      await cache.put(`${url.href}?sha256=${hash}`, new Response(body, { headers: copyHeaders(res) }));
    }
  }
  return res;
}

/** How a same-site request below the scope is answered, or null for the plain network. */
function route(request) {
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || !url.href.startsWith(scope)) return null;
  const bare = url.origin + url.pathname;
  if (request.mode === 'navigate') return bare === scope || bare === INDEX ? () => shell(INDEX) : null;
  if (shellHash.has(bare)) return () => shell(bare);
  if (url.pathname.endsWith('/manifest.json')) return () => networkFirst(request, true);
  // The spec (dashboard.json and the .toml it was made from), map boundaries and the first
  // view's figures: network first, a saved copy without network (a map page opened offline
  // still draws its areas).
  if (/\.(toml|geojson)$|\/(first_view|dashboard)\.json$/.test(url.pathname)) return () => networkFirst(request, false);
  if (url.pathname.endsWith('.arrow')) return (reporting) => dataFile(request, reporting);
  return null;
}

self.addEventListener('fetch', (event) => {
  const answer = route(event.request);
  if (answer) event.respondWith(answer());
});

/**
 * The work on everything the page reported so far. Reports are handled one after the
 * other, never side by side: a data file reported in a later message than its manifest
 * must find that manifest saved, or it would not know the hash to keep it under.
 */
let reported = Promise.resolve();

// The page reports data it loaded before this worker controlled it (its first visit), so
// that data is kept too: manifests first, as the files are kept under their hashes.
self.addEventListener('message', (event) => {
  const urls = Array.isArray(event.data?.loaded) ? event.data.loaded.filter((u) => typeof u === 'string') : [];
  const requests = urls.map((u) => new Request(u)).filter((r) => route(r) !== null);
  const first = requests.filter((r) => new URL(r.url).pathname.endsWith('/manifest.json'));
  const rest = requests.filter((r) => !first.includes(r));
  const previous = reported;
  reported = (async () => {
    await previous;
    for (const r of first) await route(r)(true).catch(() => null);
    for (const r of rest) await route(r)(true).catch(() => null);
  })();
  event.waitUntil(reported);
});
