extension ConsoleAssets {
    /// One state machine's page: graph and definition side by side, a state's JSON on a click in
    /// either, Validate with its findings at their lines.
    static let scriptMachine = #"""
        async function machineView(name) {
          setTitle(name);
          const m = await api(`/console/api/state-machine?name=${encodeURIComponent(name)}`);
          let source = null;
          try { source = JSON.parse(m.definition); } catch (e) { source = null; }
          const graph = h("div", { class: "graph", id: "graph" });
          if (m.graph) graph.append(graphNode(m.graph));
          else graph.append(h("p", { class: "check bad" }, `No graph: ${m.graphProblem || "the definition does not load"}`));
          const panel = h("div", { class: "card panel", id: "state-panel" }, h("p", { class: "muted" },
            "Pick a state in the graph or a line of the definition to see its JSON."));
          const definition = definitionView(m.definition, m.states, pick);
          function pick(pointer, stateName, fromLines) {
            markSelected(graph, pointer);
            definition.highlight(pointer);
            const json = source ? atPointer(source, pointer) : undefined;
            panel.replaceChildren(h("h3", {}, stateName), h("p", { class: "muted mono" }, pointer),
              h("pre", {}, json === undefined ? "" : JSON.stringify(json, null, 2)));
          }
          onStatePick(graph, pick);
          const findings = h("div", { id: "findings" });
          async function validate() {
            findings.replaceChildren(h("p", { class: "muted" }, "Validating…"));
            const report = await api(`/console/api/validate?name=${encodeURIComponent(name)}`);
            definition.mark(report.diagnostics);
            findings.replaceChildren(
              h("p", { class: `check ${report.valid ? "good" : "bad"}` }, report.valid
                ? `Valid${report.diagnostics.length ? `, with ${report.diagnostics.length} warning(s)` : ""}.`
                : `Invalid: ${report.diagnostics.filter((d) => d.severity === "ERROR").length} error(s).`),
              h("ul", { class: "findings" }, report.diagnostics.map((d) => h("li", {},
                h("button", { onclick: () => definition.scrollToLine(d.line || 1) },
                  d.line ? `line ${d.line}:${d.column}` : d.pointer || "/"),
                " ", badge(d.severity), " ", h("span", { class: "mono" }, d.code), " ", d.message))));
          }
          return h("section", {},
            h("p", {}, link("/state-machines", "State machines"), " / "),
            h("h1", {}, name),
            h("div", { class: "facts card" },
              h("div", {}, h("span", {}, "ARN"), h("code", {}, m.stateMachineArn)),
              h("div", {}, h("span", {}, "Type"), m.type),
              h("div", {}, h("span", {}, "Executions"), link(`/executions?stateMachine=${encodeURIComponent(name)}`, "List them"))),
            h("div", { class: "toolbar" },
              h("button", { class: "primary", id: "start-execution", onclick: () => startDialog(name) }, "Start execution"),
              h("button", { id: "validate", onclick: () => validate().catch((e) => toast(e.message, true)) }, "Validate")),
            findings,
            h("div", { class: "split" }, h("div", {}, graph, h("h2", {}, "State"), panel),
              h("div", {}, h("h2", {}, "Definition"), definition)));
        }

        """#

    /// The Start execution dialog: a JSON editor checked as it is typed, an optional name.
    static let scriptStart = #"""
        function jsonProblem(text) {
          try { JSON.parse(text); return null; } catch (e) {
            // Chromium names the position, or none when the text ends too soon (then: its end).
            const m = /position (\d+)/.exec(e.message);
            const before = text.slice(0, m ? Number(m[1]) : text.length);
            const line = before.split("\n").length, column = before.length - before.lastIndexOf("\n");
            return `Line ${line}, column ${column}: ${e.message}`;
          }
        }
        function startDialog(machine) {
          const input = h("textarea", { id: "execution-input", "aria-label": "Input (JSON)", spellcheck: "false" });
          input.value = "{\n  \n}";
          const nameField = h("input", { id: "execution-name", type: "text", placeholder: "optional; a UUID when empty",
            maxlength: "80" });
          const check = h("p", { class: "check good", id: "input-check", "aria-live": "polite" }, "Valid JSON.");
          const startButton = h("button", { class: "primary", id: "start-submit", type: "submit" }, "Start");
          function recheck() {
            const problem = jsonProblem(input.value);
            check.textContent = problem || "Valid JSON.";
            check.className = `check ${problem ? "bad" : "good"}`;
            startButton.disabled = !!problem;
          }
          input.addEventListener("input", recheck);
          const dialog = h("dialog", { id: "start-dialog", "aria-label": "Start execution" },
            h("form", { method: "dialog", onsubmit: async (ev) => {
              ev.preventDefault();
              if (jsonProblem(input.value)) return;
              startButton.disabled = true;
              try {
                const started = await api(`/console/api/start?name=${encodeURIComponent(machine)}`, { method: "POST",
                  body: JSON.stringify({ input: input.value, name: nameField.value }) });
                dialog.close(); dialog.remove();
                go(executionHref(started.executionArn));
              } catch (e) { check.textContent = e.message; check.className = "check bad"; startButton.disabled = false; }
            } },
              h("h2", {}, `Start an execution of ${machine}`),
              h("label", {}, "Name ", nameField),
              h("p", {}, h("label", { for: "execution-input" }, "Input (JSON)")), input, check,
              h("div", { class: "toolbar" }, startButton,
                h("button", { type: "button", onclick: () => { dialog.close(); dialog.remove(); } }, "Cancel"))));
          document.body.append(dialog);
          dialog.showModal();
          input.focus();
        }

        route();

        """#
}
