// Shared helpers. Text from the API is only ever set with textContent, never innerHTML.
"use strict";
window.parley = (function () {
  async function getJSON(url) {
    const res = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      const msg = body && body.error ? body.error.message : res.statusText;
      throw new Error(msg);
    }
    return body;
  }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  // Actor code suggestions for every input bound to the datalist.
  function bindActorSuggestions() {
    const list = document.getElementById("actor-codes");
    if (!list) return;
    let timer = null;
    document.querySelectorAll('input[list="actor-codes"]').forEach((input) => {
      input.addEventListener("input", () => {
        clearTimeout(timer);
        const q = input.value.trim();
        if (q.length < 1) return;
        timer = setTimeout(async () => {
          try {
            const data = await getJSON("/api/actors?limit=15&q=" + encodeURIComponent(q));
            list.replaceChildren(...data.items.map((a) => el("option", { value: a.code }, a.name || a.code)));
          } catch (e) { /* suggestions are optional */ }
        }, 150);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", bindActorSuggestions);
  return { getJSON, el, cssVar };
})();
