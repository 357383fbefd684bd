/// The console's files, compiled into the binary (decisions.md: no resources beside it): one page
/// shell, one style sheet and one script of our own, no framework, nothing from another origin.
enum ConsoleAssets {
    /// The shell every console path gets; the script draws the view the path names. The token is
    /// hex, so it needs no escaping inside the attribute.
    static func page(token: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <meta name="sfn-token" content="\(token)">
        <title>sfn console</title>
        <link rel="icon" href="/console/icon.svg" type="image/svg+xml">
        <link rel="stylesheet" href="/console/app.css">
        <script src="/console/app.js" defer></script>
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
        <a class="brand" href="/">sfn console</a>
        <nav aria-label="Views"><a href="/state-machines" data-view="state-machines">State machines</a>
        <a href="/executions" data-view="executions">Executions</a></nav>
        </header>
        <main id="main" tabindex="-1"><p class="muted">Loading…</p></main>
        <div id="toast" role="status" aria-live="polite"></div>
        </body>
        </html>

        """
    }

    static let icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1e63c6"/>\
        <path d="M9 8h14v5H9zM9 19h6v5H9zM17 19h6v5h-6zM16 13v6" stroke="#fff" stroke-width="2" fill="none"/></svg>

        """

    /// The script: the shared helpers and list views, then the pages of one machine and one execution.
    static let script = scriptCore + scriptMachine + scriptExecution + scriptStart
}
