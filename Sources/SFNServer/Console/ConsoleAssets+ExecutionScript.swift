extension ConsoleAssets {
    /// One execution's page: what AWS's console shows, the graph coloured by what happened and kept
    /// current by Server-Sent Events while it runs, a state's panel, Map runs, the event table.
    static let scriptExecution = #"""
        const EVENT_PAGE = 300;
        function detailsOf(ev) {
          for (const k of Object.keys(ev)) if (k.endsWith("EventDetails")) return ev[k];
          return null;
        }

        async function executionView(arn) {
          let data = await api(`/console/api/execution?arn=${encodeURIComponent(arn)}`);
          let e = data.execution;
          setTitle(e.name);
          let source = null;
          try { source = JSON.parse(data.definition); } catch (x) { source = null; }
          let runs = data.runs;
          const events = [], byId = new Map();
          let selected = null, shown = EVENT_PAGE, live = null;

          // Rows as the server writes them: [id, previousEventId, type, step, resource, millis, iteration, mapState].
          function addRows(list) {
            for (const r of list) {
              if (byId.has(r[0])) continue;
              const ev = { id: r[0], previousEventId: r[1], type: r[2], step: r[3], resource: r[4], ms: r[5],
                iteration: r[6] === null ? undefined : r[6], mapState: r[7] === null ? undefined : r[7] };
              events.push(ev);
              byId.set(ev.id, ev);
            }
          }
          addRows(data.rows);
          const t0 = () => (events.length ? events[0].ms : e.startDate);

          // The record and its buttons.
          const head = h("div", {});
          const facts = h("div", { class: "facts card", id: "execution-facts" });
          const problem = h("div", { id: "execution-error" });
          const io = h("div", { class: "split" });
          function renderRecord() {
            const stop = h("button", { id: "stop", disabled: e.status !== "RUNNING", onclick: async () => {
              try { await api(`/console/api/stop?arn=${encodeURIComponent(arn)}`, { method: "POST", body: "{}" }); toast("Stop requested."); }
              catch (x) { toast(x.message, true); }
            } }, "Stop");
            const redrive = h("button", { id: "redrive", class: "primary", disabled: !e.redrivable || e.status === "RUNNING",
              onclick: async () => {
                try {
                  await api(`/console/api/redrive?arn=${encodeURIComponent(arn)}`, { method: "POST", body: "{}" });
                  toast("Redrive started."); e.status = "RUNNING"; e.redrivable = false; renderRecord(); follow();
                } catch (x) { toast(x.message, true); }
              } }, "Redrive");
            head.replaceChildren(
              h("p", {}, link("/executions", "Executions"), " / ", link(machineHref(e.stateMachineName), e.stateMachineName), " /"),
              h("h1", {}, e.name, " ", h("span", { id: "execution-status", "data-status": e.status }, badge(e.status))),
              h("div", { class: "toolbar" }, stop, redrive));
            const end = e.stopDate || (e.status === "RUNNING" ? Date.now() : null);
            facts.replaceChildren(
              h("div", {}, h("span", {}, "Status"), badge(e.status)),
              h("div", {}, h("span", {}, "Started"), when(e.startDate)),
              h("div", {}, h("span", {}, "Ended"), e.stopDate ? when(e.stopDate) : "–"),
              h("div", {}, h("span", {}, "Duration"), end ? duration(end - e.startDate) : ""),
              h("div", {}, h("span", {}, "Redrives"), String(e.redriveCount || 0)),
              h("div", {}, h("span", {}, "Events"), String(events.length)),
              h("div", {}, h("span", {}, "Execution ARN"), h("code", {}, e.executionArn)));
            problem.replaceChildren(...(e.error || e.cause ? [h("div", { class: "card error-box" },
              h("strong", {}, "Error: "), h("code", { id: "execution-error-name" }, e.error || ""),
              h("pre", { id: "execution-cause" }, pretty(e.cause)))] : []));
            io.replaceChildren(
              h("div", {}, h("h2", {}, "Input"), h("pre", { id: "execution-input-view" }, e.input || "")),
              h("div", {}, h("h2", {}, "Output"), h("pre", { id: "execution-output" }, e.output || (e.status === "RUNNING" ? "(running)" : "–"))));
          }

          // The graph, coloured by each state's run, and the panel of the picked one.
          const graph = h("div", { class: "graph", id: "graph" });
          if (data.graph) graph.append(graphNode(data.graph));
          else graph.append(h("p", { class: "check bad" }, `No graph: ${data.graphProblem || "the definition does not load"}`));
          const legend = h("div", { class: "legend-html", "aria-label": "Legend" },
            [["succeeded", "Succeeded"], ["failed", "Failed"], ["caught", "Caught error"], ["running", "In progress"],
              ["cancelled", "Cancelled"], ["not-reached", "Not reached"]].map(([s, t]) => h("span", { class: `badge s-${s}` }, t)));
          const panel = h("div", { class: "card panel", id: "state-panel" }, h("p", { class: "muted" },
            "Pick a state in the graph (click, or Tab then Enter) to see its input, output, error and events."));
          function recolour() {
            graph.querySelectorAll("g.state").forEach((g) => {
              const run = runs[g.getAttribute("data-state")];
              g.setAttribute("data-status", run ? run.status : "not-reached");
            });
          }
          function pick(pointer, name) {
            selected = { pointer, name };
            markSelected(graph, pointer);
            renderPanel();
          }
          function renderPanel() {
            if (!selected) return;
            const { pointer, name } = selected;
            const run = runs[name] || { status: "not-reached", entered: 0, retries: 0 };
            const own = source ? atPointer(source, pointer) : undefined;
            const mine = events.filter((x) => x.step === name);
            const rows = [["Status", badge(run.status)], ["Type", own && own.Type || ""], ["Entered", String(run.entered)],
              ["Retries", String(run.retries)], ["Started", when(run.started)], ["Ended", when(run.ended)],
              ["Duration", run.started && run.ended ? duration(run.ended - run.started) : ""]];
            if (run.iterations) rows.push(["Iterations", `${run.iterations} (${run.iterationsFailed} failed, ${run.iterationsAborted} aborted)`]);
            panel.replaceChildren(h("h3", { id: "panel-name" }, name),
              h("dl", {}, rows.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
              run.error || run.cause ? h("div", { class: "card error-box" }, h("strong", {}, "Error: "),
                h("code", { id: "panel-error" }, run.error || ""), h("pre", { id: "panel-cause" }, pretty(run.cause))) : null,
              h("h4", {}, "Input"), h("pre", { id: "panel-input" }, run.input !== undefined ? pretty(run.input) : "–"),
              h("h4", {}, "Output"), h("pre", { id: "panel-output" }, run.output !== undefined ? pretty(run.output) : "–"),
              h("h4", {}, `Events (${mine.length})`),
              h("p", {}, h("button", { onclick: () => { stepFilter.value = name; shown = EVENT_PAGE; renderEvents(); table.scrollIntoView(); } },
                "Show them in the event table")),
              h("h4", {}, "Definition"), h("pre", {}, own === undefined ? "" : JSON.stringify(own, null, 2)));
          }
          onStatePick(graph, pick);

          // Map runs: iterations by status for each Map state, each iteration one click from its events.
          const mapRuns = h("div", { id: "map-runs" });
          function renderMapRuns() {
            const maps = new Map();
            for (const ev of events) {
              if (ev.type === "MapRunStarted") { const m = maps.get(ev.step) || { its: new Map() }; m.arn = ev.resource; maps.set(ev.step, m); }
              if (!ev.type.startsWith("MapIteration") || ev.iteration === undefined) continue;
              const key = ev.mapState || ev.step;
              const m = maps.get(key) || { its: new Map() };
              m.its.set(ev.iteration, ev.type.replace("MapIteration", "").toUpperCase());
              maps.set(key, m);
            }
            if (maps.size === 0) { mapRuns.replaceChildren(); return; }
            mapRuns.replaceChildren(h("h2", {}, "Map runs"), ...[...maps.entries()].map(([state, m]) => {
              const counts = {};
              for (const s of m.its.values()) counts[s] = (counts[s] || 0) + 1;
              return h("div", { class: "card", "data-map": state },
                h("h3", {}, state), m.arn ? h("p", { class: "mono muted" }, m.arn) : null,
                h("p", {}, `${m.its.size} iteration(s): `, Object.entries(counts).map(([s, n]) => badge(`${s} ${n}`))),
                h("p", {}, [...m.its.entries()].slice(0, 200).map(([i, s]) => h("button", { class: `badge s-${s}`,
                  onclick: () => { iterationFilter = { state, i }; shown = EVENT_PAGE; renderEvents(); table.scrollIntoView(); } },
                  `#${i} ${s}`))));
            }));
          }

          // The event table: filters by type and step, details on a click, in pages.
          let iterationFilter = null;
          const typeFilter = h("select", { id: "event-type" }, h("option", { value: "" }, "Any type"));
          const stepFilter = h("select", { id: "event-step" }, h("option", { value: "" }, "Any state"));
          const tbody = h("tbody", {});
          const more = h("div", { class: "pager" });
          const table = h("table", { id: "events" }, h("thead", {}, h("tr", {},
            ["ID", "Type", "Step", "Resource", "Started after", "Timestamp"].map((t) => h("th", { scope: "col" }, t)))), tbody);
          function fillFilters() {
            for (const [select, values] of [[typeFilter, new Set(events.map((x) => x.type))], [stepFilter, new Set(events.map((x) => x.step).filter((x) => x))]]) {
              const have = new Set([...select.options].map((o) => o.value));
              for (const v of [...values].sort()) if (!have.has(v)) select.append(h("option", { value: v }, v));
            }
          }
          function renderEvents() {
            fillFilters();
            const start = t0();
            const matching = events.filter((x) => (!typeFilter.value || x.type === typeFilter.value) &&
              (!stepFilter.value || x.step === stepFilter.value) &&
              (!iterationFilter || (x.iteration === iterationFilter.i && x.mapState === iterationFilter.state)));
            const rows = [];
            for (const ev of matching.slice(0, shown)) {
              const row = h("tr", { class: "event-row", tabindex: "0", "data-id": ev.id, "aria-expanded": "false" },
                h("td", {}, String(ev.id)), h("td", {}, ev.type), h("td", {}, ev.step), h("td", { class: "mono" }, ev.resource),
                h("td", {}, duration(ev.ms - start)), h("td", {}, when(ev.ms)));
              // Details are fetched when a row opens: 25,000 events' payloads need not load with the page.
              const toggle = async () => {
                const open = row.nextSibling && row.nextSibling.classList && row.nextSibling.classList.contains("event-details");
                if (open) { row.nextSibling.remove(); row.setAttribute("aria-expanded", "false"); return; }
                const pre = h("pre", {}, "Loading…");
                row.after(h("tr", { class: "event-details" }, h("td", { colspan: 6 }, pre)));
                row.setAttribute("aria-expanded", "true");
                try {
                  const full = await api(`/console/api/execution/event?arn=${encodeURIComponent(arn)}&id=${ev.id}`);
                  const d = Object.assign({}, detailsOf(full) || {});
                  for (const k of ["input", "output", "parameters", "result", "cause"]) {
                    if (typeof d[k] === "string") { try { d[k] = JSON.parse(d[k]); } catch (x) { /* text stays text */ } }
                  }
                  pre.textContent = JSON.stringify(d, null, 2);
                } catch (x) { pre.textContent = x.message; }
              };
              row.addEventListener("click", toggle);
              row.addEventListener("keydown", (k) => { if (k.key === "Enter" || k.key === " ") { k.preventDefault(); toggle(); } });
              rows.push(row);
            }
            tbody.replaceChildren(...rows);
            more.replaceChildren(h("span", { class: "muted", id: "event-count" }, `${Math.min(shown, matching.length)} of ${matching.length} event(s)`),
              matching.length > shown ? h("button", { onclick: () => { shown += EVENT_PAGE * 3; renderEvents(); } }, "Show more") : null,
              iterationFilter ? h("button", { onclick: () => { iterationFilter = null; renderEvents(); } },
                `Iteration #${iterationFilter.i} of ${iterationFilter.state} only: show all`) : null);
          }
          typeFilter.addEventListener("change", () => { shown = EVENT_PAGE; renderEvents(); });
          stepFilter.addEventListener("change", () => { shown = EVENT_PAGE; renderEvents(); });

          function refresh() { renderRecord(); recolour(); renderPanel(); renderMapRuns(); renderEvents(); }
          // Live updates while it runs: new events, the record and every state's run.
          function follow() {
            if (live) live.close();
            const last = events.length ? events[events.length - 1].id : 0;
            document.body.dataset.live = "following";
            live = new EventSource(`/console/api/execution/events?arn=${encodeURIComponent(arn)}&after=${last}`);
            live.onmessage = (m) => {
              const update = JSON.parse(m.data);
              addRows(update.rows);
              runs = update.runs;
              Object.assign(e, update.execution);
              refresh();
              document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
            };
            live.addEventListener("end", async () => {
              live.close(); live = null;
              data = await api(`/console/api/execution?arn=${encodeURIComponent(arn)}`);
              e = data.execution; runs = data.runs; addRows(data.rows);
              refresh();
              document.body.dataset.live = "ended";
            });
            live.onerror = () => { if (live && live.readyState === EventSource.CLOSED) live = null; };
          }
          cleanup.push(() => { if (live) live.close(); });

          refresh();
          if (e.status === "RUNNING") follow();
          const page = h("section", { id: "execution" }, head, facts, problem,
            h("h2", {}, "Graph"), legend,
            h("div", { class: "split" }, graph, panel), mapRuns, io,
            h("h2", {}, "Events"),
            h("div", { class: "toolbar" }, h("label", {}, "Type", typeFilter), h("label", {}, "State", stepFilter)),
            table, more);
          requestAnimationFrame(() => { performance.mark("sfn-execution-ready"); document.body.dataset.ready = "execution"; });
          return page;
        }

        """#
}
