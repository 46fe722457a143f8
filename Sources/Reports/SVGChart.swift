import Templating

/// Inline SVG charts drawn without scripts or external resources. Every text placed in a chart is
/// escaped; every chart has a title and a description for screen readers, and the reports put the
/// same figures in a table. Each chart comes in two layouts, `wide` (labels beside the bars) and
/// `narrow` (labels above them, for phones), which the style sheet shows one at a time, so chart
/// text stays readable (11 px or more) at 390 px; print uses the wide one.
enum SVGChart {
    enum Layout {
        case wide, narrow
    }

    static func escape(_ text: String) -> String { TemplateEscaping.html.escape(text) }

    /// Both layouts of a chart, for a template: the wide one, then the narrow one.
    static func both(_ draw: (Layout) -> String) -> String {
        "<div class=\"chart-wide\">" + draw(.wide) + "</div><div class=\"chart-narrow\" aria-hidden=\"true\">"
            + draw(.narrow) + "</div>"
    }

    /// Horizontal bars for scores on 0–100, one row per label, each with its standard error of
    /// measurement as an error bar (score ± SEM) when known; a missing score is drawn as a dashed
    /// outline labelled "insufficient".
    static func bars(
        title: String, id: String, rows: [(label: String, value: Double?, sem: Double?)], layout: Layout
    ) -> String {
        let wide = layout == .wide
        let labelWidth = wide ? 210 : 0
        let barWidth = wide ? 330 : 250
        let rowHeight = wide ? 30 : 44
        let barTop = wide ? 5 : 20
        let width = wide ? labelWidth + barWidth + 110 : 360
        let height = rows.count * rowHeight + 36
        let describe = rows.map { row in
            "\(row.label): \(row.value.map { ReportNumber.score($0) + (row.sem.map { " ± " + ReportNumber.score($0) } ?? "") } ?? "insufficient")"
        }
        var svg = """
            <svg class="chart" role="img" aria-labelledby="\(id)-title \(id)-desc" viewBox="0 0 \(width) \(height)" xmlns="http://www.w3.org/2000/svg">
            <title id="\(id)-title">\(escape(title))</title>
            <desc id="\(id)-desc">\(escape(describe.joined(separator: "; ")))</desc>

            """
        func x(_ value: Double) -> Int {
            labelWidth + ReportNumber.clamped(Double(barWidth) * value / 100, to: 0...barWidth)
        }
        for tick in stride(from: 0, through: 100, by: 25) {
            svg +=
                "<line x1=\"\(x(Double(tick)))\" y1=\"4\" x2=\"\(x(Double(tick)))\" y2=\"\(height - 26)\" class=\"grid\"/>"
            svg +=
                "<text x=\"\(x(Double(tick)))\" y=\"\(height - 10)\" class=\"tick\" text-anchor=\"middle\">\(tick)</text>\n"
        }
        for (index, row) in rows.enumerated() {
            let top = 6 + index * rowHeight
            let label = escape(SVGChart.truncate(row.label, wide ? 30 : 44))
            svg +=
                wide
                ? "<text x=\"\(labelWidth - 8)\" y=\"\(top + barTop + 13)\" class=\"label\" text-anchor=\"end\">\(label)</text>"
                : "<text x=\"0\" y=\"\(top + 14)\" class=\"label\">\(label)</text>"
            let y = top + barTop
            guard let value = row.value, value.isFinite else {
                svg += "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(barWidth)\" height=\"18\" class=\"missing\"/>"
                svg += "<text x=\"\(labelWidth + 8)\" y=\"\(y + 13)\" class=\"value\">insufficient answers</text>\n"
                continue
            }
            let end = max(x(value), labelWidth + 1)
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(end - labelWidth)\" height=\"18\" class=\"bar\"/>"
            var text = ReportNumber.score(value)
            var textX = end + 6
            if let sem = row.sem, sem.isFinite, sem > 0 {
                let low = x(value - sem)
                let high = x(value + sem)
                svg += "<line x1=\"\(low)\" y1=\"\(y + 9)\" x2=\"\(high)\" y2=\"\(y + 9)\" class=\"whisker\"/>"
                svg += "<line x1=\"\(low)\" y1=\"\(y + 3)\" x2=\"\(low)\" y2=\"\(y + 15)\" class=\"whisker\"/>"
                svg += "<line x1=\"\(high)\" y1=\"\(y + 3)\" x2=\"\(high)\" y2=\"\(y + 15)\" class=\"whisker\"/>"
                text += " ± " + ReportNumber.score(sem)
                textX = max(textX, high + 6)
            }
            svg +=
                "<text x=\"\(min(textX, width - 4))\" y=\"\(y + 13)\" class=\"value\"\(textX > width - 60 ? " text-anchor=\"end\"" : "")>\(text)</text>\n"
        }
        return svg + "</svg>"
    }

    /// A histogram of overall scores in ten bins of 10 points.
    static func histogram(title: String, id: String, scores: [Double], layout: Layout) -> String {
        var bins = [Int](repeating: 0, count: 10)
        for value in scores where value.isFinite {
            bins[ReportNumber.clamped((value / 10).rounded(.down), to: 0...9)] += 1
        }
        let tallest = max(bins.max() ?? 1, 1)
        let width = layout == .wide ? 600 : 330
        let plot = layout == .wide ? 180 : 150
        var svg = """
            <svg class="chart" role="img" aria-labelledby="\(id)-title \(id)-desc" viewBox="0 0 \(width + 40) \(plot + 64)" xmlns="http://www.w3.org/2000/svg">
            <title id="\(id)-title">\(escape(title))</title>
            <desc id="\(id)-desc">\(bins.enumerated().map { "\($0.offset * 10)–\($0.offset * 10 + 10): \($0.element)" }.joined(separator: "; "))</desc>

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
            if layout == .wide || index % 2 == 0 {
                svg +=
                    "<text x=\"\(x)\" y=\"\(plot + 42)\" class=\"tick\" text-anchor=\"middle\">\(index * 10)</text>\n"
            }
        }
        svg += "<text x=\"\(30 + width)\" y=\"\(plot + 42)\" class=\"tick\" text-anchor=\"middle\">100</text>"
        svg += "<line x1=\"30\" y1=\"\(24 + plot)\" x2=\"\(30 + width)\" y2=\"\(24 + plot)\" class=\"axis\"/>\n"
        return svg + "</svg>"
    }

    /// Grouped bars: for each dimension, one bar per candidate. Each candidate has its own fill
    /// pattern (solid, hatched, dotted, …) as well as its shade, and each bar is labelled with the
    /// candidate's letter and score, so the chart reads printed in black and white.
    static func groupedBars(
        title: String, id: String, series: [String], groups: [(label: String, values: [Double?])], layout: Layout
    ) -> String {
        let wide = layout == .wide
        let labelWidth = wide ? 210 : 0
        let barWidth = wide ? 330 : 270
        let barHeight = 14
        let labelHeight = wide ? 0 : 20
        let groupHeight = labelHeight + series.count * (barHeight + 3) + 14
        let height = groups.count * groupHeight + 12
        let width = wide ? labelWidth + barWidth + 120 : 360
        let describe = groups.map { group in
            "\(group.label): "
                + zip(series, group.values).map { "\($0) \($1.map(ReportNumber.score) ?? "insufficient")" }
                .joined(separator: ", ")
        }
        var svg = """
            <svg class="chart" role="img" aria-labelledby="\(id)-title \(id)-desc" viewBox="0 0 \(width) \(height)" xmlns="http://www.w3.org/2000/svg">
            <title id="\(id)-title">\(escape(title))</title>
            <desc id="\(id)-desc">\(escape(describe.joined(separator: "; ")))</desc>
            \(patterns(id: id, count: min(series.count, 6)))

            """
        for (groupIndex, group) in groups.enumerated() {
            let top = 8 + groupIndex * groupHeight
            let label = escape(truncate(group.label, wide ? 30 : 44))
            svg +=
                wide
                ? "<text x=\"\(labelWidth - 8)\" y=\"\(top + 12)\" class=\"label\" text-anchor=\"end\">\(label)</text>\n"
                : "<text x=\"0\" y=\"\(top + 14)\" class=\"label\">\(label)</text>\n"
            for (index, value) in group.values.enumerated() {
                let y = top + labelHeight + index * (barHeight + 3)
                let pattern = index % 6
                let marker = escape(String(series[index].prefix(14)))
                guard let value, value.isFinite else {
                    svg +=
                        "<text x=\"\(labelWidth + 4)\" y=\"\(y + 11)\" class=\"small\">\(marker): insufficient</text>\n"
                    continue
                }
                let end = labelWidth + max(1, ReportNumber.clamped(Double(barWidth) * value / 100, to: 0...barWidth))
                svg +=
                    "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(end - labelWidth)\" height=\"\(barHeight)\" class=\"series\" fill=\"url(#\(id)-pattern-\(pattern))\"/>"
                svg +=
                    "<text x=\"\(end + 4)\" y=\"\(y + 11)\" class=\"small\">\(marker) \(ReportNumber.score(value))</text>\n"
            }
        }
        return svg + "</svg>"
    }

    /// Six fill patterns: solid, diagonal hatching, dots, cross-hatching, horizontal and vertical
    /// stripes; their background takes the series' shade, their ink stays visible in print.
    static func patterns(id: String, count: Int) -> String {
        let inks = [
            "",
            "<path d=\"M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2\" class=\"ink\"/>",
            "<circle cx=\"3\" cy=\"3\" r=\"1.3\" class=\"dot\"/>",
            "<path d=\"M0,0 l6,6 M6,0 l-6,6\" class=\"ink\"/>",
            "<path d=\"M0,3 h6\" class=\"ink\"/>",
            "<path d=\"M3,0 v6\" class=\"ink\"/>",
        ]
        var defs = "<defs>"
        for index in 0..<count {
            defs +=
                "<pattern id=\"\(id)-pattern-\(index)\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" class=\"ground series-\(index)\"/>\(inks[index])</pattern>"
        }
        return defs + "</defs>"
    }

    /// Long labels are cut with an ellipsis so they stay inside the chart; the table beside it
    /// carries the full text.
    static func truncate(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
