extension ConsoleAssets {
    /// Helpers, the router and the two lists. Every string from a definition, an input or an output
    /// reaches the page through `textContent` (the `h` helper), never as markup.
    static let scriptCore = #"""
        "use strict";
        const TOKEN = document.querySelector('meta[name="sfn-token"]').content;
        const main = document.getElementById("main");
        const STATUSES = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"];
        let cleanup = [];

        function h(tag, attrs, ...children) {
          const el = document.createElement(tag);
          for (const [k, v] of Object.entries(attrs || {})) {
            if (v === null || v === undefined || v === false) continue;
            if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
            else if (k === "class") el.className = v;
            else el.setAttribute(k, v === true ? "" : String(v));
          }
          for (const c of children.flat(Infinity)) {
            if (c === null || c === undefined || c === false) continue;
            el.append(c instanceof Node ? c : document.createTextNode(String(c)));
          }
          return el;
        }
        function pad(n, w) { return String(n).padStart(w || 2, "0"); }
        function when(ms) {
          if (ms === null || ms === undefined) return "";
          const d = new Date(ms);
          return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
            `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
        }
        function duration(ms) {
          if (ms === null || ms === undefined || isNaN(ms)) return "";
          if (ms < 1000) return `${Math.round(ms)} ms`;
          if (ms < 60000) return `${(ms / 1000).toFixed(2)} s`;
          const m = Math.floor(ms / 60000), s = Math.round((ms % 60000) / 1000);
          return m < 60 ? `${m} min ${s} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
        }
        function badge(status) { return h("span", { class: `badge s-${status}` }, status); }
        function toast(text, bad) {
          const box = h("div", { class: bad ? "bad" : "" }, text);
          document.getElementById("toast").append(box);
          setTimeout(() => box.remove(), 6000);
        }
        async function api(path, options) {
          const opts = options || {};
          const headers = { "Accept": "application/json" };
          if (opts.method === "POST") { headers["X-SFN-Console-Token"] = TOKEN; headers["Content-Type"] = "application/json"; }
          const response = await fetch(path, { method: opts.method || "GET", headers, body: opts.body,
            credentials: "same-origin" });
          const text = await response.text();
          let value = null;
          try { value = JSON.parse(text); } catch (e) { value = { message: text }; }
          if (!response.ok) throw new Error((value && value.message) || `${response.status}`);
          return value;
        }
        function pretty(text) {
          if (text === null || text === undefined) return "";
          try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return String(text); }
        }
        function link(href, text) {
          return h("a", { href, onclick: (ev) => {
            if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
            ev.preventDefault(); go(href);
          } }, text);
        }
        function go(href) { history.pushState(null, "", href); route(); }
        function setTitle(text) { document.title = `${text} · sfn console`; }
        function executionHref(arn) { return `/executions/${encodeURIComponent(arn)}`; }
        function machineHref(name) { return `/state-machines/${encodeURIComponent(name)}`; }

        function route() {
          for (const f of cleanup) f();
          cleanup = [];
          const path = location.pathname;
          document.querySelectorAll(".top nav a").forEach((a) => {
            const view = a.getAttribute("data-view");
            if (path.startsWith("/" + view) || (path === "/" && view === "state-machines")) a.setAttribute("aria-current", "page");
            else a.removeAttribute("aria-current");
          });
          let view;
          if (path === "/" || path === "/state-machines") view = machinesView();
          else if (path.startsWith("/state-machines/")) view = machineView(decodeURIComponent(path.slice(16)));
          else if (path === "/executions") view = executionsView();
          else if (path.startsWith("/executions/")) view = executionView(decodeURIComponent(path.slice(12)));
          else view = Promise.resolve(h("p", {}, "No such page."));
          view.catch((e) => h("p", { class: "check bad", role: "alert" }, `Could not load: ${e.message}`))
            .then((node) => { main.replaceChildren(node); document.body.dataset.view = path.split("/")[1] || "state-machines"; });
        }
        window.addEventListener("popstate", route);
        document.querySelectorAll(".top a").forEach((a) => a.addEventListener("click", (ev) => {
          if (ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
          ev.preventDefault(); go(a.getAttribute("href"));
        }));

        async function machinesView() {
          setTitle("State machines");
          const machines = await api("/console/api/state-machines");
          const rows = machines.map((m) => h("tr", {},
            h("td", {}, link(machineHref(m.name), m.name)),
            h("td", {}, m.type),
            h("td", {}, when(m.creationDate)),
            h("td", {}, STATUSES.filter((s) => m.counts[s] > 0).map((s) =>
              link(`/executions?stateMachine=${encodeURIComponent(m.name)}&status=${s}`, badge(`${s} ${m.counts[s]}`)))),
            h("td", {}, m.lastStartDate ? when(m.lastStartDate) : h("span", { class: "muted" }, "never"))));
          return h("section", {},
            h("h1", {}, "State machines"),
            machines.length === 0
              ? h("p", { class: "muted" }, "The store has no state machine yet: sfn run FILE, or CreateStateMachine on this server.")
              : h("table", {}, h("thead", {}, h("tr", {}, ["Name", "Type", "Created", "Executions by status", "Last run"]
                  .map((t) => h("th", { scope: "col" }, t)))), h("tbody", {}, rows)));
        }

        async function executionsView() {
          setTitle("Executions");
          const params = new URLSearchParams(location.search);
          const machines = await api("/console/api/state-machines");
          const status = h("select", { id: "filter-status", name: "status" }, h("option", { value: "" }, "Any status"),
            STATUSES.map((s) => h("option", { value: s, selected: params.get("status") === s }, s)));
          const machine = h("select", { id: "filter-machine", name: "stateMachine" }, h("option", { value: "" }, "Any state machine"),
            machines.map((m) => h("option", { value: m.name, selected: params.get("stateMachine") === m.name }, m.name)));
          const prefix = h("input", { id: "filter-prefix", name: "prefix", type: "search", value: params.get("prefix") || "",
            placeholder: "Name starts with" });
          const since = h("input", { id: "filter-since", name: "since", type: "datetime-local", step: "1" });
          if (params.get("since")) {
            const d = new Date(Number(params.get("since")));
            since.value = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
          }
          const body = h("tbody", {});
          const pager = h("div", { class: "pager" });
          const timing = h("span", { class: "muted", id: "list-timing" });
          const cursors = [""];
          async function load(page) {
            const q = new URLSearchParams();
            if (status.value) q.set("status", status.value);
            if (machine.value) q.set("stateMachine", machine.value);
            if (prefix.value) q.set("prefix", prefix.value);
            if (since.value) q.set("since", String(new Date(since.value).getTime()));
            history.replaceState(null, "", q.toString() ? `/executions?${q}` : "/executions");
            if (cursors[page]) q.set("after", cursors[page]);
            const result = await api(`/console/api/executions?${q}`);
            cursors[page + 1] = result.next;
            body.replaceChildren(...result.executions.map((e) => h("tr", { "data-arn": e.executionArn },
              h("td", {}, link(executionHref(e.executionArn), e.name)),
              h("td", {}, link(machineHref(e.stateMachineName), e.stateMachineName)),
              h("td", {}, badge(e.status)),
              h("td", {}, when(e.startDate)),
              h("td", {}, e.stopDate ? duration(e.stopDate - e.startDate) : ""))));
            if (result.executions.length === 0) body.append(h("tr", {}, h("td", { colspan: 5, class: "muted" }, "No execution matches.")));
            timing.textContent = `page ${page + 1} · store ${result.elapsedMs} ms`;
            pager.replaceChildren(
              h("button", { disabled: page === 0, onclick: () => load(page - 1) }, "Newer"),
              h("button", { disabled: !result.next, onclick: () => load(page + 1) }, "Older"), timing);
            document.body.dataset.listLoaded = String(Date.now());
          }
          const form = h("form", { class: "toolbar", role: "search", onsubmit: (ev) => { ev.preventDefault(); cursors.length = 1; load(0); } },
            h("label", {}, "Status", status), h("label", {}, "State machine", machine),
            h("label", {}, "Name prefix", prefix), h("label", {}, "Started since", since),
            h("button", { type: "submit", class: "primary", id: "filter-apply" }, "Filter"));
          for (const el of [status, machine, since]) el.addEventListener("change", () => { cursors.length = 1; load(0); });
          await load(0);
          return h("section", {}, h("h1", {}, "Executions"), form,
            h("table", {}, h("thead", {}, h("tr", {}, ["Name", "State machine", "Status", "Started", "Duration"]
              .map((t) => h("th", { scope: "col" }, t)))), body), pager);
        }

        function graphNode(svgText) {
          const doc = new DOMParser().parseFromString(svgText, "image/svg+xml");
          const svg = document.importNode(doc.documentElement, true);
          svg.querySelectorAll("script").forEach((s) => s.remove());
          svg.querySelectorAll("g.state").forEach((g) => {
            g.setAttribute("tabindex", "0");
            g.setAttribute("role", "button");
            g.setAttribute("aria-label", `${g.getAttribute("data-type")} state ${g.getAttribute("data-state")}`);
          });
          return svg;
        }
        function onStatePick(container, pick) {
          container.addEventListener("click", (ev) => {
            const g = ev.target.closest && ev.target.closest("g.state");
            if (g) pick(g.getAttribute("data-pointer"), g.getAttribute("data-state"));
          });
          container.addEventListener("keydown", (ev) => {
            const g = ev.target.closest && ev.target.closest("g.state");
            if (g && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); pick(g.getAttribute("data-pointer"), g.getAttribute("data-state")); }
          });
        }
        function markSelected(container, pointer) {
          container.querySelectorAll("g.state.selected").forEach((g) => g.classList.remove("selected"));
          container.querySelectorAll("g.state").forEach((g) => { if (g.getAttribute("data-pointer") === pointer) g.classList.add("selected"); });
        }
        function atPointer(value, pointer) {
          let v = value;
          for (const part of pointer.split("/").slice(1)) {
            if (v === null || v === undefined) return undefined;
            v = v[part.replace(/~1/g, "/").replace(/~0/g, "~")];
          }
          return v;
        }
        /// The definition with line numbers; a click on a line picks the innermost state around it.
        function definitionView(text, states, pick) {
          const lines = text.split("\n");
          const list = h("ol", {}, lines.map((line, i) => h("li", { "data-line": i + 1 }, h("code", {}, line || " "))));
          list.addEventListener("click", (ev) => {
            const li = ev.target.closest("li");
            if (!li) return;
            const n = Number(li.getAttribute("data-line"));
            let best = null;
            for (const s of states) if (s.from <= n && n <= s.to && (!best || s.to - s.from < best.to - best.from)) best = s;
            if (best) pick(best.pointer, best.name, true);
          });
          const box = h("div", { class: "definition", tabindex: "0", "aria-label": "Definition" }, list);
          box.highlight = (pointer) => {
            list.querySelectorAll("li.hit").forEach((li) => li.classList.remove("hit"));
            const s = states.find((x) => x.pointer === pointer);
            if (!s) return;
            for (let n = s.from; n <= s.to; n++) { const li = list.children[n - 1]; if (li) li.classList.add("hit"); }
            const first = list.children[s.from - 1];
            if (first) box.scrollTop = first.offsetTop - 40;
          };
          box.mark = (findings) => {
            list.querySelectorAll("li.diag-error, li.diag-warning").forEach((li) => { li.classList.remove("diag-error", "diag-warning"); li.removeAttribute("title"); });
            for (const f of findings) {
              const li = f.line && list.children[f.line - 1];
              if (li) { li.classList.add(f.severity === "ERROR" ? "diag-error" : "diag-warning"); li.setAttribute("title", `${f.code}: ${f.message}`); }
            }
          };
          box.scrollToLine = (n) => { const li = list.children[n - 1]; if (li) { box.scrollTop = li.offsetTop - 40; li.classList.add("hit"); } };
          return box;
        }

        """#
}
