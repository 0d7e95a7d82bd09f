#!/usr/bin/env python3
"""Turns the JSON results of bench/compare.sh into Markdown tables: each workload's figures for Coffer and nginx,
the ratio Coffer/nginx, Coffer's peak RSS during the workload, and the issue's target with whether it was met; then
Coffer's SSE-S3 runs against their plain twins; then the figures of Coffer alone.

Usage: compare-table.py RESULTS_DIR STARTUP_FRESH_MS STARTUP_RESTART_MS COMMIT
"""
import json
import os
import sys

results_dir, startup_fresh, startup_restart, commit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]


def load(name, target):
    path = os.path.join(results_dir, f"{name}.{target}.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def peak_mib(name):
    path = os.path.join(results_dir, f"{name}.peak-kib")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        text = f.read().strip()
    return int(text) / 1024 if text else None


def number(value, digits=0):
    return "–" if value is None else f"{value:,.{digits}f}"


def latency(result):
    return "–" if result is None else f"{result['latencyMs']['p50']:.2f} / {result['latencyMs']['p99']:.2f}"


# (workload, what is compared, the figure's field, the minimum ratio Coffer/nginx the issue asks for)
RATIO_ROWS = [
    ("get-4k", "GET 4 KiB, c=32, ops/s", "opsPerSecond", 0.50),
    ("head-4k", "HEAD 4 KiB, c=32, ops/s", "opsPerSecond", 0.60),
    ("put-4k", "PUT 4 KiB, c=32, ops/s", "opsPerSecond", 0.50),
    ("mixed-4k", "mixed 4 KiB, c=32, ops/s", "opsPerSecond", None),
    ("delete-4k", "DELETE, c=32, ops/s", "opsPerSecond", None),
    ("get-256m", "GET 256 MiB, c=4, MiB/s", "mibPerSecond", 0.80),
    ("put-256m", "PUT 256 MiB, c=4, MiB/s", "mibPerSecond", 0.60),
]

print(f"Commit {commit}. Ratio = Coffer / nginx. Latencies are Coffer's (nginx's) p50 / p99 in ms.\n")
print("| Workload | Coffer | nginx | Ratio | Target | Met | Coffer p50 / p99 ms | nginx p50 / p99 ms | Coffer peak RSS |")
print("|---|---:|---:|---:|---:|:-:|---:|---:|---:|")
for name, label, field, minimum in RATIO_ROWS:
    coffer, nginx = load(name, "coffer"), load(name, "nginx")
    if coffer is None and nginx is None:
        continue
    c = coffer[field] if coffer else None
    n = nginx[field] if nginx else None
    ratio = c / n if c is not None and n else None
    met = "–" if minimum is None or ratio is None else ("yes" if ratio >= minimum else "**no**")
    target = "–" if minimum is None else f"≥ {minimum:.2f}"

    print(
        f"| {label} | {number(c)} | {number(n)} | {number(ratio, 2)} | {target} | {met} | "
        f"{latency(coffer)} | {latency(nginx)} | {number(peak_mib(name))} MiB |"
    )

# (plain workload, its SSE-S3 twin, what is compared, the figure's field, the minimum ratio SSE-S3/plain). Issue 16 asks
# >= 0.80 for 256 MiB PUT and GET; for ranges it asks "about equal", which this reads as the same bar.
SSE_ROWS = [
    ("put-256m", "put-256m-sse", "PUT 256 MiB, c=4, MiB/s", "mibPerSecond", 0.80),
    ("get-256m", "get-256m-sse", "GET 256 MiB, c=4, MiB/s", "mibPerSecond", 0.80),
    ("range-1m-of-1g", "range-1m-of-1g-sse", "GET 1 MiB ranges of 1 GiB objects, c=4, ops/s", "opsPerSecond", 0.80),
]

sse_lines = []
for plain_name, sse_name, label, field, minimum in SSE_ROWS:
    plain, sealed = load(plain_name, "coffer"), load(sse_name, "coffer")
    if sealed is None:
        continue
    plain_figure = plain[field] if plain else None
    sealed_figure = sealed[field]
    ratio = sealed_figure / plain_figure if plain_figure else None
    met = "–" if ratio is None else ("yes" if ratio >= minimum and sealed["errors"] == 0 else "**no**")
    sse_lines.append(
        f"| {label} | {number(plain_figure)} | {number(sealed_figure)} | {number(ratio, 2)} | ≥ {minimum:.2f} | {met} | "
        f"{latency(plain)} | {latency(sealed)} | {sealed['errors']:,} |"
    )
if sse_lines:
    print("\nSSE-S3 against plain, both Coffer in this run. Errors are the SSE-S3 run's: an answer that did not say AES256 counts.\n")
    print("| Workload | Plain | SSE-S3 | Ratio | Target | Met | Plain p50 / p99 ms | SSE-S3 p50 / p99 ms | SSE-S3 errors |")
    print("|---|---:|---:|---:|---:|:-:|---:|---:|---:|")
    for line in sse_lines:
        print(line)

print("\n| Coffer alone | Figure | Target | Met |")
print("|---|---:|---:|:-:|")
plain_put, versioned_put = load("put-4k", "coffer"), load("put-4k-versioned", "coffer")
if plain_put and versioned_put:
    cost = plain_put["opsPerSecond"] / versioned_put["opsPerSecond"] - 1
    print(
        f"| PUT 4 KiB into a versioned bucket, c=32 | {versioned_put['opsPerSecond']:,.0f} ops/s "
        f"({cost:+.1%} cost against unversioned) | ≤ +10% | {'yes' if cost <= 0.10 else '**no**'} |"
    )

memory = peak_mib("put-256m-c32")
if memory is not None:
    print(f"| peak RSS, 32 clients each PUT 256 MiB | {memory:,.0f} MiB | ≤ 300 MiB | {'yes' if memory <= 300 else '**no**'} |")
multipart = load("multipart-256m", "coffer")
if multipart is not None:
    print(f"| multipart 256 MiB (16 MiB parts), c=4 | {multipart['mibPerSecond']:,.0f} MiB/s | – | – |")
plain_ranged, ranged, whole = load("range-1m-of-1g", "coffer"), load("range-1m-of-1g-sse", "coffer"), load("get-1g-sse", "coffer")
if plain_ranged and not ranged:
    # With SKIP=sse the plain ranges have no twin in the SSE-S3 table, so they show here.
    print(f"| GET 1 MiB ranges of 1 GiB objects, c=4 (p50 / p99 {latency(plain_ranged)} ms) | {plain_ranged['opsPerSecond']:,.0f} ops/s | – | – |")
if ranged and whole:
    # A range that opened only its own segments costs a tiny fraction of a whole GET; one that decrypted everything
    # before it (or the whole object) would cost a large part of one.
    share = ranged["latencyMs"]["p50"] / whole["latencyMs"]["p50"]
    print(
        f"| SSE-S3, p50 of a 1 MiB range against a whole GET of the same 1 GiB objects | "
        f"{ranged['latencyMs']['p50']:,.2f} ms against {whole['latencyMs']['p50']:,.0f} ms ({share:.2%}) | ≤ 5% | "
        f"{'yes' if share <= 0.05 else '**no**'} |"
    )
idle_get, busy_get, lc_pass = load("lifecycle-get-idle", "coffer"), load("lifecycle-get-busy", "coffer"), load("lifecycle-pass", "coffer")
if lc_pass is not None:
    seconds = lc_pass["seconds"]
    rate = lc_pass["expired"] / seconds if seconds else None
    met = "yes" if lc_pass["expired"] == lc_pass["keys"] and seconds <= 120 else "**no**"
    print(
        f"| lifecycle pass expiring {lc_pass['keys']:,} objects ({lc_pass['expired']:,} expired; peak RSS "
        f"{number(peak_mib('lifecycle-pass'))} MiB) | {seconds:,.1f} s, {number(rate)} objects/s | ≤ 120 s | {met} |"
    )
if lc_pass is not None and idle_get and busy_get:
    ratio = busy_get["latencyMs"]["p99"] / idle_get["latencyMs"]["p99"]
    # GETs that outlasted the pass were partly measured on an idle server again, which flatters the ratio.
    note = "" if lc_pass["getsEndedInsidePass"] else " (the GETs outlasted the pass)"
    print(
        f"| GET 4 KiB, c=32, p50 / p99 while the pass runs against idle{note} | {latency(busy_get)} against {latency(idle_get)} ms "
        f"({busy_get['opsPerSecond']:,.0f} against {idle_get['opsPerSecond']:,.0f} ops/s; p99 x{ratio:.2f}) | p99 ≤ 2x | "
        f"{'yes' if ratio <= 2 and lc_pass['getsEndedInsidePass'] else '**no**'} |"
    )
full = load("list-full", "coffer")
if full is not None:
    seconds = full.get("fullListingSeconds")
    keys = full.get("keysListed")
    met = "yes" if seconds is not None and seconds <= 20 else "**no**"
    print(f"| list all {number(keys)} keys, pages of 1,000 | {number(seconds, 2)} s | ≤ 20 s | {met} |")
page = load("list-delimiter", "coffer")
if page is not None:
    latency = page["latencyMs"]
    met = "yes" if latency["p90"] <= 50 else "**no**"
    print(
        f"| one delimiter page of 1,000 prefixes (p50 / p90 / p99) | "
        f"{latency['p50']:.1f} / {latency['p90']:.1f} / {latency['p99']:.1f} ms | p90 ≤ 50 ms | {met} |"
    )
print(f"| start-up to first answered request, fresh data folder | {startup_fresh:,} ms | ≤ 1,000 ms | {'yes' if startup_fresh <= 1000 else '**no**'} |")
print(f"| start-up to first answered request, restart | {startup_restart:,} ms | ≤ 1,000 ms | {'yes' if startup_restart <= 1000 else '**no**'} |")
