#!/usr/bin/env bash
# Drives `dazzle interview` in a real pseudo-terminal through ../shared/bin/tty-drive (tmux):
# arrow-key choice, line editing, back, note, pause and resume, and Ctrl-C.
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
journal=s/ana-lima.pre-screen.journal.jsonl

# Arrow keys choose, a branch opens, line editing fixes a typo, back keeps the answer, a note is attached.
"$drive" start dz-tty --size 100x30 -- "$dazzle" interview pre-screen --candidate "Ana Lima" --rater Jo --out s --color never
expect '❯ 1 Yes'
"$drive" keys dz-tty Down Enter
expect 'Which weekends or hours'
"$drive" type dz-tty "Sundayz"
"$drive" keys dz-tty BSpace
"$drive" type dz-tty "s"
"$drive" keys dz-tty Enter
expect 'How many years'
grep -q '"text":"Sundays"\|"value":"Sundays"' "$journal" || fail "the edited text answer is not in the journal"
"$drive" type dz-tty ":back"
"$drive" keys dz-tty Enter
expect 'Which weekends or hours'
"$drive" keys dz-tty C-u
"$drive" type dz-tty "Sundays only"
"$drive" keys dz-tty Enter
expect 'How many years'
"$drive" type dz-tty "4"
"$drive" keys dz-tty Enter
expect 'most recent customer-facing role'
"$drive" type dz-tty "Barista at a busy cafe"
"$drive" keys dz-tty Enter
expect 'When could you start'
"$drive" keys dz-tty n
expect 'note>'
"$drive" type dz-tty "Can start"
"$drive" keys dz-tty M-Enter
"$drive" type dz-tty "after notice"
"$drive" keys dz-tty Enter
expect 'When could you start'
grep -q '"event":"note","item":"availability","text":"Can start\\nafter notice"' "$journal" || fail "the two-line note is not in the journal"

# Ctrl-Z: the terminal is restored for the shell, and raw mode returns after SIGCONT (here the
# process group has no job-control shell, so the stop itself is discarded by the kernel).
"$drive" keys dz-tty C-z
sleep 0.3
"$drive" keys dz-tty Down Up
expect '❯ 1 Straight away'
"$drive" keys dz-tty Down
expect '❯ 2 Within two weeks'
"$drive" keys dz-tty Up


# Pause, then resume at the same question.
"$drive" keys dz-tty p
expect 'Paused; the session is saved'
[ "$("$drive" status dz-tty)" = 0 ] || fail "pause did not exit 0"
"$drive" stop dz-tty
"$drive" start dz-tty --size 100x30 -- "$dazzle" interview --resume "$journal" --out s --color never
expect 'When could you start'
"$drive" keys dz-tty 2
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
expect 'Checked 4 files: 0 errors, 0 warnings'
"$drive" screen dz-tty | grep -q "Running: dazzle validate" || fail "the menu did not print the equivalent command"
"$drive" stop dz-tty

# Without a question set or a name, the interview asks: an arrow-key list, then the names, at 80 columns.
"$drive" start dz-tty --size 80x30 -- "$dazzle" interview --out s2 --color never
expect 'Which interview'
expect '❯ 1 Human-being lovers'
"$drive" keys dz-tty Enter
expect "Candidate's name"
"$drive" type dz-tty "Bo Ek"
"$drive" keys dz-tty Enter
expect 'Your name'
"$drive" type dz-tty "Jo"
"$drive" keys dz-tty Enter
expect '1/16 · Love of humans'
# The clock runs against the suggested minutes, and a resize re-flows the options at once.
expect '⏱ 0:0[1-9] of 5 min suggested'
tmux -L tty-drive resize-window -t dz-tty -x 50 -y 30
expect '^   strangers, energised by the topic\.'
"$drive" keys dz-tty 3
expect '2/16 · Love of humans'
grep -q '"item":"love-humans","value":3' s2/bo-ek.human-being-lovers-interview.journal.jsonl || fail "the picked interview's answer is not journaled"
"$drive" stop dz-tty

# Finishing with a required question unanswered offers, with the arrows, to go back to it.
"$drive" start dz-tty --size 100x30 -- "$dazzle" interview pre-screen --candidate "Cy Doe" --out s3 --color never
expect 'Can you work weekends'
"$drive" keys dz-tty s
expect 'How many years'
"$drive" type dz-tty ":finish"
"$drive" keys dz-tty Enter
expect '❯ 1 Go back to 1: The role includes some weekend shifts'
"$drive" keys dz-tty Enter
expect '1/5 · About the role'
grep -q '"event":"jump","item":"work-weekends"' s3/cy-doe.pre-screen.journal.jsonl || fail "going back is not journaled"
echo "interview and menu in a real terminal: all checks passed"
