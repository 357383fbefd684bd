import SFNJSON
import SFNJSONPath

/// Map states: the item processor (a state machine of its own, with ProcessorConfig), ItemsPath /
/// Items, ItemSelector, and the Distributed-mode fields ItemReader, ItemBatcher, ResultWriter, Label.
enum MapRules {
    static func check(_ ctx: StateContext, fields: CompiledFields) -> MapState? {
        let o = ctx.object
        let processorField = o["ItemProcessor"] != nil ? "ItemProcessor" : "Iterator"
        var config = (distributed: false, modeGiven: false)
        var processor: StateGraph?
        if let value = o[processorField] {
            config = checkProcessorConfig(value, field: processorField, ctx: ctx)
            processor = MachineLoader.load(
                value, pointer: ctx.at(processorField), kind: .processor,
                language: ctx.machineLanguage, scope: VariableScope(parent: ctx.scope),
                depth: ctx.machineDepth + 1, walk: ctx.walk)
        } else {
            ctx.error("A Map state must have the field 'ItemProcessor' (or the older 'Iterator')", at: ctx.pointer)
        }
        if let itemsPath = o["ItemsPath"], itemsPath.isNull {
            ctx.error("The field 'ItemsPath' may not be null", at: ctx.at("ItemsPath"))
        }
        // In a Map, the legacy `Parameters` is what ItemSelector now is.
        var itemSelector = fields.template("Parameters")
        if let selector = o["ItemSelector"] {
            itemSelector =
                ctx.language == .jsonata
                ? ctx.checkJSONataValue(selector, field: "ItemSelector", at: ctx.at("ItemSelector"), access: [])
                : ctx.checkPayloadTemplate(selector, field: "ItemSelector", at: ctx.at("ItemSelector"))
        }
        for field in ["ItemReader", "ItemBatcher", "ResultWriter"]
        where o[field] != nil && !config.distributed && config.modeGiven {
            ctx.error(
                "The field '\(field)' is only supported when the ProcessorConfig Mode is DISTRIBUTED", at: ctx.at(field)
            )
        }
        if let reader = o["ItemReader"] { checkItemReader(reader, ctx: ctx) }
        let batcher = o["ItemBatcher"].flatMap { checkItemBatcher($0, ctx: ctx) }
        if let writer = o["ResultWriter"] { checkResultWriter(writer, ctx: ctx) }
        let label = o["Label"].flatMap { checkLabel($0, ctx: ctx) }
        guard let processor else { return nil }
        let mode = config.distributed ? "DISTRIBUTED" : "INLINE"
        var itemsPath: JSONPath?
        if case .path(let p)? = fields["ItemsPath"] { itemsPath = p }
        return MapState(
            processor: processor, processorMode: mode, itemsPath: itemsPath, items: fields.template("Items"),
            itemSelector: itemSelector, itemReader: o["ItemReader"], itemBatcher: batcher,
            resultWriter: o["ResultWriter"], maxConcurrency: fields.number("MaxConcurrency"),
            toleratedFailurePercentage: fields.number("ToleratedFailurePercentage"),
            toleratedFailureCount: fields.number("ToleratedFailureCount"), label: label,
            executionType: o[processorField]?["ProcessorConfig"]?["ExecutionType"]?.stringValue)
    }

    /// Whether the processor runs in Distributed mode, and whether a Mode is given at all.
    private static func checkProcessorConfig(_ processor: JSONValue, field: String, ctx: StateContext)
        -> (distributed: Bool, modeGiven: Bool)
    {
        guard let config = processor["ProcessorConfig"] else { return (false, false) }
        let p = JSONPointer.appending(ctx.at(field), "ProcessorConfig")
        guard case .object(let c) = config else {
            ctx.error("'ProcessorConfig' must be a JSON object", at: p)
            return (false, false)
        }
        var mode = "INLINE"
        for (k, v) in c {
            let fp = JSONPointer.appending(p, k)
            switch k {
            case "Mode":
                if let m = v.stringValue, m == "INLINE" || m == "DISTRIBUTED" {
                    mode = m
                } else {
                    ctx.error("'ProcessorConfig.Mode' must be \"INLINE\" or \"DISTRIBUTED\"", at: fp)
                }
            case "ExecutionType":
                if v.stringValue != "STANDARD", v.stringValue != "EXPRESS" {
                    ctx.error("'ProcessorConfig.ExecutionType' must be \"STANDARD\" or \"EXPRESS\"", at: fp)
                }
            default:
                ctx.error("The field '\(k)' is not supported in 'ProcessorConfig'", at: fp)
            }
        }
        if mode == "DISTRIBUTED", c["ExecutionType"] == nil {
            ctx.error("A DISTRIBUTED 'ProcessorConfig' must have the field 'ExecutionType'", at: p)
        }
        return (mode == "DISTRIBUTED", c["Mode"] != nil)
    }

    /// A field the caller checks itself.
    private static let other = FieldSpec(kind: .custom, language: nil)

    private static func object(_ v: JSONValue, field: String, ctx: StateContext) -> JSONObject? {
        guard case .object(let o) = v else {
            ctx.error("The field '\(field)' must be a JSON object", at: ctx.at(field))
            return nil
        }
        return o
    }

    /// Checks the fields of a sub-object against an allow-list.
    @discardableResult
    private static func checkFields(
        _ o: JSONObject, of field: String, at p: String, allowed: [String: FieldSpec],
        ctx: StateContext
    ) -> CompiledFields {
        var fields = CompiledFields()
        for (k, v) in o {
            let fp = JSONPointer.appending(p, k)
            guard let entry = allowed[k] else {
                ctx.error("The field '\(k)' is not supported in '\(field)'", at: fp)
                continue
            }
            let spec = entry
            if let lang = spec.language, lang != ctx.language {
                ctx.wrongLanguage(k, needs: lang, at: fp)
                continue
            }
            switch spec.kind {
            case .integer, .number:
                fields[k] = ctx.checkNumber(v, field: k, at: fp, kind: spec.kind).map(Compiled.number)
            case .valuePath:
                fields[k] = ctx.checkPath(v, field: k, at: fp, rules: [.reference, .variables]).map(Compiled.path)
            case .payloadTemplate: fields[k] = ctx.checkPayloadTemplate(v, field: k, at: fp).map(Compiled.template)
            case .jsonataValue:
                fields[k] = ctx.checkJSONataValue(v, field: k, at: fp, access: []).map(Compiled.template)
            case .resource:
                if !(v.stringValue.map(ValueChecks.isURI) ?? false) {
                    ctx.error(
                        "The field 'Resource' in '\(field)' must be a URI such as an ARN", at: fp,
                        code: .invalidResource)
                }
            default: break
            }
        }
        return fields
    }

    private static func enumField(_ o: JSONObject, _ k: String, _ values: [String], at p: String, ctx: StateContext) {
        guard let v = o[k] else { return }
        if ctx.language == .jsonata, ValueChecks.jsonataBody(v) != nil { return }
        if !(v.stringValue.map(values.contains) ?? false) {
            ctx.error(
                "The field '\(k)' must be one of \(values.joined(separator: ", "))", at: JSONPointer.appending(p, k))
        }
    }

    private static func pairs(_ o: JSONObject, _ groups: [[String]], at p: String, ctx: StateContext) {
        for g in groups where g.allSatisfy({ o[$0] != nil }) {
            ctx.error(
                "There should only be one of the following fields: [\(g.joined(separator: ", "))]",
                at: JSONPointer.appending(p, g[1]))
        }
    }

    /// ItemReader and ResultWriter: a resource called with Parameters or Arguments, and a config.
    private static func resourceCall(config: String) -> [String: FieldSpec] {
        [
            "Resource": FieldSpec(kind: .resource, language: nil),
            "Parameters": FieldSpec(kind: .payloadTemplate, language: .jsonPath),
            "Arguments": FieldSpec(kind: .jsonataValue, language: .jsonata),
            config: other,
        ]
    }

    private static func checkItemReader(_ v: JSONValue, ctx: StateContext) {
        guard let o = object(v, field: "ItemReader", ctx: ctx) else { return }
        let p = ctx.at("ItemReader")
        checkFields(o, of: "ItemReader", at: p, allowed: resourceCall(config: "ReaderConfig"), ctx: ctx)
        if o["Resource"] == nil { ctx.error("'ItemReader' must have the field 'Resource'", at: p) }
        guard let rc = o["ReaderConfig"] else { return }
        let rp = JSONPointer.appending(p, "ReaderConfig")
        guard case .object(let config) = rc else {
            ctx.error("'ReaderConfig' must be a JSON object", at: rp)
            return
        }
        checkFields(
            config, of: "ReaderConfig", at: rp,
            allowed: [
                "InputType": other, "CSVHeaderLocation": other, "CSVHeaders": other, "CSVDelimiter": other,
                "ManifestType": other,
                "MaxItems": FieldSpec(kind: .integer(min: 0, max: 100_000_000), language: nil),
                "MaxItemsPath": FieldSpec(kind: .valuePath, language: .jsonPath),
            ], ctx: ctx)
        enumField(config, "InputType", ["CSV", "JSON", "JSONL", "MANIFEST", "PARQUET"], at: rp, ctx: ctx)
        enumField(config, "CSVHeaderLocation", ["FIRST_ROW", "GIVEN"], at: rp, ctx: ctx)
        enumField(config, "CSVDelimiter", ["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"], at: rp, ctx: ctx)
        enumField(config, "ManifestType", ["ATHENA_DATA", "S3_INVENTORY"], at: rp, ctx: ctx)
        if let h = config["CSVHeaders"], !(h.arrayValue?.allSatisfy { $0.stringValue != nil } ?? false) {
            ctx.error("'CSVHeaders' must be an array of strings", at: JSONPointer.appending(rp, "CSVHeaders"))
        }
        pairs(config, [["MaxItems", "MaxItemsPath"]], at: rp, ctx: ctx)
    }

    private static func checkItemBatcher(_ v: JSONValue, ctx: StateContext) -> ItemBatcher? {
        guard let o = object(v, field: "ItemBatcher", ctx: ctx) else { return nil }
        let p = ctx.at("ItemBatcher")
        let batchInput: FieldSpec =
            ctx.language == .jsonata
            ? FieldSpec(kind: .jsonataValue, language: nil) : FieldSpec(kind: .payloadTemplate, language: nil)
        let fields = checkFields(
            o, of: "ItemBatcher", at: p,
            allowed: [
                "MaxItemsPerBatch": FieldSpec(kind: .integer(min: 0, max: Int.max), language: nil),
                "MaxItemsPerBatchPath": FieldSpec(kind: .valuePath, language: .jsonPath),
                "MaxInputBytesPerBatch": FieldSpec(kind: .integer(min: 0, max: 262_144), language: nil),
                "MaxInputBytesPerBatchPath": FieldSpec(kind: .valuePath, language: .jsonPath),
                "BatchInput": batchInput,
            ], ctx: ctx)
        pairs(
            o,
            [["MaxItemsPerBatch", "MaxItemsPerBatchPath"], ["MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"]],
            at: p, ctx: ctx)
        return ItemBatcher(
            maxItemsPerBatch: fields.number("MaxItemsPerBatch"),
            maxInputBytesPerBatch: fields.number("MaxInputBytesPerBatch"),
            batchInput: fields.template("BatchInput"))
    }

    private static func checkResultWriter(_ v: JSONValue, ctx: StateContext) {
        guard let o = object(v, field: "ResultWriter", ctx: ctx) else { return }
        let p = ctx.at("ResultWriter")
        checkFields(o, of: "ResultWriter", at: p, allowed: resourceCall(config: "WriterConfig"), ctx: ctx)
        if o["Resource"] == nil, o["WriterConfig"] == nil {
            ctx.error("'ResultWriter' must have 'Resource' or 'WriterConfig'", at: p)
        }
        if let wc = o["WriterConfig"] {
            let wp = JSONPointer.appending(p, "WriterConfig")
            guard case .object(let c) = wc else {
                ctx.error("'WriterConfig' must be a JSON object", at: wp)
                return
            }
            checkFields(
                c, of: "WriterConfig", at: wp, allowed: ["OutputType": other, "Transformation": other], ctx: ctx)
            enumField(c, "OutputType", ["JSON", "JSONL"], at: wp, ctx: ctx)
            enumField(c, "Transformation", ["NONE", "COMPACT", "FLATTEN"], at: wp, ctx: ctx)
        }
    }

    /// Labels appear in child execution names: at most 40 characters, none of the reserved ones.
    private static func checkLabel(_ v: JSONValue, ctx: StateContext) -> String? {
        let p = ctx.at("Label")
        guard let s = v.stringValue else {
            ctx.error("The field 'Label' must be a string", at: p, code: .invalidLabelName)
            return nil
        }
        let forbidden = Set(" <>{}[]?*\"#%\\^|~`$&,;:/".unicodeScalars)
        if s.isEmpty || s.unicodeScalars.count > 40
            || s.unicodeScalars.contains(where: {
                forbidden.contains($0) || $0.value < 0x20 || (0x7F...0x9F).contains($0.value)
            })
        {
            ctx.error(
                "The Label '\(s)' must be 1 to 40 characters without whitespace, control characters or any of "
                    + "<>{}[]?*\"#%\\^|~`$&,;:/",
                at: p, code: .invalidLabelName)
        }
        return s
    }
}
