extension ConsoleAssets {
    /// Light and dark follow the system; status colours are the graph's (SFNGraph's Palette).
    static let style = #"""
        :root {
          --bg: #f6f7f9; --card: #ffffff; --text: #1d2327; --muted: #5f6b73; --line: #d5dadf;
          --accent: #1e63c6; --accent-text: #ffffff; --focus: #f0a500; --code: #f1f3f5;
          --ok: #2e7d32; --ok-fill: #dff3e4; --bad: #c62828; --bad-fill: #fde2e1; --warn: #e08a00; --warn-fill: #fff0d9;
          --run: #1e63c6; --run-fill: #e2ecfb; --off: #616161; --off-fill: #e6e6e6; --none: #b0b0b0; --none-fill: #ffffff;
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
          font-size: 15px; line-height: 1.45; color: var(--text); background: var(--bg);
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --bg: #15181b; --card: #1f2327; --text: #e6e9ec; --muted: #9aa5ae; --line: #363c42;
            --accent: #6ea8ff; --accent-text: #0d1117; --code: #262b30;
            --ok: #66bb6a; --bad: #ef5350; --warn: #ffb74d; --run: #6ea8ff; --off: #9e9e9e;
          }
        }
        * { box-sizing: border-box; }
        body { margin: 0; }
        a { color: var(--accent); }
        :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 8px; top: 8px; background: var(--card); padding: 4px 8px; z-index: 10; }
        .top { display: flex; gap: 24px; align-items: center; padding: 10px 20px; background: var(--card);
          border-bottom: 1px solid var(--line); }
        .brand { font-weight: 700; text-decoration: none; color: var(--text); }
        .top nav a { margin-right: 16px; text-decoration: none; padding: 4px 2px; }
        .top nav a[aria-current="page"] { border-bottom: 2px solid var(--accent); font-weight: 600; }
        main { padding: 16px 20px 40px; max-width: 1500px; margin: 0 auto; }
        h1 { font-size: 1.4rem; margin: 4px 0 12px; overflow-wrap: anywhere; }
        h2 { font-size: 1.1rem; margin: 20px 0 8px; }
        .muted { color: var(--muted); }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
        table { border-collapse: collapse; width: 100%; background: var(--card); }
        th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top;
          overflow-wrap: anywhere; }
        th { font-size: 0.85rem; color: var(--muted); font-weight: 600; }
        tr.event-row { cursor: pointer; }
        tr.event-row:hover, tr.event-row:focus { background: var(--code); }
        pre, code, .mono { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.85rem; }
        pre { background: var(--code); padding: 8px 10px; border-radius: 6px; overflow: auto; max-height: 360px;
          margin: 4px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
        button, select, input, textarea { font: inherit; color: inherit; }
        button { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 5px 12px;
          cursor: pointer; }
        button.primary { background: var(--accent); color: var(--accent-text); border-color: var(--accent); }
        button:disabled { opacity: 0.5; cursor: default; }
        select, input, textarea { background: var(--card); border: 1px solid var(--line); border-radius: 6px;
          padding: 4px 8px; }
        textarea { width: 100%; min-height: 180px; font-family: "DejaVu Sans Mono", Menlo, monospace; }
        .toolbar { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; margin: 8px 0 12px; }
        .toolbar label { display: flex; flex-direction: column; font-size: 0.85rem; color: var(--muted); gap: 2px; }
        .facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 8px 16px; }
        .facts > div > span:first-child { display: block; font-size: 0.8rem; color: var(--muted); }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 0.8rem; font-weight: 600;
          border: 1px solid var(--none); margin-right: 4px; white-space: nowrap; }
        .s-SUCCEEDED, .s-succeeded { color: var(--ok); border-color: var(--ok); }
        .s-FAILED, .s-TIMED_OUT, .s-failed { color: var(--bad); border-color: var(--bad); }
        .s-RUNNING, .s-running { color: var(--run); border-color: var(--run); }
        .s-ABORTED, .s-cancelled, .s-PENDING_REDRIVE { color: var(--off); border-color: var(--off); }
        .s-caught { color: var(--warn); border-color: var(--warn); }
        .error-box { border-left: 4px solid var(--bad); }
        .split { display: grid; grid-template-columns: minmax(0, 3fr) minmax(300px, 2fr); gap: 14px; align-items: start; }
        @media (max-width: 900px) { .split { grid-template-columns: 1fr; } }
        .graph { background: #ffffff; border: 1px solid var(--line); border-radius: 8px; overflow: auto; max-height: 75vh;
          padding: 6px; }
        .graph svg { display: block; max-width: 100%; height: auto; }
        .graph g.legend { display: none; }
        .graph g.state { cursor: pointer; }
        .graph g.state:focus { outline: none; }
        .graph g.state:focus .shape, .graph g.state.selected .shape { stroke-width: 3.5; stroke: var(--focus); }
        .graph g.state[data-status="succeeded"] .shape { fill: #dff3e4; stroke: #2e7d32; }
        .graph g.state[data-status="failed"] .shape { fill: #fde2e1; stroke: #c62828; }
        .graph g.state[data-status="caught"] .shape { fill: #fff0d9; stroke: #e08a00; }
        .graph g.state[data-status="running"] .shape { fill: #e2ecfb; stroke: #1e63c6; }
        .graph g.state[data-status="cancelled"] .shape { fill: #e6e6e6; stroke: #616161; }
        .graph g.state[data-status="not-reached"] .shape { fill: #ffffff; stroke: #b0b0b0; }
        .legend-html { display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0; font-size: 0.85rem; }
        .definition { counter-reset: none; max-height: 75vh; overflow: auto; background: var(--code); border-radius: 8px;
          padding: 6px 0; }
        .definition ol { margin: 0; padding: 0 0 0 3.6em; font-family: "DejaVu Sans Mono", Menlo, monospace;
          font-size: 0.8rem; color: var(--muted); }
        .definition li { padding: 0 8px; white-space: pre-wrap; overflow-wrap: anywhere; cursor: pointer; }
        .definition li code { color: var(--text); font-size: inherit; }
        .definition li.hit { background: rgba(240, 165, 0, 0.22); }
        .definition li.diag-error { background: rgba(198, 40, 40, 0.2); }
        .definition li.diag-warning { background: rgba(224, 138, 0, 0.2); }
        .panel h3 { margin: 0 0 6px; overflow-wrap: anywhere; }
        .panel dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 6px 0; }
        .panel dt { color: var(--muted); }
        .panel dd { margin: 0; overflow-wrap: anywhere; }
        .pager { display: flex; gap: 8px; align-items: center; margin: 10px 0; }
        .check { font-size: 0.85rem; margin: 4px 0; }
        .check.bad { color: var(--bad); }
        .check.good { color: var(--ok); }
        dialog { border: 1px solid var(--line); border-radius: 10px; background: var(--card); color: var(--text);
          width: min(720px, 92vw); }
        dialog::backdrop { background: rgba(0, 0, 0, 0.35); }
        #toast { position: fixed; bottom: 16px; right: 16px; max-width: 480px; }
        #toast div { background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--accent);
          padding: 8px 12px; border-radius: 6px; margin-top: 6px; }
        #toast div.bad { border-left-color: var(--bad); }
        .findings li { margin: 2px 0; }
        """#
}
