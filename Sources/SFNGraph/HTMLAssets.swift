/// The html page's style sheet and script, compiled into the binary (no file beside it, no
/// network request).
enum HTMLAssets {
    static let style = """
        html, body { margin: 0; height: 100%; font: 13px/1.4 system-ui, sans-serif; color: #1d2327; }
        body { display: flex; flex-direction: column; }
        header { display: flex; align-items: center; gap: 16px; padding: 8px 14px; border-bottom: 1px solid #dde3e6;
          background: #f7f9fa; }
        header h1 { font-size: 15px; margin: 0; font-family: monospace; }
        #status { color: #5f6b73; }
        .tools { margin-left: auto; display: flex; gap: 4px; }
        .tools button { min-width: 34px; padding: 3px 8px; border: 1px solid #c5ced3; background: #fff;
          border-radius: 4px; cursor: pointer; }
        main { flex: 1; display: flex; min-height: 0; }
        #canvas { flex: 1; overflow: hidden; cursor: grab; background: #ffffff; }
        #canvas.dragging { cursor: grabbing; }
        #canvas svg { display: block; width: 100%; height: 100%; }
        #panel { width: 380px; border-left: 1px solid #dde3e6; padding: 12px 14px; overflow: auto;
          background: #fbfcfc; }
        #panel h2 { font-size: 14px; margin: 0 0 4px; font-family: monospace; word-break: break-all; }
        #panel h3 { font-size: 12px; margin: 12px 0 4px; color: #5f6b73; text-transform: uppercase; }
        #panel pre { background: #f1f4f5; padding: 8px; border-radius: 4px; white-space: pre-wrap;
          word-break: break-all; font-size: 12px; max-height: 320px; overflow: auto; margin: 0; }
        #panel dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 0; }
        #panel dt { color: #5f6b73; }
        #panel dd { margin: 0; }
        .hint { color: #5f6b73; }
        .pill { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 11px; border: 1px solid; }
        g.state { cursor: pointer; }
        g.state.selected .shape { stroke: #0b57d0; stroke-width: 3; }
        """

    static let script = """
        (function () {
          "use strict";
          var svg = document.querySelector("#canvas svg");
          var canvas = document.getElementById("canvas");
          var panel = document.getElementById("panel");
          var data = JSON.parse(document.getElementById("sfn-data").textContent);
          var full = svg.viewBox.baseVal;
          var box = { x: full.x, y: full.y, w: full.width, h: full.height };
          svg.removeAttribute("width");
          svg.removeAttribute("height");

          function apply() { svg.setAttribute("viewBox", box.x + " " + box.y + " " + box.w + " " + box.h); }
          function scale() { return box.w / Math.max(canvas.clientWidth, 1); }
          function zoom(factor, cx, cy) {
            var s = scale();
            var px = box.x + cx * s, py = box.y + cy * s;
            box.w *= factor; box.h *= factor;
            box.x = px - cx * (box.w / Math.max(canvas.clientWidth, 1));
            box.y = py - cy * (box.h / Math.max(canvas.clientHeight, 1));
            apply();
          }
          function actualSize() {
            box.w = canvas.clientWidth; box.h = canvas.clientHeight; box.x = 0; box.y = 0; apply();
          }
          function fit() {
            var r = Math.max(full.width / Math.max(canvas.clientWidth, 1), full.height / Math.max(canvas.clientHeight, 1));
            box.w = canvas.clientWidth * r; box.h = canvas.clientHeight * r; box.x = 0; box.y = 0; apply();
          }
          // At 100% the picture is readable as drawn; fit only what is smaller than the window.
          if (full.width <= canvas.clientWidth && full.height <= canvas.clientHeight) { fit(); } else { actualSize(); }

          canvas.addEventListener("wheel", function (e) {
            e.preventDefault();
            var r = canvas.getBoundingClientRect();
            zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15, e.clientX - r.left, e.clientY - r.top);
          }, { passive: false });
          var drag = null;
          canvas.addEventListener("mousedown", function (e) {
            drag = { x: e.clientX, y: e.clientY, bx: box.x, by: box.y, moved: false };
            canvas.classList.add("dragging");
          });
          window.addEventListener("mousemove", function (e) {
            if (!drag) { return; }
            var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
            if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; }
            box.x = drag.bx - dx * scale(); box.y = drag.by - dy * scale(); apply();
          });
          window.addEventListener("mouseup", function () {
            canvas.classList.remove("dragging");
            setTimeout(function () { drag = null; }, 0);
          });
          function centre() { return [canvas.clientWidth / 2, canvas.clientHeight / 2]; }
          document.getElementById("zoom-in").onclick = function () { var c = centre(); zoom(1 / 1.25, c[0], c[1]); };
          document.getElementById("zoom-out").onclick = function () { var c = centre(); zoom(1.25, c[0], c[1]); };
          document.getElementById("zoom-fit").onclick = fit;
          document.getElementById("zoom-one").onclick = actualSize;

          function el(tag, text, cls) {
            var e = document.createElement(tag);
            if (text !== undefined) { e.textContent = text; }
            if (cls) { e.className = cls; }
            return e;
          }
          function pretty(text) {
            try { return JSON.stringify(JSON.parse(text), null, 2); } catch (err) { return text; }
          }
          function time(ms) { return new Date(ms).toISOString(); }
          function show(id) {
            var s = data[id];
            if (!s) { return; }
            Array.prototype.forEach.call(svg.querySelectorAll("g.state.selected"), function (g) {
              g.classList.remove("selected");
            });
            var g = svg.querySelector('g.state[data-id="' + id + '"]');
            if (g) { g.classList.add("selected"); }
            panel.textContent = "";
            panel.appendChild(el("h2", s.name));
            panel.appendChild(el("div", s.type + " · " + s.pointer, "hint"));
            var run = s.run;
            if (run) {
              panel.appendChild(el("h3", "Execution"));
              var dl = el("dl");
              function row(k, v) { dl.appendChild(el("dt", k)); dl.appendChild(el("dd", String(v))); }
              row("status", run.status);
              row("entered", run.entered);
              if (run.iterations) { row("iterations", run.iterations + (run.iterationsFailed ? " (" + run.iterationsFailed + " failed)" : "")); }
              if (run.retries) { row("retries", run.retries); }
              if (run.started !== undefined) { row("started", time(run.started)); }
              if (run.ended !== undefined) { row("ended", time(run.ended)); }
              if (run.started !== undefined && run.ended !== undefined) { row("duration", (run.ended - run.started) + " ms"); }
              panel.appendChild(dl);
              [["error", run.error], ["cause", run.cause], ["input", run.input], ["output", run.output]].forEach(function (p) {
                if (p[1] === undefined) { return; }
                panel.appendChild(el("h3", p[0]));
                panel.appendChild(el("pre", pretty(p[1])));
              });
            }
            if (s.definition) {
              panel.appendChild(el("h3", "Definition"));
              panel.appendChild(el("pre", s.definition));
            }
          }
          Array.prototype.forEach.call(svg.querySelectorAll("g.state"), function (g) {
            g.addEventListener("click", function () { if (!drag || !drag.moved) { show(g.getAttribute("data-id")); } });
          });
          // #state=NAME selects a state when the page opens (links, and the tests).
          var wanted = decodeURIComponent((location.hash.match(/state=([^&]*)/) || [])[1] || "");
          if (wanted) {
            var g = svg.querySelector('g.state[data-state="' + wanted.replace(/["\\\\]/g, "\\\\$&") + '"]');
            if (g) { show(g.getAttribute("data-id")); }
          }

          // Self-check: every text of a state lies inside its shape. Reported in the console, so
          // that a headless run fails on it, and on the page element for tools.
          var problems = [];
          Array.prototype.forEach.call(svg.querySelectorAll("g.state"), function (g) {
            var shape = g.querySelector(".shape").getBBox();
            Array.prototype.forEach.call(g.querySelectorAll("text"), function (t) {
              var b = t.getBBox();
              if (b.x < shape.x - 0.5 || b.x + b.width > shape.x + shape.width + 0.5) {
                problems.push(g.getAttribute("data-state") + ": \\"" + t.textContent + "\\" overflows its box");
              }
            });
          });
          problems.forEach(function (p) { console.error("sfn graph: " + p); });
          document.documentElement.setAttribute("data-check", problems.length ? problems.join("; ") : "ok");
        })();
        """
}
