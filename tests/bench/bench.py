#!/usr/bin/env python3
"""make bench: vanthu ingest against git fast-import loading the same
records and texts, in the same run, printed as ratios.

  bench.py [--build DIR] [--docs N] [--loop N] [--keep]

Measures: first ingest of N synthetic documents (tests/bench/gen.py), the
same load through `git fast-import`, the naive per-document loop (`git add
&& git commit` of each record and its text, on --loop documents), one
`vanthu ingest FILE` per document (on at most 200), re-ingest of the
unchanged corpus, reading every record back (`vanthu export`, against
`git cat-file --batch` of the same blobs), peak memory
(max RSS of the ingest) and store sizes."""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def timed(cmd, **kw):
    """Run cmd; (seconds, max RSS in MB of this child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.monotonic()
    r = subprocess.run(cmd, **kw)
    dt = time.monotonic() - t0
    if r.returncode != 0:
        sys.exit("bench: %s exited %d" % (" ".join(cmd[:3]), r.returncode))
    # ru_maxrss of children is the max over all of them: run the one that
    # matters first (see main) or read /usr/bin/time instead.
    return dt, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024.0


def peak_rss(cmd, **kw):
    """Max RSS (MB) of one command, through /usr/bin/time -f %M."""
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stderr=subprocess.PIPE,
                       **kw)
    if r.returncode != 0:
        sys.exit("bench: %s exited %d" % (" ".join(cmd[:3]), r.returncode))
    return int(r.stderr.decode().strip().splitlines()[-1]) / 1024.0


def text_bytes(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def git_loop(store, workdir, n, env):
    """The naive way: one `git add && git commit` per document, writing the
    record and the text that vanthu stored for it into a work tree."""
    ls = subprocess.run(["git", "--git-dir", store, "ls-tree", "-r", "HEAD", "records"],
                        check=True, stdout=subprocess.PIPE).stdout.decode().splitlines()[:n]
    subprocess.run(["git", "init", "-q", workdir], check=True)
    q = dict(env=env, cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    # The bytes are read out of the store first: only the loop is timed.
    docs = []
    for line in ls:
        oid, path = line.split()[2], line.split("\t", 1)[1]
        data = subprocess.run(["git", "--git-dir", store, "cat-file", "blob", oid],
                              check=True, stdout=subprocess.PIPE).stdout
        sha = json.loads(data)["source"]["sha256"]
        src = "sources/%s/%s.txt" % (sha[:2], sha)
        text = subprocess.run(["git", "--git-dir", store, "cat-file", "blob", "HEAD:" + src],
                              check=True, stdout=subprocess.PIPE).stdout
        docs.append(((path, data), (src, text)))
    t0 = time.monotonic()
    for doc in docs:
        for p, d in doc:
            os.makedirs(os.path.join(workdir, os.path.dirname(p)), exist_ok=True)
            with open(os.path.join(workdir, p), "wb") as f:
                f.write(d)
        subprocess.run(["git", "add", doc[0][0], doc[1][0]], **q)
        subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=b@localhost",
                        "commit", "-q", "-m", "add " + doc[0][0]], **q)
    return len(docs), time.monotonic() - t0


def du(path):
    total = 0
    for d, _, files in os.walk(path):
        for f in files:
            total += os.lstat(os.path.join(d, f)).st_blocks * 512
    return total


def cat_records(store, tmp, env):
    """git itself reading every record blob back (`cat-file --batch`, no
    parsing): the baseline of the read back."""
    ls = subprocess.run(["git", "--git-dir", store, "ls-tree", "-r", "HEAD", "records"],
                        check=True, stdout=subprocess.PIPE).stdout.decode().splitlines()
    oids = os.path.join(tmp, "record-oids")
    with open(oids, "w") as f:
        f.writelines(l.split()[2] + "\n" for l in ls)
    with open(oids, "rb") as f:
        t, _ = timed(["git", "--git-dir", store, "cat-file", "--batch"], stdin=f,
                     stdout=subprocess.DEVNULL, env=env)
    return t


def fast_import_stream(store, out):
    """The tree of the vanthu store's HEAD (records, sources, index) as one
    fast-import commit: the same bytes, loaded the other way."""
    ls = subprocess.run(["git", "--git-dir", store, "ls-tree", "-r", "HEAD"],
                        check=True, stdout=subprocess.PIPE).stdout.decode().splitlines()
    entries = [(l.split()[2], l.split("\t", 1)[1]) for l in ls]
    cat = subprocess.Popen(["git", "--git-dir", store, "cat-file", "--batch"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    with open(out, "wb") as f:
        f.write(b"commit refs/heads/main\ncommitter bench <bench@localhost> 0 +0000\n"
                b"data 6\nbench\n")
        for oid, path in entries:
            cat.stdin.write(oid.encode() + b"\n")
            cat.stdin.flush()
            header = cat.stdout.readline().split()
            data = cat.stdout.read(int(header[2]))
            cat.stdout.read(1)
            f.write(b"M 100644 inline " + path.encode() + b"\n")
            f.write(b"data %d\n" % len(data) + data + b"\n")
        f.write(b"\n")
    cat.stdin.close()
    cat.wait()
    return len(entries)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--docs", type=int, default=int(os.environ.get("BENCH_DOCS", 10000)))
    ap.add_argument("--loop", type=int, default=int(os.environ.get("BENCH_LOOP", 1000)))
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    vt = os.path.join(os.path.abspath(a.build), "vanthu")
    tmp = tempfile.mkdtemp(prefix="vanthu-bench.")
    env = dict(os.environ, HOME=tmp)
    env.pop("VANTHU_STORE", None)
    quiet = dict(stdout=subprocess.DEVNULL, env=env)
    try:
        docs = os.path.join(tmp, "docs")
        subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), str(a.docs), docs],
                       check=True)
        corpus = text_bytes(docs)
        store = os.path.join(tmp, "store")
        subprocess.run([vt, "--store", store, "init"], check=True, **quiet)

        t0 = time.monotonic()
        rss = peak_rss([vt, "--store", store, "ingest", docs], **quiet)
        t_ingest = time.monotonic() - t0
        t_again, _ = timed([vt, "--store", store, "ingest", docs], **quiet)
        t_read, _ = timed([vt, "--store", store, "export", "-o", os.devnull], **quiet)
        size_vt = du(os.path.join(store, "objects"))
        t_cat = cat_records(store, tmp, env)

        stream = os.path.join(tmp, "stream")
        nfiles = fast_import_stream(store, stream)
        fi = os.path.join(tmp, "fi.git")
        subprocess.run(["git", "init", "-q", "--bare", fi], check=True)
        with open(stream, "rb") as s:
            t_fi, _ = timed(["git", "--git-dir", fi, "fast-import", "--quiet"], stdin=s,
                            env=env)
        size_fi = du(os.path.join(fi, "objects"))

        loop_store = os.path.join(tmp, "loop")
        subprocess.run([vt, "--store", loop_store, "init"], check=True, **quiet)
        files = sorted(os.path.join(d, f) for d, _, fs in os.walk(docs) for f in fs)[:min(a.loop, 200)]
        t0 = time.monotonic()
        for f in files:
            subprocess.run([vt, "--store", loop_store, "ingest", f], check=True, **quiet)
        t_loop = time.monotonic() - t0

        n_git, t_git = git_loop(store, os.path.join(tmp, "work"), a.loop, env)

        n = a.docs
        rate, rate_fi, rate_loop = n / t_ingest, n / t_fi, len(files) / t_loop
        rate_git = n_git / t_git
        print("vanthu bench: %d documents (%.1f MB of text), %d files in the tree"
              % (n, corpus / 1e6, nfiles))
        print("  ingest            %7.2f s  %8.0f docs/s  peak %.0f MB" % (t_ingest, rate, rss))
        print("  git fast-import   %7.2f s  %8.0f docs/s" % (t_fi, rate_fi))
        print("  git add+commit per document %7.2f s  %6.1f docs/s  (%d documents)"
              % (t_git, rate_git, n_git))
        print("  vanthu ingest per document  %7.2f s  %6.1f docs/s  (%d documents)"
              % (t_loop, rate_loop, len(files)))
        print("  re-ingest         %7.2f s" % t_again)
        print("  read back (export)%7.2f s  %8.0f records/s" % (t_read, n / t_read))
        print("  git cat-file --batch of the records %5.2f s" % t_cat)
        print("  store %.1f MB, fast-import %.1f MB" % (size_vt / 1e6, size_fi / 1e6))
        print("ratios:")
        print("  ingest / fast-import speed   %.2fx  (goal >= 1.0, stretch 1.5)" % (rate / rate_fi))
        print("  ingest / git per-document loop  %.0fx  (goal > 100)" % (rate / rate_git))
        print("  ingest / vanthu per-document    %.0fx" % (rate / rate_loop))
        print("  re-ingest / first ingest     %.3f  (goal < 0.1)" % (t_again / t_ingest))
        print("  read back / git cat-file     %.2fx the time (100,000 in %.1f s at this rate;"
              " goal < 6 s)" % (t_read / t_cat, t_read * 100000 / n))
        print("  store / fast-import size     %.2f  (goal <= 1.2)" % (size_vt / size_fi))
        print("  peak memory                  %.0f MB (goal < 128)" % rss)
    finally:
        if a.keep:
            print("kept", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
