/* The search page (newsdesk/search.html) on Pagefind's JavaScript API.

   The index is in pagefind/ at the site root (newsdesk.writing.search writes it
   at the end of every build); a search downloads only the chunks its words
   need. The query and its options live in the URL (?q=…&tag=…&sort=date):
   typing replaces the history entry, a submit or a changed option adds one,
   and Back restores the search it left. Posts are the results; entity, tag
   and series pages that match are listed apart, under "Topics".

   The filter menus come filled from the build, so nothing here asks for
   every filter's values (pagefind.filters() downloads each filter's whole
   chunk). Only topic pages carry a "kind" filter: posts are "not" those
   kinds, which needs only the topic pages' small chunk. */
(() => {
  "use strict";

  const PAGE_SIZE = 10;
  const FILTERS = ["tag", "entity", "publisher", "series", "year"];
  const KIND_LABELS = { entity: "About", tag: "Tag", series: "Series" };
  const TOPICS = { kind: { any: Object.keys(KIND_LABELS) } };
  // This file is _static/search.js: the site root is one folder up, under
  // html and dirhtml builds alike, and on any host path (/en/latest/).
  const root = new URL("../", document.currentScript.src);

  const form = document.getElementById("nd-search-form");
  const input = document.getElementById("nd-search-q");
  const sort = document.getElementById("nd-search-sort");
  const selects = Object.fromEntries(
    FILTERS.map((key) => [key, document.getElementById(`nd-search-${key}`)])
  );
  const status = document.getElementById("nd-search-status");
  const topics = document.getElementById("nd-search-topics");
  const posts = document.getElementById("nd-search-posts");
  const list = posts.querySelector("ol");
  const more = posts.querySelector("button");

  let pagefind = null;
  let pending = []; // result handles not shown yet ("Show more posts")
  let run = 0; // the latest search; older ones drop their results
  let typing = null;
  let chosen = ""; // the order the reader asked for: "" best match, or "date"

  /** The search the URL asks for: words, filter values, order. */
  function stateFromUrl() {
    const params = new URLSearchParams(window.location.search);
    const state = { q: (params.get("q") || "").trim(), sort: "", filters: {} };
    if (params.get("sort") === "date") state.sort = "date";
    for (const key of FILTERS) {
      const value = params.get(key);
      if (value) state.filters[key] = value;
    }
    return state;
  }

  function stateFromForm() {
    const state = { q: input.value.trim(), sort: chosen, filters: {} };
    for (const key of FILTERS) {
      if (selects[key].value) state.filters[key] = selects[key].value;
    }
    return state;
  }

  function urlFor(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    for (const key of FILTERS) {
      if (state.filters[key]) params.set(key, state.filters[key]);
    }
    if (state.sort) params.set("sort", state.sort);
    const query = params.toString();
    return window.location.pathname + (query ? `?${query}` : "");
  }

  function fillForm(state) {
    input.value = state.q;
    chosen = state.sort;
    showOrder();
    for (const key of FILTERS) {
      const select = selects[key];
      const value = state.filters[key] || "";
      if (value && ![...select.options].some((o) => o.value === value)) {
        select.add(new Option(value, value)); // a value from a shared link
      }
      select.value = value;
    }
  }

  const escapeHtml = (text) =>
    text.replace(
      /[&<>"']/g,
      (c) =>
        ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]
    );

  const words = (query) =>
    query
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 1);

  /** Escaped text with words that begin with a query word in <mark>. The
      words are found in the text itself, not in its escaped form, where "lt"
      matched inside "&lt;" and showed the entity's letters. */
  function highlight(text, terms) {
    if (!terms.length) return { html: escapeHtml(text), found: false };
    const pattern = terms
      .map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("|");
    const re = new RegExp(`(^|[^\\p{L}\\p{N}])((?:${pattern})[\\p{L}\\p{N}]*)`, "giu");
    let html = "";
    let shown = 0; // how much of the text is in html
    for (const match of text.matchAll(re)) {
      const start = match.index + match[1].length;
      html += `${escapeHtml(text.slice(shown, start))}<mark>${escapeHtml(match[2])}</mark>`;
      shown = start + match[2].length;
    }
    return { html: html + escapeHtml(text.slice(shown)), found: shown > 0 };
  }

  /** Pagefind's excerpt as safe HTML: its own <mark>s kept, every other
      character shown as text. Pagefind escapes only < and > in it, so a post
      whose text read "&#x202e;" put a real right-to-left override into the
      results, reversing what followed. */
  function excerptHtml(excerpt) {
    const named = { lt: "<", gt: ">", amp: "&", quot: '"', "#39": "'" };
    const text = (part) =>
      escapeHtml(part.replace(/&(lt|gt|amp|quot|#39);/g, (_, name) => named[name]));
    return excerpt
      .split(/(<mark>[\s\S]*?<\/mark>)/)
      .map((part) =>
        part.startsWith("<mark>") && part.endsWith("</mark>")
          ? `<mark>${text(part.slice(6, -7))}</mark>`
          : text(part)
      )
      .join("");
  }

  function link(data, state) {
    // Sphinx's sphinx_highlight.js marks these words on the page it opens.
    const url = new URL(data.url, root);
    if (state.q) url.searchParams.set("highlight", state.q);
    return url.pathname + url.search + url.hash;
  }

  function postItem(data, state) {
    const terms = words(state.q);
    const meta = data.meta || {};
    const item = document.createElement("li");
    item.className = "nd-search-result";
    const title = highlight(meta.title || data.url, terms).html;
    const details = [meta.date, meta.publisher].filter(Boolean).map(escapeHtml);
    const summary = highlight(meta.summary || "", terms);
    let html =
      `<h3 class="nd-search-result__title"><a href="${escapeHtml(link(data, state))}">${title}</a></h3>` +
      `<p class="nd-search-result__meta">${details.join(" · ")}</p>`;
    if (summary.html) {
      html += `<p class="nd-search-result__excerpt">${summary.html}</p>`;
    }
    // The summary does not show why the post matched: add the words around
    // the match from its body (Pagefind's excerpt, with its <mark>s).
    if ((!summary.found || !summary.html) && terms.length && data.excerpt) {
      html += `<p class="nd-search-result__context">…${excerptHtml(data.excerpt)}…</p>`;
    }
    item.innerHTML = html;
    return item;
  }

  function topicItem(data, state) {
    const meta = data.meta || {};
    const item = document.createElement("li");
    const label = KIND_LABELS[meta.kind] || "";
    const name = highlight(meta.title || data.url, words(state.q)).html;
    item.innerHTML =
      `<span class="nd-label">${escapeHtml(label)}:</span> ` +
      `<a href="${escapeHtml(link(data, state))}">${name}</a>`;
    return item;
  }

  /** The data of the next PAGE_SIZE results not shown yet. */
  function nextBatch() {
    return Promise.all(pending.splice(0, PAGE_SIZE).map((r) => r.data()));
  }

  async function showMore(state, id) {
    const loaded = await nextBatch();
    if (id !== run) return;
    list.append(...loaded.map((data) => postItem(data, state)));
    more.hidden = pending.length === 0;
  }

  /** The order menu shows the order results come in: without words there is
      no best match, so that choice is greyed out and "Newest first" shown. */
  function showOrder() {
    const words = input.value.trim() !== "";
    sort.options[0].disabled = !words;
    sort.value = words ? chosen : "date";
  }

  /** Newest first when asked, and when there are no words to match: without
      them Pagefind lists the posts a filter allows in its index's order. */
  const newestFirst = (state) => state.sort === "date" || !state.q;

  function describe(count, state) {
    const what = count === 1 ? "1 post" : `${count} posts`;
    const filters = FILTERS.filter((k) => state.filters[k]).map(
      (k) => state.filters[k]
    );
    let text = state.q ? `${what} found for “${state.q}”` : `${what} found`;
    if (filters.length) text += `, filtered by ${filters.join(", ")}`;
    if (newestFirst(state)) text += ", newest first";
    return `${text}.`;
  }

  function nothing(state, hasFilter) {
    if (!state.q) return "No posts have all of these filters.";
    return `Nothing found for “${state.q}”${hasFilter ? " with these filters" : ""}.`;
  }

  async function search(state) {
    const id = ++run;
    await ready;
    if (id !== run) return;
    const hasFilter = FILTERS.some((k) => state.filters[k]);
    if (!state.q && !hasFilter) {
      list.replaceChildren();
      topics.hidden = posts.hidden = true;
      status.textContent = "";
      return;
    }
    const query = state.q || null; // null: every post the filters allow
    const found = await pagefind.search(query, {
      filters: { ...state.filters, not: TOPICS },
      sort: newestFirst(state) ? { date: "desc" } : undefined,
    });
    // Entity, tag and series pages only for plain searches: a filter or an
    // order asks for posts.
    const pages =
      state.q && !hasFilter && !state.sort
        ? await pagefind.search(query, {
            filters: TOPICS,
          })
        : null;
    if (id !== run) return;
    pending = found.results.slice();
    const [loaded, topicData] = await Promise.all([
      nextBatch(),
      pages ? Promise.all(pages.results.slice(0, 5).map((r) => r.data())) : [],
    ]);
    if (id !== run) return;
    // Posts, topics and the count change together, in one frame: a result
    // shown first would be pushed down by the topics and the count above it.
    list.replaceChildren(...loaded.map((data) => postItem(data, state)));
    more.hidden = pending.length === 0;
    topics.querySelector("ul").replaceChildren(
      ...topicData.map((data) => topicItem(data, state))
    );
    topics.hidden = topicData.length === 0;
    posts.hidden = found.results.length === 0;
    status.textContent =
      found.results.length || topicData.length
        ? describe(found.results.length, state)
        : nothing(state, hasFilter);
  }

  function go(state, how) {
    const url = urlFor(state);
    if (url !== window.location.pathname + window.location.search) {
      window.history[how === "push" ? "pushState" : "replaceState"](null, "", url);
    }
    return search(state).catch(failed);
  }

  function failed(error) {
    status.textContent = "Search is unavailable: its index could not be loaded.";
    console.error(error);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typing);
    go(stateFromForm(), "push");
  });
  input.addEventListener("input", () => {
    showOrder();
    clearTimeout(typing);
    if (pagefind) pagefind.preload(input.value);
    typing = setTimeout(() => go(stateFromForm(), "replace"), 300);
  });
  sort.addEventListener("change", () => {
    chosen = sort.value; // before the search below reads it
  });
  for (const select of [sort, ...Object.values(selects)]) {
    select.addEventListener("change", () => go(stateFromForm(), "push"));
  }
  more.addEventListener("click", () => {
    const next = list.children.length;
    showMore(stateFromForm(), run).then(() => {
      // Keyboard users continue from the first newly shown post.
      list.children[next]?.querySelector("a")?.focus();
    });
  });
  window.addEventListener("popstate", () => {
    const state = stateFromUrl();
    fillForm(state);
    search(state).catch(failed);
  });

  // The index loads once; searches asked for meanwhile wait for it.
  const ready = (async () => {
    pagefind = await import(new URL("pagefind/pagefind.js", root).href);
    await pagefind.options({ baseUrl: root.pathname, excerptLength: 24 });
  })();
  ready.catch(failed);

  // The words and options of the URL show at once, while the index loads.
  const initial = stateFromUrl();
  fillForm(initial);
  // Drop what the sidebar's form adds (check_keywords, area): the URL keeps
  // only what this page reads, so it stays short to share.
  window.history.replaceState(null, "", urlFor(initial));
  search(initial).catch(failed);
})();
