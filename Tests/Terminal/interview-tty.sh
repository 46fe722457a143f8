#!/usr/bin/env bash
# Drives `dazzle interview` in a real pseudo-terminal through ../shared/bin/tty-drive (tmux), as an
# interviewer would: nothing recorded without an explicit choice, one key model, notes, the evidence
# step, the review, resize, pause and resume, Ctrl-Z and Ctrl-C, the accessible mode's bytes, and
# the menu.
# Usage: Tests/Terminal/interview-tty.sh PATH/TO/dazzle      (run by .ci/run when ../shared exists)
set -euo pipefail
dazzle=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
drive=$(realpath "$here/../../../shared/bin/tty-drive")
work=$(mktemp -d)
trap 'rm -rf "$work"; "$drive" stop dz-tty >/dev/null 2>&1 || true' EXIT
cd "$work"
fail() { echo "FAIL: $*"; "$drive" screen dz-tty || true; exit 1; }
expect() { "$drive" wait dz-tty "$1" 10 >/dev/null || fail "screen never showed /$1/"; }
answers() { grep -c '"event":"answer"' "$1" || true; }
history() { tmux -L tty-drive capture-pane -p -t dz-tty -S -; }
journal=s/ana-lima.jo.pre-screen.journal.jsonl

# A fresh question has nothing chosen: Enter records nothing and says what to do.
"$drive" start dz-tty --size 100x30 -- "$dazzle" interview pre-screen --candidate "Ana Lima" --rater Jo --out s --color never
expect 'Question 1 of 5 · About the role'
"$drive" screen dz-tty | grep -q '❯' && fail "an option is pre-selected"
"$drive" keys dz-tty Enter
expect 'Nothing is chosen yet'
[ "$(answers $journal)" = 0 ] || fail "Enter on a fresh question recorded an answer"
# A digit moves to that option and does not commit; Enter does. 2 is No, which opens a branch.
"$drive" keys dz-tty 2
expect '❯ 2 No'
[ "$(answers $journal)" = 0 ] || fail "a digit recorded an answer before Enter"
"$drive" keys dz-tty Enter
expect 'Which weekends or hours'
grep -q '"item":"work-weekends","value":false' "$journal" || fail "2 Enter did not record No"
# Text with line editing; Esc then b goes back, the answer kept.
"$drive" type dz-tty "Sundayz"
"$drive" keys dz-tty BSpace
"$drive" type dz-tty "s"
"$drive" keys dz-tty Enter
expect 'How many years'
grep -q '"value":"Sundays"' "$journal" || fail "the edited text answer is not in the journal"
"$drive" keys dz-tty Escape
expect 'Command: n note'
"$drive" keys dz-tty b
expect 'Recorded: Sundays'
"$drive" keys dz-tty C-u
"$drive" type dz-tty "Sundays only"
"$drive" keys dz-tty Enter
expect 'How many years'
# 4 Enter answers exactly this question with 4, and the next question stays unanswered.
"$drive" type dz-tty "4"
"$drive" keys dz-tty Enter
expect 'most recent customer-facing role'
[ "$(grep -c '"item":"years-serving"' "$journal")" = 1 ] || fail "4 Enter did not answer exactly one question"
grep -q '"item":"years-serving","value":4' "$journal" || fail "the 4 is not journaled"
"$drive" type dz-tty "Barista at a busy cafe"
"$drive" keys dz-tty Enter
expect 'When could you start'
# Two notes on one question, the second over two lines; both are kept.
"$drive" keys dz-tty n
expect 'note>'
"$drive" type dz-tty "Can start"
"$drive" keys dz-tty M-Enter
"$drive" type dz-tty "after notice"
"$drive" keys dz-tty Enter
expect 'Note 1 added'
"$drive" keys dz-tty n
"$drive" type dz-tty "Asked about the commute"
"$drive" keys dz-tty Enter
expect 'Note 2: Asked about the commute'
grep -q '"event":"note","item":"availability","text":"Can start\\nafter notice"' "$journal" || fail "the two-line note is not in the journal"
# ? shows exactly the keys the hint names.
"$drive" keys dz-tty '?'
expect 'p +save and quit'
"$drive" keys dz-tty Escape

# Ctrl-Z: the terminal is restored for the shell, and raw mode returns after SIGCONT (here the
# process group has no job-control shell, so the stop itself is discarded by the kernel).
"$drive" keys dz-tty C-z
sleep 0.3
"$drive" keys dz-tty Down
expect '❯ 1 Straight away'
"$drive" keys dz-tty Down
expect '❯ 2 Within two weeks'
"$drive" keys dz-tty Up
expect '❯ 1 Straight away'

# Pause, then resume at the same question, its notes still there.
"$drive" keys dz-tty p
expect 'Paused; the session is saved'
[ "$("$drive" status dz-tty)" = 0 ] || fail "pause did not exit 0"
"$drive" stop dz-tty
"$drive" start dz-tty --size 100x30 -- "$dazzle" interview --resume "$journal" --color never
expect 'When could you start'
expect 'Note 2: Asked about the commute'
"$drive" keys dz-tty 2 Enter
expect 'What do you enjoy'

# Ctrl-C: one calm line, exit 130, everything confirmed kept.
"$drive" keys dz-tty C-c
expect 'Interrupted. Every confirmed answer is saved'
[ "$("$drive" status dz-tty)" = 130 ] || fail "Ctrl-C did not exit 130"
grep -q '"item":"availability","value":"two-weeks"' "$journal" || fail "the answer before Ctrl-C was lost"
"$drive" stop dz-tty

# 'dazzle' alone on a terminal opens the menu, asks for the inputs and runs the command.
questionnaires=$(realpath "$here/../../questionnaires")
"$drive" start dz-tty --size 100x30 -- "$dazzle"
expect 'What would you like to do'
"$drive" type dz-tty "5"
"$drive" keys dz-tty Enter
expect 'Question set file or folder'
"$drive" type dz-tty "$questionnaires"
"$drive" keys dz-tty Enter
expect 'Checked 5 files: 0 errors, 0 warnings'
"$drive" screen dz-tty | grep -q "Running: dazzle validate" || fail "the menu did not print the equivalent command"
"$drive" stop dz-tty

# The menu makes a candidate form; 'dazzle form' without --out on a terminal writes SET-form.html
# and says how to send it.
"$drive" start dz-tty --size 100x30 -- "$dazzle"
expect 'What would you like to do'
"$drive" type dz-tty "6"
"$drive" keys dz-tty Enter
expect 'Question set \(a file, or one of: '
"$drive" type dz-tty "pre-screen"
"$drive" keys dz-tty Enter
expect 'Form file \[pre-screen-form.html\]'
"$drive" keys dz-tty Enter
expect 'Wrote pre-screen-form.html'
[ -s pre-screen-form.html ] || fail "the menu wrote no form"
"$drive" stop dz-tty
rm pre-screen-form.html
"$drive" start dz-tty --size 100x30 -- "$dazzle" form service-orientation-inventory
expect 'Score the returned files with'
"$drive" screen dz-tty | grep -q "Wrote service-orientation-inventory-form.html" || fail "no word of where the form went"
grep -q '<title>Service orientation inventory</title>' service-orientation-inventory-form.html || fail "no form written"
"$drive" stop dz-tty

# Calibration in the interview's own screen: a written answer under its question, rated with the
# keys; paused, the same command continues at the next answer.
"$drive" start dz-tty --size 100x40 -- "$dazzle" calibrate --rater "Jo Park" --out cal --color never
expect "The candidate's answer: “Honestly, yes"
"$drive" screen dz-tty | grep -q '❯' && fail "a calibration rating is pre-selected"
"$drive" keys dz-tty 5
expect '❯ 5'
"$drive" keys dz-tty Enter
expect "The candidate's answer: “I guess so"
"$drive" keys dz-tty p
expect 'Paused; run the same command again'
[ "$("$drive" status dz-tty)" = 0 ] || fail "pausing the calibration did not exit 0"
grep -q '"item":"love-humans-bright","value":5' cal/jo-park.hbl-gold-1.calibration.jsonl || fail "the calibration rating was not journaled"
"$drive" stop dz-tty
"$drive" start dz-tty --size 100x40 -- "$dazzle" calibrate --rater "Jo Park" --out cal --color never
expect "The candidate's answer: “I guess so"
"$drive" stop dz-tty

# The menu asks which question set a CSV export answers, instead of failing.
cp "$questionnaires/samples/judgment-export.csv" export.csv
"$drive" start dz-tty --size 100x30 -- "$dazzle"
expect 'What would you like to do'
"$drive" type dz-tty "3"
"$drive" keys dz-tty Enter
expect 'Forms to score'
"$drive" type dz-tty "export.csv"
"$drive" keys dz-tty Enter
expect 'Which question set'
"$drive" type dz-tty "recovery-judgment-test"
"$drive" keys dz-tty Enter
expect 'Output folder'
"$drive" keys dz-tty Enter
expect 'Read [0-9]+ submissions'
"$drive" screen dz-tty | grep -q "Could not tell which question set" && fail "the menu ended in an error"
"$drive" stop dz-tty

# Without a question set or a name, the interview asks: a list with nothing chosen, then the names.
"$drive" start dz-tty --size 80x40 -- "$dazzle" interview --out s2 --color never
expect 'Which interview'
"$drive" keys dz-tty Enter
expect 'Nothing is chosen yet'
"$drive" keys dz-tty Down
expect '❯ 1 Human-being lovers'
"$drive" keys dz-tty Enter
expect "Candidate's name"
"$drive" type dz-tty "Bo Ek"
"$drive" keys dz-tty Enter
expect 'Your name'
"$drive" type dz-tty "Jo"
"$drive" keys dz-tty Enter
expect 'Question 1 of 16 · Love of humans'
j2=s2/bo-ek.jo.human-being-lovers-interview.journal.jsonl
# The clock runs; a resize re-flows the question and leaves no stale copy on screen or above it
# (the window is tall enough for the whole question: a part that a terminal's reflow pushes out of
# the window's top cannot be reached again).
expect 'Time on this question 0:0[1-9]'
tmux -L tty-drive resize-window -t dz-tty -x 60 -y 40
expect '^    by the topic\.'
sleep 0.5
[ "$(history | grep -c 'Question 1 of 16')" = 1 ] || fail "a stale copy of the question stayed after the resize"
tmux -L tty-drive resize-window -t dz-tty -x 100 -y 40
sleep 0.5
[ "$(history | grep -c 'Question 1 of 16')" = 1 ] || fail "a stale copy stayed after widening"
# An extreme rating asks for evidence before anything is recorded; Esc returns to the choice.
"$drive" keys dz-tty 5 Enter
expect 'needs evidence: what did the candidate say or do'
[ "$(answers $j2)" = 0 ] || fail "the extreme rating was recorded before its evidence"
"$drive" keys dz-tty Escape
expect 'Nothing was recorded; the rating is still open'
[ "$(answers $j2)" = 0 ] || fail "Esc at the evidence prompt recorded the rating"
"$drive" keys dz-tty 5 Enter
expect 'evidence>'
"$drive" type dz-tty "Named three regulars and what they order"
"$drive" keys dz-tty Enter
expect 'Question 2 of 16'
grep -q '"item":"love-humans","value":5,"evidence":"Named three regulars and what they order"' "$j2" \
    || fail "the rating and its evidence are not one journal event"
# Two notes on the second question, then every other question rated 3.
"$drive" keys dz-tty n
"$drive" type dz-tty "Told a wedding cake story"
"$drive" keys dz-tty Enter
expect 'Note 1 added'
"$drive" keys dz-tty n
"$drive" type dz-tty "From the bride's side"
"$drive" keys dz-tty Enter
expect 'Note 2 added'
for n in $(seq 2 16); do
    "$drive" keys dz-tty 3 Enter
    if [ "$n" -lt 16 ]; then expect "Question $((n + 1)) of 16"; fi
done
# The review lists every question; open one, change it, return to the review, finish.
expect 'Review · 16 questions · 16 answered'
"$drive" keys dz-tty 4 Enter
expect 'Question 4 of 16'
"$drive" keys dz-tty 2 Enter
expect 'Review · 16 questions'
"$drive" screen dz-tty | grep -q '4\. ✓ .* — 2 Weak' || fail "the review does not show the changed answer"
"$drive" keys dz-tty 0 Enter
expect 'Report: '
grep -q '"item":"own-the-mistake","value":3' "$j2" || fail "the first answer is not kept in the journal"
grep -q '"item":"own-the-mistake","value":2' "$j2" || fail "the change is not journaled"
grep -q '"own-the-mistake":2' s2/bo-ek.jo.human-being-lovers-interview.submission.json || fail "the change is not submitted"
grep -q 'Told a wedding cake story' s2/bo-ek.jo.human-being-lovers-interview.html || fail "note 1 is not in the report"
grep -q 'From the bride&#39;s side' s2/bo-ek.jo.human-being-lovers-interview.html || fail "note 2 is not in the report"
# The scrollback holds one copy per question, not one per key.
for n in 1 2 3 16; do
    [ "$(history | grep -c "Question $n of 16")" = 1 ] || fail "question $n appears more than once in the scrollback"
done
"$drive" stop dz-tty

# Accessible mode: every byte the program writes is captured; none is an escape sequence, and the
# interview is completed by typing numbers alone.
"$drive" start dz-tty --size 100x30 -- sh -c 'sleep 1; exec env ACCESSIBLE=1 "$0" interview human-being-lovers-interview --candidate "Cy Doe" --out s3' "$dazzle"
tmux -L tty-drive pipe-pane -o -t dz-tty "cat >> $work/accessible.bytes"
expect 'Question 1 of 16'
for n in $(seq 1 16); do
    "$drive" type dz-tty "3"
    "$drive" keys dz-tty Enter
    if [ "$n" -lt 16 ]; then expect "Question $((n + 1)) of 16"; fi
done
expect 'Enter a question number between 1 and 16'
"$drive" type dz-tty "0"
"$drive" keys dz-tty Enter
expect 'Report: '
sleep 0.3
[ -f s3/cy-doe.human-being-lovers-interview.submission.json ] || fail "the accessible interview did not finish"
if grep -q $'\x1b' accessible.bytes; then fail "the accessible mode wrote an escape sequence"; fi
"$drive" stop dz-tty
echo "interview and menu in a real terminal: all checks passed"
