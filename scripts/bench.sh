#!/usr/bin/env bash
# Scoring speed on SaudiNewsNet, side by side: `framelens score` with the bundled Arabic
# lexicons, `rg -o -F -f` over the same lexicons' normalized forms (the floor: fixed strings,
# no normalization, no word rules), and the Python `liwc` package counting the same lexicons
# exported as a LIWC .dic (what a researcher might otherwise use); then framelens on the corpus
# repeated 1x, 2x and 4x, with peak memory, to show the growth is linear.
#
# Usage (from the repository root):
#   scripts/bench.sh [--out FILE] [--runs N] [--corpus DIR]
#
#   --out FILE    also write the markdown table (and the machine it ran on) to FILE
#   --runs N      runs of each measurement; the median wall time is reported (default 3)
#   --corpus DIR  the folder of SaudiNewsNet ZIPs (default ../shared/corpora/saudinewsnet)
#
# Installs what it lacks: ripgrep, GNU time and unzip with apt-get, and `liwc` from PyPI in a
# throwaway virtualenv. Everything it unpacks or writes lives in one temporary folder that is
# removed on exit. Wall time, CPU time and peak resident memory come from GNU time
# (`%e`, `%U` + `%S`, `%M`).
set -euo pipefail

OUT=""
RUNS=3
CORPUS="../shared/corpora/saudinewsnet"
while (($#)); do
    case "$1" in
    --out)
        OUT="${2:?--out needs FILE}"
        shift 2
        ;;
    --runs)
        RUNS="${2:?--runs needs N}"
        shift 2
        ;;
    --corpus)
        CORPUS="${2:?--corpus needs DIR}"
        shift 2
        ;;
    -h | --help)
        sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "bench.sh: unknown argument '$1' (see --help)" >&2
        exit 2
        ;;
    esac
done

if [[ ! -f Cargo.toml ]] || ! grep -q '^name = "framelens"' Cargo.toml; then
    echo "bench.sh: run from the framelens repository root" >&2
    exit 2
fi
if ! compgen -G "$CORPUS/*.zip" >/dev/null; then
    echo "bench.sh: no SaudiNewsNet ZIPs in $CORPUS (see ../shared/corpora/README.md)" >&2
    exit 2
fi
if [[ ! "$RUNS" =~ ^[1-9][0-9]*$ ]]; then
    echo "bench.sh: --runs wants a positive whole number, not '$RUNS'" >&2
    exit 2
fi

log() { printf '== %s\n' "$*" >&2; }

# --- what it needs ---------------------------------------------------------------------------
missing=()
command -v rg >/dev/null || missing+=(ripgrep)
[[ -x /usr/bin/time ]] || missing+=(time)
command -v unzip >/dev/null || missing+=(unzip)
command -v taskset >/dev/null || missing+=(util-linux)
command -v python3 >/dev/null || missing+=(python3)
if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    sudo=()
    ((EUID == 0)) || sudo=(sudo)
    # Other engineers may be installing too: wait for the dpkg lock instead of failing.
    "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${missing[@]}" >/dev/null
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/framelens-bench.XXXXXX")"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! python3 -m venv "$WORK/venv" >/dev/null 2>&1; then
    log "installing python3-venv"
    sudo=()
    ((EUID == 0)) || sudo=(sudo)
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get -o DPkg::Lock::Timeout=300 install -y -qq python3-venv >/dev/null
    python3 -m venv "$WORK/venv"
fi
log "installing liwc from PyPI into a throwaway virtualenv"
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check liwc==0.5.0
PY="$WORK/venv/bin/python"

log "building framelens (release)"
cargo build --release --quiet
FRAMELENS="${CARGO_TARGET_DIR:-target}/release/framelens"
ARABIC_ONLY=(--exclude-lexicon karabakh.en --exclude-lexicon attribution.en --exclude-lexicon loaded.en)

# --- the data --------------------------------------------------------------------------------
log "unpacking $CORPUS"
mkdir -p "$WORK/json" "$WORK/text" "$WORK/jsonl" "$WORK/out"
for zip in "$CORPUS"/*.zip; do
    unzip -q -o "$zip" -d "$WORK/json"
done

# Once, outside every timing: the article text for rg and liwc (one file per day, one article
# per line, its line breaks turned into spaces; the articles framelens reads, i.e. those with
# text), and four copies of the corpus as JSONL with distinct ids for the 1x/2x/4x runs.
log "extracting article text and writing the repeated corpus"
cat >"$WORK/prepare.py" <<'EOF'
import json, pathlib, re, sys

work = pathlib.Path(sys.argv[1])
copies = [open(work / "jsonl" / f"copy{c}.jsonl", "w", encoding="utf-8") for c in range(4)]
articles = text_bytes = 0
for path in sorted((work / "json").glob("*.json")):
    with open(path, encoding="utf-8") as f:
        records = json.load(f)
    with open(work / "text" / (path.stem + ".txt"), "w", encoding="utf-8") as text:
        for n, record in enumerate(records):
            content = record.get("content") or ""
            if not content.strip():
                continue  # framelens reports these and scores nothing for them
            articles += 1
            text_bytes += len(content.encode("utf-8"))
            text.write(re.sub(r"[\r\n]+", " ", content) + "\n")
            for c, out in enumerate(copies):
                row = dict(record, id=f"{c}-{path.stem}-{n}")
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
for out in copies:
    out.close()
print(articles, text_bytes)
EOF
read -r ARTICLES TEXT_BYTES < <(python3 "$WORK/prepare.py" "$WORK")
JSON_BYTES=$(cat "$WORK"/json/*.json | wc -c)
TEXT_MB=$(awk -v b="$TEXT_BYTES" 'BEGIN { printf "%.1f", b / 1e6 }')

# The same Arabic lexicons for every tool.
"$FRAMELENS" lexicon export --to csv --normalized "${ARABIC_ONLY[@]}" -o "$WORK/forms.csv"
python3 - "$WORK/forms.csv" "$WORK/forms.txt" <<'EOF'
import csv, sys

forms = set()
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    for row in csv.DictReader(f):
        if row["lexicon"].endswith(".ar") and row["kind"] in ("loaded", "attribution") \
                and row["match"] == "form":
            forms.add(row["form"])
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write("".join(form + "\n" for form in sorted(forms)))
EOF
FORMS=$(wc -l <"$WORK/forms.txt")
"$FRAMELENS" lexicon export --to liwc "${ARABIC_ONLY[@]}" -o "$WORK/arabic.dic"
DIC_ENTRIES=$(awk '/^%/ { s++; next } s == 2' "$WORK/arabic.dic" | wc -l)

cat >"$WORK/liwc_count.py" <<'EOF'
# Counts LIWC categories per article, as a researcher would with the `liwc` package.
import collections, json, pathlib, re, sys

import liwc

parse, categories = liwc.load_token_parser(sys.argv[1])
word = re.compile(r"\w+")
with open(sys.argv[3], "w", encoding="utf-8") as out:
    for path in sorted(pathlib.Path(sys.argv[2]).glob("*.txt")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                counts = collections.Counter(
                    category for token in word.findall(line) for category in parse(token)
                )
                out.write(json.dumps(counts, ensure_ascii=False) + "\n")
EOF

# --- measuring -------------------------------------------------------------------------------
ROWS=()

# measure TOOL SIZE BYTES CMD...: runs CMD $RUNS times under GNU time, its stdout to a file
# (never /dev/null, which some tools detect to stop at the first match); keeps the median wall
# time, the CPU time (user + system) of that run, and the largest peak RSS; the figures are
# also left in WALL, CPU_S and PEAK_MB for the goals. Exit status 1 is accepted: framelens uses
# it for the 354 articles without text (reported, skipped), rg for "no match".
measure() {
    local tool="$1" size="$2" bytes="$3"
    shift 3
    local runs=() peak=0 status line rss
    for ((run = 1; run <= RUNS; run++)); do
        status=0
        /usr/bin/time -f '%e %U %S %M' -o "$WORK/time.txt" "$@" \
            >"$WORK/out/stdout.txt" 2>"$WORK/stderr.txt" || status=$?
        if ((status > 1)); then
            echo "bench.sh: '$*' failed with exit status $status:" >&2
            tail -n 20 "$WORK/stderr.txt" >&2
            exit 1
        fi
        line=$(tail -n 1 "$WORK/time.txt")
        rss=${line##* }
        runs+=("$line")
        ((rss > peak)) && peak=$rss
    done
    # The median run by wall time (the lower middle one for an even count).
    local median
    median=$(printf '%s\n' "${runs[@]}" | sort -g -k1,1 | sed -n "$(((RUNS + 1) / 2))p")
    local row
    row=$(echo "$median" | awk -v t="$tool" -v s="$size" -v b="$bytes" -v m="$peak" '{
        printf "| %s | %s | %.2f | %.2f | %.1f | %.0f |", t, s, $1, $2 + $3, b / 1e6 / $1, m / 1024 }')
    ROWS+=("$row")
    log "$row"
    read -r WALL CPU_S < <(echo "$median" | awk '{ printf "%s %.2f\n", $1, $2 + $3 }')
    PEAK_MB=$(awk -v m="$peak" 'BEGIN { printf "%.0f", m / 1024 }')
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "load average before: $LOAD_BEFORE; $RUNS run(s) of each"

ONE="1x ($TEXT_MB MB)"
measure "framelens score, JSON arrays, $(nproc) threads (default)" "$ONE" "$TEXT_BYTES" \
    "$FRAMELENS" score "${ARABIC_ONLY[@]}" "$WORK/json" -o "$WORK/out/records.jsonl"
FRAMELENS_WALL=$WALL
# One core: `--threads 1` leaves one matching thread, but the calling thread still reads and
# writes beside it, so the one-core rows are pinned to a single CPU with taskset.
measure "framelens score --threads 1, JSON arrays, pinned to one core" "$ONE" "$TEXT_BYTES" \
    taskset -c 0 "$FRAMELENS" score --threads 1 "${ARABIC_ONLY[@]}" "$WORK/json" \
    -o "$WORK/out/records.jsonl"
FRAMELENS_1_WALL=$WALL
measure "rg -o -F -f FORMS, text, $(nproc) threads (default)" "$ONE" "$TEXT_BYTES" \
    rg -o -F -f "$WORK/forms.txt" --no-filename --no-line-number "$WORK/text"
RG_WALL=$WALL
measure "rg -j 1 -o -F -f FORMS, text, pinned to one core" "$ONE" "$TEXT_BYTES" \
    taskset -c 0 rg -j 1 -o -F -f "$WORK/forms.txt" --no-filename --no-line-number "$WORK/text"
RG_1_WALL=$WALL
cp "$WORK/out/stdout.txt" "$WORK/out/rg.txt"
measure "Python liwc 0.5.0, text, pinned to one core" "$ONE" "$TEXT_BYTES" \
    taskset -c 0 "$PY" "$WORK/liwc_count.py" "$WORK/arabic.dic" "$WORK/text" "$WORK/out/liwc.jsonl"
LIWC_WALL=$WALL

RECORDS=$(wc -l <"$WORK/out/records.jsonl")
RG_MATCHES=$(wc -l <"$WORK/out/rg.txt")
LIWC_ARTICLES=$(wc -l <"$WORK/out/liwc.jsonl")
HITS=$(python3 -c '
import json, sys
print(sum(len(json.loads(line)["hits"]) for line in open(sys.argv[1], encoding="utf-8")))
' "$WORK/out/records.jsonl")
LIWC_COUNTS=$(python3 -c '
import json, sys
print(sum(sum(json.loads(line).values()) for line in open(sys.argv[1], encoding="utf-8")))
' "$WORK/out/liwc.jsonl")

# The repeated corpus: the same articles as JSONL, copy c's ids prefixed with c.
declare -a SCALE_WALL SCALE_CPU SCALE_PEAK
for times in 1 2 4; do
    copies=()
    for ((c = 0; c < times; c++)); do copies+=("$WORK/jsonl/copy$c.jsonl"); done
    mb=$(awk -v b="$TEXT_BYTES" -v n="$times" 'BEGIN { printf "%.1f", n * b / 1e6 }')
    measure "framelens score, JSONL copies, $(nproc) threads (default)" "${times}x ($mb MB)" \
        "$((times * TEXT_BYTES))" \
        "$FRAMELENS" score "${ARABIC_ONLY[@]}" "${copies[@]}" -o "$WORK/out/records-x$times.jsonl"
    SCALE_WALL[times]=$WALL
    SCALE_CPU[times]=$CPU_S
    SCALE_PEAK[times]=$PEAK_MB
done
for times in 2 4; do
    got=$(wc -l <"$WORK/out/records-x$times.jsonl")
    if ((got != times * RECORDS)); then
        echo "bench.sh: the ${times}x run wrote $got records, not $((times * RECORDS))" >&2
        exit 1
    fi
done

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the table -------------------------------------------------------------------------------
CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
report() {
    echo "Machine: $(nproc) cores ($CPU), $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) RAM;"
    echo "load average $LOAD_BEFORE before, $LOAD_AFTER after; median of $RUNS run(s)."
    echo "framelens $(git describe --always --dirty 2>/dev/null || echo '(no git)'), $(rg --version | head -n 1),"
    echo "Python $("$PY" -c 'import platform; print(platform.python_version())') with liwc 0.5.0."
    echo "Corpus: SaudiNewsNet, $ARTICLES articles with text, $TEXT_MB MB of article text"
    echo "($(awk -v b="$JSON_BYTES" 'BEGIN { printf "%.1f", b / 1e6 }') MB as the 18 JSON arrays framelens reads)."
    echo "MB/s is megabytes of article text per wall-clock second for every row; CPU s is user"
    echo "plus system time of the median run (on a shared machine, less disturbed than wall time)."
    echo
    echo "| tool | corpus | wall s | CPU s | MB/s | peak RSS MB |"
    echo "|---|---|---:|---:|---:|---:|"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "- framelens read the 18 JSON arrays (and, for the repeated rows, 1, 2 or 4 JSONL"
    echo "  copies with distinct ids), cleaned, normalized and matched every article with the"
    echo "  Arabic lexicons (loaded.ar, attribution.ar, karabakh.ar) and wrote $RECORDS JSONL"
    echo "  records with $HITS hits."
    echo "- rg searched the extracted \`content\` text ($ARTICLES articles, one per line, in 18"
    echo "  files) for $FORMS fixed strings: the normalized forms of the same lexicons' loaded"
    echo "  and attribution terms; it printed $RG_MATCHES matches. No normalization, no word"
    echo "  rules, no affixes: normalized forms against unnormalized text find less, and any"
    echo "  substring counts."
    echo "- liwc tokenized the same text with \`\\w+\` and looked every token up in the"
    echo "  $DIC_ENTRIES-entry .dic from \`framelens lexicon export --to liwc\` (proclitic chains"
    echo "  spelled out, \`*\` for suffixes; multi-word entries cannot match a single token);"
    echo "  $LIWC_ARTICLES articles, $LIWC_COUNTS category counts."
    echo
    echo "Goals:"
    awk -v f="$FRAMELENS_WALL" -v r="$RG_WALL" -v f1="$FRAMELENS_1_WALL" -v r1="$RG_1_WALL" \
        -v l="$LIWC_WALL" -v p4="${SCALE_PEAK[4]}" \
        -v w1="${SCALE_WALL[1]}" -v w4="${SCALE_WALL[4]}" \
        -v c1="${SCALE_CPU[1]}" -v c4="${SCALE_CPU[4]}" 'BEGIN {
        ok = "met"; no = "missed"
        printf "- within 2x of ripgrep: framelens takes %.1fx rg'"'"'s wall time with default" \
            " threads (%s) and %.1fx with both pinned to one core (%s)\n",
            f / r, (f / r <= 2 ? ok : no), f1 / r1, (f1 / r1 <= 2 ? ok : no)
        printf "- 10x faster than Python liwc: liwc takes %.1fx framelens'"'"' wall time with" \
            " both pinned to one core (%s) and %.1fx framelens with default threads (%s)\n",
            l / f1, (l / f1 >= 10 ? ok : no), l / f, (l / f >= 10 ? ok : no)
        printf "- peak memory under 200 MB on the 4x corpus: %d MB: %s\n", p4,
            (p4 < 200 ? "met" : "missed")
        printf "- growth: the 4x corpus takes %.2fx the 1x wall time and %.2fx its CPU time" \
            " (4.00 is linear)\n", w4 / w1, c4 / c1
    }'
}
REPORT=$(report)
echo
echo "$REPORT"
if [[ -n "$OUT" ]]; then
    printf '%s\n' "$REPORT" >"$OUT"
    log "table written to $OUT"
fi
