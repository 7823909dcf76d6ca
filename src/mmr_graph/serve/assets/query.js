// The query page: named questions as examples, queries POSTed to /sparql, answers shown as a table.
// Values are only ever written with textContent; links only to http(s) IRIs or this endpoint's /id/ pages.
"use strict";
(function () {
  const ID = "https://w3id.org/mmr-graph/id/";
  const NUMERIC = /#(integer|decimal|double|float|int|long|nonNegativeInteger|positiveInteger)$/;
  const byId = (id) => document.getElementById(id);
  const form = byId("form"), query = byId("query"), examples = byId("examples");
  const description = byId("description"), status = byId("status"), results = byId("results");
  let prefixes = [];
  let named = [];

  function compact(iri) {
    let best = null;
    for (const [prefix, ns] of prefixes) {
      if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) best = [prefix, ns];
    }
    return best ? best[0] + ":" + iri.slice(best[1].length) : iri;
  }

  function href(iri) {
    if (iri.startsWith(ID)) return "/id/" + iri.slice(ID.length);
    return /^https?:\/\//i.test(iri) ? iri : null;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const target = href(term.value);
      const node = document.createElement(target ? "a" : "span");
      if (target) node.href = target;
      node.title = term.value;
      node.textContent = compact(term.value);
      td.appendChild(node);
    } else if (term.type === "literal") {
      td.textContent = term.value;
      if (term.datatype && NUMERIC.test(term.datatype)) td.className = "num";
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else {
      td.textContent = JSON.stringify(term.value);
    }
    return td;
  }

  function showTable(data) {
    const vars = data.head.vars || [];
    const table = document.createElement("table");
    const head = table.createTHead().insertRow();
    for (const v of vars) {
      const th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const binding of data.results.bindings) {
      const row = body.insertRow();
      for (const v of vars) row.appendChild(cell(binding[v]));
    }
    results.replaceChildren(table);
    return data.results.bindings.length;
  }

  function showText(text, className) {
    const pre = document.createElement("pre");
    pre.className = className;
    pre.textContent = text;
    results.replaceChildren(pre);
  }

  function updateLinks() {
    const q = encodeURIComponent(query.value);
    byId("as-csv").href = "/sparql?format=csv&query=" + q;
    byId("as-json").href = "/sparql?format=json&query=" + q;
  }

  async function run(event) {
    if (event) event.preventDefault();
    status.textContent = "running…";
    const started = performance.now();
    try {
      const response = await fetch("/sparql", {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Accept": "application/sparql-results+json, text/turtle;q=0.9",
        },
        body: new URLSearchParams({ query: query.value }),
      });
      const type = response.headers.get("Content-Type") || "";
      const ms = Math.round(performance.now() - started);
      if (!response.ok) {
        showText(await response.text(), "error");
        status.textContent = "error " + response.status;
        return;
      }
      let summary;
      if (type.includes("sparql-results+json")) {
        const data = await response.json();
        if ("boolean" in data) {
          showText(String(data.boolean), "graph");
          summary = "answer";
        } else {
          const n = showTable(data);
          summary = n + (n === 1 ? " row" : " rows");
        }
      } else {
        showText(await response.text(), "graph");
        summary = "graph";
      }
      const cut = response.headers.get("X-SPARQL-MaxRows") ? " (cut at the row limit)" : "";
      status.textContent = summary + " in " + ms + " ms" + cut;
    } catch (error) {
      showText(String(error), "error");
      status.textContent = "failed";
    }
  }

  function choose() {
    const q = named.find((item) => item.name === examples.value);
    if (!q) return;
    query.value = q.sparql;
    description.textContent = q.description;
    updateLinks();
  }

  form.addEventListener("submit", run);
  examples.addEventListener("change", choose);
  query.addEventListener("input", updateLinks);
  query.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run(event);
  });
  updateLinks();

  fetch("/queries")
    .then((response) => response.json())
    .then((data) => {
      prefixes = Object.entries(data.prefixes);
      named = data.queries;
      for (const q of named) {
        const option = document.createElement("option");
        option.value = q.name;
        option.textContent = q.title;
        examples.appendChild(option);
      }
      const wanted = new URLSearchParams(location.hash.slice(1)).get("q");
      if (wanted && named.some((q) => q.name === wanted)) {
        examples.value = wanted;
        choose();
      }
    })
    .catch(() => { description.textContent = "(the named questions could not be loaded)"; });
})();
