extension Usage {
    static let graph = """
        Usage: sfn graph DEFINITION [--format svg|html|dot|mermaid] [--output FILE]
                         [--history FILE] [--title TEXT]

        Draws the state machine in DEFINITION: one box per state, shaped and coloured by type,
        Choice rules and Catch error names on their edges, Retry badges, Parallel branches and
        Map processors in frames. The layout is sfn's own; no other tool is needed.

        Options:
          --format F       svg (the default), html (one self-contained page with pan, zoom and a
                           side panel), dot (Graphviz) or mermaid; html when FILE ends in .html
          --output FILE    Write to FILE (through a temporary file and a rename) instead of
                           standard output
          --history FILE   Colour the states by what one execution did: FILE is the
                           {"events": [...]} of GetExecutionHistory, as `sfn run --history`
                           writes it
          --execution NAME An execution from the store (needs the store)
          --title TEXT     The picture's title (default: the file name)
          -h, --help       Show this help

        Exit status: 0 drawn, 2 bad usage, unreadable file or a definition that cannot be loaded.
        """
}
