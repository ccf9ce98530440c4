#!/usr/bin/env python3
"""Palisade lint vs checkov on the same generated corpus: CPU time (getrusage of children) and findings.

    python3 Benchmarks/analyzer/bench.py [--palisade .build/release/palisade] [--examples 64] [--checkov checkov]

The corpus is written by generate.py (module-style examples; 64 examples make 613 .tf files); each example directory
is one root module, passed to `palisade lint` as one PATH, while checkov scans the whole corpus with `-d`.

Every security-group finding of checkov must be reported by Palisade too (same file, a mapped check); the
exceptions are listed with the reason."""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
# checkov check -> Palisade checks that cover it
MAPPING = {
    "CKV_AWS_23": ({"PAL-GROUP-DESCRIPTION", "PAL-RULE-DESCRIPTION"}, "group/rule description"),
    "CKV_AWS_24": ({"PAL-SSH-WORLD", "PAL-ALL-WORLD"}, "SSH from 0.0.0.0/0"),
    "CKV_AWS_25": ({"PAL-RDP-WORLD", "PAL-ALL-WORLD"}, "RDP from 0.0.0.0/0"),
    "CKV_AWS_260": ({"PAL-WORLD-INGRESS", "PAL-ALL-WORLD"}, "HTTP (80) from 0.0.0.0/0"),
    "CKV_AWS_277": ({"PAL-ALL-WORLD"}, "all ports/protocols from 0.0.0.0/0"),
    "CKV_AWS_382": ({"PAL-EGRESS-WORLD", "PAL-DATA-EGRESS-WORLD"}, "unrestricted egress"),
    "CKV2_AWS_5": ({"PAL-UNUSED-GROUP"}, "group not attached"),
    "CKV_AWS_148": ({"PAL-DEFAULT-GROUP"}, "default VPC group restricts traffic"),
}


def cpu_children():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(args, **kwargs):
    before = cpu_children()
    proc = subprocess.run(args, capture_output=True, text=True, **kwargs)
    return proc, cpu_children() - before


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--palisade", default=str(HERE.parent.parent / ".build/release/palisade"))
    parser.add_argument("--checkov", default=shutil.which("checkov") or "checkov")
    parser.add_argument("--examples", type=int, default=64)
    parser.add_argument("--corpus")
    args = parser.parse_args()
    corpus = Path(args.corpus or tempfile.mkdtemp(prefix="palisade-corpus-"))
    subprocess.run([sys.executable, str(HERE / "generate.py"), str(corpus), "--examples", str(args.examples)], check=True)
    # Root modules only: the shared module under modules/ is read through the examples' calls.
    modules = sorted(str(p) for p in corpus.iterdir() if p.is_dir() and p.name != "modules")
    files = sum(1 for _ in corpus.rglob("*.tf"))
    # The rules as evaluated (count, for_each and dynamic blocks expanded): one graph edge per rule. Not timed.
    graph = subprocess.run([args.palisade, "graph", *modules, "--format", "json"], capture_output=True, text=True, check=True)
    edges = json.loads(graph.stdout)["edges"]
    rules = sum(1 for edge in edges if edge["kind"] in ("ingress", "egress"))
    print(f"corpus: {corpus}: {len(modules)} root modules, {files} .tf files, {rules} security-group rules")

    proc, palisade_cpu = run_timed([args.palisade, "lint", *modules, "--format", "json", "--fail-on", "critical"])
    if proc.returncode not in (0, 1):
        sys.exit(f"palisade failed: {proc.stderr[:2000]}")
    palisade = json.loads(proc.stdout)["findings"]
    print(f"palisade lint: {palisade_cpu:.2f} s CPU, {len(palisade)} findings")

    if not shutil.which(args.checkov) and not os.path.exists(args.checkov):
        print("checkov is not installed: no comparison")
        return
    proc, checkov_cpu = run_timed([args.checkov, "-d", str(corpus), "--framework", "terraform", "-o", "json", "--quiet", "--compact", "--skip-download"])
    report = json.loads(proc.stdout)
    reports = report if isinstance(report, list) else [report]
    failed = [c for r in reports for c in r.get("results", {}).get("failed_checks", [])]
    print(f"checkov: {checkov_cpu:.2f} s CPU, {len(failed)} failed checks")
    print(f"ratio: palisade is {checkov_cpu / max(palisade_cpu, 1e-6):.0f}x faster (CPU)")

    by_file = defaultdict(set)
    for finding in palisade:
        location = finding.get("location") or {}
        by_file[os.path.realpath(location.get("file", ""))].add(finding["checkId"])
    table = defaultdict(lambda: [0, 0])
    exceptions = []
    for check in failed:
        if not check["resource"].startswith(("aws_security_group", "aws_vpc_security_group", "aws_default_security_group")):
            continue
        cid = check["check_id"]
        path = os.path.realpath(str(corpus) + check["file_path"]) if not os.path.isabs(check["file_path"]) or not os.path.exists(check["file_path"]) else os.path.realpath(check["file_path"])
        expected = MAPPING.get(cid, (set(), "unmapped"))[0]
        table[cid][0] += 1
        if expected & by_file[path]:
            table[cid][1] += 1
        else:
            exceptions.append((cid, check["resource"], check["file_path"], "no mapped Palisade check" if not expected else "not reported"))
    print("\n| checkov | meaning | Palisade | checkov findings | also by Palisade |\n|---|---|---|---|---|")
    for cid in sorted(table):
        checks, meaning = MAPPING.get(cid, (set(), "unmapped"))
        print(f"| {cid} | {meaning} | {', '.join(sorted(checks)) or '-'} | {table[cid][0]} | {table[cid][1]} |")
    print(f"\nexceptions: {len(exceptions)}")
    for entry in exceptions[:50]:
        print("  " + " ".join(entry))


if __name__ == "__main__":
    main()
