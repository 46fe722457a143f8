// swift-tools-version: 6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Dazzle",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "dazzle", targets: ["dazzle"]),
        // Mustache templating on its own, for other programs.
        .library(name: "Templating", targets: ["Templating"]),
    ],
    targets: [
        // A position-aware JSON reader and a small writer. Knows nothing else of ours.
        .target(name: "DazzleJSON", swiftSettings: strictSettings),
        // SHA-256 for content hashes. Knows nothing else of ours.
        .target(name: "Hashing", swiftSettings: strictSettings),
        // The append-only, hash-chained audit log and its verification.
        .target(name: "Audit", dependencies: ["DazzleJSON", "Hashing"], swiftSettings: strictSettings),
        // "Did you mean" suggestions, shared by the argument parser and the file loaders.
        .target(name: "Spelling", swiftSettings: strictSettings),
        // Question sets: format, loading, validation, showIf conditions.
        .target(
            name: "QuestionnaireEngine", dependencies: ["DazzleJSON", "Spelling", "Hashing"],
            swiftSettings: strictSettings),
        // Submitted forms: JSON, JSON Lines and CSV readers, the fast byte parser, the answer checks.
        .target(
            name: "Submissions", dependencies: ["QuestionnaireEngine", "DazzleJSON", "Hashing"],
            swiftSettings: strictSettings),
        // Rubrics, the scoring plan and sheet, the scorer, scorecards and their one encoder, and
        // the stream's fast path. Knows nothing of terminals or files.
        .target(
            name: "Scoring", dependencies: ["Submissions", "QuestionnaireEngine", "DazzleJSON", "Spelling"],
            swiftSettings: strictSettings),
        // Psychometric arithmetic on plain numbers: distributions, small linear algebra, reliability
        // coefficients, factor analysis, intraclass correlations, effect sizes, DIF tests. Knows
        // nothing else of ours.
        .target(name: "Psychometrics", swiftSettings: strictSettings),
        // Batch statistics: reliability, rater agreement, norms, adverse impact, DIF, bias audits.
        .target(
            name: "Analytics",
            dependencies: ["Scoring", "Submissions", "QuestionnaireEngine", "DazzleJSON", "Psychometrics"],
            swiftSettings: strictSettings),
        // Mustache templates: parser, renderer, partials. Knows nothing else of ours.
        .target(name: "Templating", swiftSettings: strictSettings),
        // JSON data for templates: JSON text to TemplateValue.
        .target(name: "TemplateData", dependencies: ["Templating", "DazzleJSON"], swiftSettings: strictSettings),
        // Candidate, comparison and batch reports and the candidate's form: view models, SVG
        // charts, default templates.
        .target(
            name: "Reports",
            dependencies: [
                "Analytics", "Psychometrics", "Scoring", "Submissions", "QuestionnaireEngine", "Templating", "Hashing",
                "DazzleJSON", "Audit",
            ],
            swiftSettings: strictSettings),
        // The live interview: session state (a pure reducer), typed input, the journal.
        .target(
            name: "Interviewing", dependencies: ["QuestionnaireEngine", "DazzleJSON"], swiftSettings: strictSettings),
        // Raw-mode terminal input, key decoding, line editing, colour rules. Knows nothing else of ours.
        .target(name: "TerminalUI", swiftSettings: strictSettings),
        // A small declarative command-line parser following swift-argument-parser's conventions.
        .target(name: "ArgumentParsing", dependencies: ["Spelling"], swiftSettings: strictSettings),
        // Every `dazzle` command, testable without a process.
        .target(
            name: "DazzleCommands",
            dependencies: [
                "ArgumentParsing", "QuestionnaireEngine", "Submissions", "Scoring", "Analytics", "Templating",
                "TemplateData", "Reports", "Interviewing", "Hashing", "Audit",
                "TerminalUI",
                "DazzleJSON",
                "Spelling",
            ],
            swiftSettings: strictSettings),
        .executableTarget(
            name: "dazzle", dependencies: ["DazzleCommands"], swiftSettings: strictSettings),
        // Speed and memory figures, measured in release mode; never part of the tests.
        .executableTarget(
            name: "dazzle-bench",
            dependencies: [
                "DazzleCommands", "Submissions", "Scoring", "Analytics", "QuestionnaireEngine", "DazzleJSON",
                "Templating", "Hashing",
            ],
            swiftSettings: strictSettings),

        .testTarget(name: "HashingTests", dependencies: ["Hashing"], swiftSettings: strictSettings),
        .testTarget(name: "AuditTests", dependencies: ["Audit", "DazzleJSON"], swiftSettings: strictSettings),
        .testTarget(
            name: "PsychometricsTests", dependencies: ["Psychometrics"], exclude: ["Reference"],
            resources: [.copy("Fixtures")], swiftSettings: strictSettings),
        .testTarget(
            name: "DazzleJSONTests", dependencies: ["DazzleJSON"], swiftSettings: strictSettings),
        .testTarget(
            name: "QuestionnaireEngineTests", dependencies: ["QuestionnaireEngine", "DazzleJSON"],
            resources: [.copy("Fixtures")], swiftSettings: strictSettings),
        .testTarget(
            name: "ScoringTests",
            dependencies: [
                "Submissions", "Scoring", "Analytics", "QuestionnaireEngine", "DazzleJSON", "Psychometrics", "Hashing",
            ],
            exclude: ["Reference"], resources: [.copy("Fixtures")], swiftSettings: strictSettings),
        .testTarget(
            name: "TemplatingTests", dependencies: ["Templating", "TemplateData", "DazzleJSON"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "ReportsTests",
            dependencies: [
                "Reports", "Analytics", "Scoring", "Submissions", "QuestionnaireEngine", "Templating", "DazzleJSON",
                "Audit",
            ],
            exclude: ["Snapshots"], swiftSettings: strictSettings),
        .testTarget(
            name: "InterviewingTests", dependencies: ["Interviewing", "QuestionnaireEngine", "DazzleJSON"],
            swiftSettings: strictSettings),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"], swiftSettings: strictSettings),
        .testTarget(
            name: "ArgumentParsingTests", dependencies: ["ArgumentParsing", "Spelling"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "DazzleCommandsTests", dependencies: ["DazzleCommands", "DazzleJSON", "dazzle"],
            exclude: ["Fixtures"], swiftSettings: strictSettings),
    ],
    swiftLanguageModes: [.v6]
)
