"""The Spark job of scripts/check-spark: score in 4 partitions, compare with the direct run;
each partition also writes its analysis state among its scorecards (--state stdout), the job's
output is saved as Spark saves text, and `dazzle summary merge` over that folder must write the
summary.json a one-machine `dazzle score FILE --out` writes."""

import argparse
import json
import subprocess
import sys

from pyspark import SparkConf, SparkContext

parser = argparse.ArgumentParser()
parser.add_argument("--dazzle", required=True)
parser.add_argument("--work", required=True)
parser.add_argument("--interviews", required=True)
parser.add_argument("--interview-set", required=True)
args = parser.parse_args()
work = args.work
questionnaire = f"{work}/forms.questionnaire.json"
failures = []


def check(condition, message):
    print(("ok: " if condition else "FAIL: ") + message)
    if not condition:
        failures.append(message)


def direct(path, extra=()):
    """The one-machine run: every line of the file through one process."""
    with open(path, "rb") as stdin:
        run = subprocess.run(
            [args.dazzle, "score", "-", "-q", questionnaire, "--source", path.split("/")[-1],
             "--rejections", "stdout", *extra],
            stdin=stdin, capture_output=True, env={})
    return run.stdout.decode().splitlines()


def score_partition(name, extra, questionnaire=questionnaire):
    """A partition of (line number, text) pairs, scored by one dazzle process with the
    partition's first line number, with an empty environment as PySpark's pipe gives."""
    def run(rows):
        rows = list(rows)
        if not rows:
            return []
        text = "".join(line + "\n" for _, line in rows)
        command = [args.dazzle, "score", "-", "-q", questionnaire, "--source", name,
                   "--first-line", str(rows[0][0]), "--rejections", "stdout", "--exit-zero-on-rejections",
                   *extra]
        done = subprocess.run(command, input=text.encode(), capture_output=True, env={})
        if done.returncode != 0:
            raise RuntimeError(f"dazzle exited {done.returncode}: {done.stderr.decode()[-500:]}")
        return done.stdout.decode().splitlines()
    return run


def counts(lines):
    formats = [json.loads(line)["format"] for line in lines]
    return formats.count("dazzle.scorecard/1"), formats.count("dazzle.rejection/1")


def records_only(lines):
    """The job's scorecards and rejection records, without the state lines among them."""
    return [line for line in lines if json.loads(line)["format"] != "dazzle.analysis-state/1"]


def merged_equals_one_machine(name, job, source, extra=(), questionnaire=questionnaire):
    """Saves the job's output as Spark does (part-NNNNN files), merges the states in it and
    compares summary.json with a one-machine run over the source file."""
    folder = f"{work}/{name}-job"
    job.saveAsTextFile(folder)
    merged = subprocess.run(
        [args.dazzle, "summary", "merge", folder, "-q", questionnaire, "--out", f"{work}/{name}-merged"],
        capture_output=True, env={})
    one = subprocess.run(
        [args.dazzle, "score", source, "-q", questionnaire, "--out", f"{work}/{name}-one", *extra],
        capture_output=True, env={})
    if merged.returncode not in (0, 2) or one.returncode not in (0, 2):
        check(False, f"{name}: merge exited {merged.returncode} ({merged.stderr.decode()[-300:]}), "
                     f"one machine {one.returncode}")
        return
    with open(f"{work}/{name}-merged/summary.json") as a, open(f"{work}/{name}-one/summary.json") as b:
        check(a.read() == b.read(),
              f"{name}: summary merge of the job's {job.getNumPartitions()} parts writes the one-machine summary.json, byte for byte")


conf = (
    SparkConf().setMaster("local[2]").setAppName("dazzle-check").set("spark.ui.enabled", "false")
    .set("spark.ui.showConsoleProgress", "false")
)
sc = SparkContext(conf=conf)
sc.setLogLevel("ERROR")

# JSON Lines: Spark's own split of the file into 4 partitions, lines numbered across them.
jsonl = f"{work}/with-corrupt.jsonl"
lines = sc.textFile(jsonl, 4).zipWithIndex().map(lambda pair: (pair[1] + 1, pair[0]))
check(lines.getNumPartitions() >= 4, f"JSON Lines in {lines.getNumPartitions()} partitions")
job_rdd = lines.mapPartitions(score_partition("with-corrupt.jsonl", ("--state", "stdout"))).cache()
job = records_only(job_rdd.collect())
read = sum(1 for line in open(jsonl) if line.strip())
scored, rejected = counts(job)
check(scored + rejected == read, f"JSON Lines: read {read} = scored {scored} + rejected {rejected}")
check(rejected == 1, "the corrupt line is one rejection record")
check(job == direct(jsonl), "JSON Lines: the job's records equal the direct run's, sources and order included")
merged_equals_one_machine("jsonl", job_rdd, jsonl)

# CSV: cut into 4 pieces at record boundaries (a quoted cell may hold a line break), the header
# given to every piece with --header-from, line numbers kept.
export = f"{work}/forms.csv"
with open(export, newline="") as handle:
    text = handle.read()
header_end = text.index("\n") + 1
with open(f"{work}/header.csv", "w") as handle:
    handle.write(text[:header_end])
records = []
reader_line = 2
raw_lines = text[header_end:].splitlines(keepends=True)
position = 0
while position < len(raw_lines):
    start = position
    chunk = raw_lines[position]
    position += 1
    while chunk.count('"') % 2 == 1 and position < len(raw_lines):
        chunk += raw_lines[position]
        position += 1
    records.append((reader_line, chunk.rstrip("\r\n")))
    reader_line += position - start
pieces = sc.parallelize(records, 4)
job_rdd = pieces.mapPartitions(
    score_partition("forms.csv", ("--header-from", f"{work}/header.csv", "--state", "stdout"))).cache()
job = records_only(job_rdd.collect())
scored, rejected = counts(job)
check(scored + rejected == len(records), f"CSV: read {len(records)} = scored {scored} + rejected {rejected}")
check(job == direct(export), "CSV: the job's records equal the direct run's, sources and order included")
merged_equals_one_machine("csv", job_rdd, export)

# Panels: 200 copies of the sample interviews' candidates (2 or 3 raters each), shuffled, so
# each panel's records are spread over the partitions; grouped by candidate in Spark, then scored
# with --panels. Each candidate gets one scorecard, equal to the one-machine file batch's (but for
# sources, which the grouping renumbers, and the batch's own figures: standing and SEMs).
import random

sample = [line for line in open(args.interviews) if line.strip()]
panel_lines = []
for copy in range(200):
    for line in sample:
        record = json.loads(line)
        record["candidate"]["id"] = f"{record['candidate']['id']}-{copy}"
        panel_lines.append(json.dumps(record))
random.Random(7).shuffle(panel_lines)
with open(f"{work}/panels.jsonl", "w") as handle:
    handle.write("\n".join(panel_lines) + "\n")
grouped = (
    sc.parallelize(panel_lines, 4)
    .keyBy(lambda line: json.loads(line)["candidate"]["id"])
    .groupByKey(4)
    .flatMap(lambda pair: [(1, line) for line in pair[1]])
)
job_rdd = grouped.mapPartitions(
    score_partition("panels", ("--panels", "--state", "stdout"), questionnaire=args.interview_set)).cache()
job = records_only(job_rdd.collect())
scored, rejected = counts(job)
cards = [json.loads(line) for line in job if json.loads(line)["format"] == "dazzle.scorecard/1"]
subprocess.run([args.dazzle, "score", f"{work}/panels.jsonl", "-q", args.interview_set, "--out", f"{work}/panels-out"],
               capture_output=True, env={})
expected = [json.loads(line) for line in open(f"{work}/panels-out/scorecards.jsonl")]


def comparable(card):
    card = dict(card)
    for key in ("sources", "standing", "sem"):
        card.pop(key, None)
    card["dimensions"] = [{k: v for k, v in d.items() if k != "sem"} for d in card["dimensions"]]
    return json.dumps(card, sort_keys=True)


check(rejected == 0 and len(cards) == len(expected) == 1000,
      f"panels: {len(panel_lines)} records in 4 partitions → {len(cards)} scorecards (the batch: {len(expected)})")
check(sorted(map(comparable, cards)) == sorted(map(comparable, expected)),
      "panels: every panel scorecard equals the one-machine batch's")
merged_equals_one_machine("panels", job_rdd, f"{work}/panels.jsonl", questionnaire=args.interview_set)

sc.stop()
if failures:
    print(f"{len(failures)} Spark check(s) failed.")
    sys.exit(1)
print("Spark checks passed.")
