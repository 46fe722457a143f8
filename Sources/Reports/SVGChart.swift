import Templating

/// Inline SVG charts drawn without scripts or external resources. Every text placed in a chart is
/// escaped; every chart has a title and description for screen readers, and the templates put a
/// table with the same figures beside it.
enum SVGChart {
    static func escape(_ text: String) -> String { TemplateEscaping.html.escape(text) }

    /// Horizontal bars for scores on 0–100, one row per label; a missing score is drawn as a
    /// dashed outline labelled "insufficient".
    static func bars(title: String, rows: [(label: String, value: Double?)]) -> String {
        let labelWidth = 210
        let barWidth = 360
        let rowHeight = 30
        let height = rows.count * rowHeight + 36
        var svg = """
            <svg class="chart" role="img" aria-labelledby="bars-title bars-desc" viewBox="0 0 \(labelWidth + barWidth + 70) \(height)" xmlns="http://www.w3.org/2000/svg">
            <title id="bars-title">\(escape(title))</title>
            <desc id="bars-desc">\(escape(rows.map { "\($0.label): \($0.value.map(score) ?? "insufficient")" }.joined(separator: "; ")))</desc>

            """
        for tick in stride(from: 0, through: 100, by: 25) {
            let x = labelWidth + barWidth * tick / 100
            svg += "<line x1=\"\(x)\" y1=\"4\" x2=\"\(x)\" y2=\"\(height - 26)\" class=\"grid\"/>"
            svg += "<text x=\"\(x)\" y=\"\(height - 10)\" class=\"tick\" text-anchor=\"middle\">\(tick)</text>\n"
        }
        for (index, row) in rows.enumerated() {
            let y = 8 + index * rowHeight
            svg +=
                "<text x=\"\(labelWidth - 8)\" y=\"\(y + 16)\" class=\"label\" text-anchor=\"end\">\(escape(truncate(row.label, 30)))</text>"
            if let value = row.value {
                let width = max(1, Int((Double(barWidth) * min(max(value, 0), 100) / 100).rounded()))
                svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(width)\" height=\"18\" class=\"bar\"/>"
                svg += "<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 16)\" class=\"value\">\(score(value))</text>\n"
            } else {
                svg +=
                    "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(barWidth)\" height=\"18\" class=\"missing\"/>"
                svg += "<text x=\"\(labelWidth + 8)\" y=\"\(y + 16)\" class=\"value\">insufficient answers</text>\n"
            }
        }
        return svg + "</svg>"
    }

    /// A histogram of overall scores in ten bins of 10 points.
    static func histogram(title: String, scores: [Double]) -> String {
        var bins = [Int](repeating: 0, count: 10)
        for value in scores { bins[min(9, max(0, Int(value / 10)))] += 1 }
        let tallest = max(bins.max() ?? 1, 1)
        let width = 600
        let plot = 180
        var svg = """
            <svg class="chart" role="img" aria-labelledby="hist-title hist-desc" viewBox="0 0 \(width + 40) \(plot + 64)" xmlns="http://www.w3.org/2000/svg">
            <title id="hist-title">\(escape(title))</title>
            <desc id="hist-desc">\(bins.enumerated().map { "\($0.offset * 10)–\($0.offset * 10 + 10): \($0.element)" }.joined(separator: "; "))</desc>

            """
        let binWidth = width / 10
        for (index, count) in bins.enumerated() {
            let barHeight = plot * count / tallest
            let x = 30 + index * binWidth
            svg +=
                "<rect x=\"\(x + 3)\" y=\"\(24 + plot - barHeight)\" width=\"\(binWidth - 6)\" height=\"\(barHeight)\" class=\"bar\"/>"
            if count > 0 {
                svg +=
                    "<text x=\"\(x + binWidth / 2)\" y=\"\(19 + plot - barHeight)\" class=\"value\" text-anchor=\"middle\">\(count)</text>"
            }
            svg += "<text x=\"\(x)\" y=\"\(plot + 42)\" class=\"tick\" text-anchor=\"middle\">\(index * 10)</text>\n"
        }
        svg += "<text x=\"\(30 + width)\" y=\"\(plot + 42)\" class=\"tick\" text-anchor=\"middle\">100</text>"
        svg += "<line x1=\"30\" y1=\"\(24 + plot)\" x2=\"\(30 + width)\" y2=\"\(24 + plot)\" class=\"axis\"/>\n"
        return svg + "</svg>"
    }

    /// Grouped bars: for each dimension, one bar per candidate, each candidate in its own shade
    /// and marked with its letter so the chart reads in black and white.
    static func groupedBars(title: String, series: [String], groups: [(label: String, values: [Double?])]) -> String {
        let labelWidth = 210
        let barWidth = 360
        let barHeight = 12
        let groupHeight = series.count * (barHeight + 2) + 14
        let height = groups.count * groupHeight + 36
        var svg = """
            <svg class="chart" role="img" aria-labelledby="group-title group-desc" viewBox="0 0 \(labelWidth + barWidth + 90) \(height)" xmlns="http://www.w3.org/2000/svg">
            <title id="group-title">\(escape(title))</title>
            <desc id="group-desc">\(escape(groups.map { group in "\(group.label): " + zip(series, group.values).map { "\($0) \($1.map(score) ?? "insufficient")" }.joined(separator: ", ") }.joined(separator: "; ")))</desc>

            """
        for (groupIndex, group) in groups.enumerated() {
            let top = 8 + groupIndex * groupHeight
            svg +=
                "<text x=\"\(labelWidth - 8)\" y=\"\(top + 12)\" class=\"label\" text-anchor=\"end\">\(escape(truncate(group.label, 30)))</text>\n"
            for (index, value) in group.values.enumerated() {
                let y = top + index * (barHeight + 2)
                let shade = "series-\(index % 6)"
                let marker = escape(String(series[index].prefix(14)))
                if let value {
                    let width = max(1, Int((Double(barWidth) * min(max(value, 0), 100) / 100).rounded()))
                    svg +=
                        "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(width)\" height=\"\(barHeight)\" class=\"\(shade)\"/>"
                    svg +=
                        "<text x=\"\(labelWidth + width + 4)\" y=\"\(y + 10)\" class=\"small\">\(marker) \(score(value))</text>\n"
                } else {
                    svg +=
                        "<text x=\"\(labelWidth + 4)\" y=\"\(y + 10)\" class=\"small\">\(marker): insufficient</text>\n"
                }
            }
        }
        return svg + "</svg>"
    }

    static func score(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        guard tenths.isFinite, abs(tenths) < 1e9 else { return "—" }
        let whole = Int(tenths)
        return "\(whole / 10).\(abs(whole % 10))"
    }

    /// Long labels are cut with an ellipsis so they stay inside the chart; the table beside it
    /// carries the full text.
    static func truncate(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
