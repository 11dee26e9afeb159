"""Import throughput (articles/s) and peak memory per format, beside reading the same files
naively (the format's library alone, no corpus written), each in a fresh process.

Inputs are built from real material in ../shared/data/ (set KREMLIN_SYRIA_SHARED to point
elsewhere): the FakeNewsCorpus sample (CSV, repeated with new ids), the LexisNexis and
Factiva sample exports (their documents repeated), and the saved pages of cleaning_dev
(written into a WARC with warcio).

    python benchmarks/import_formats.py [--repeat N] [--write]   # --write: add to RESULTS.md
"""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

SHARED = Path(os.environ.get("KREMLIN_SYRIA_SHARED") or HERE.parents[1] / "shared") / "data"
FORMATS = SHARED / "formats"
DOC_LINE = re.compile(r"^\s*\d+ of \d+ DOCUMENTS\s*$", re.MULTILINE)


def build_inputs(folder: Path, repeat: int) -> dict[str, Path]:
    """A folder and a repeat count -> one input file per format, built from real material."""
    import pandas as pd
    out = {}
    fnc = pd.read_csv(SHARED / "fakenewscorpus_sample.csv", dtype=str, keep_default_na=False)
    big = pd.concat([fnc.assign(id=fnc["id"] + f"-{k}") for k in range(repeat)])
    out["csv"] = folder / "fnc.csv"
    big.to_csv(out["csv"], index=False)

    text = (FORMATS / "lnt_sample.TXT").read_text(encoding="utf-8-sig")
    docs = DOC_LINE.split(text)[1:]
    total = len(docs) * repeat
    parts = [f"\r\n{' ' * 30}{i + 1} of {total} DOCUMENTS\r\n"     # a distinct body each
             + doc.replace("\nLOAD-DATE:", f"\nCopy {i}.\n\nLOAD-DATE:", 1)
             for i, doc in enumerate(d for _ in range(repeat) for d in docs)]
    out["nexis-txt"] = folder / "nexis.txt"
    out["nexis-txt"].write_text("".join(parts), encoding="utf-8")

    import docx
    sample = [p.text for p in docx.Document(str(FORMATS / "lnt_sample.DOCX")).paragraphs]
    body = sample[sample.index("", 74):]            # the documents, after the cover page
    document = docx.Document()
    for k in range(max(1, repeat // 5)):
        for paragraph in body:
            document.add_paragraph(paragraph)
            if paragraph.strip() == "Body":                 # a distinct body each copy
                document.add_paragraph(f"Copy {k}.")
    out["nexis-docx"] = folder / "nexis.docx"
    document.save(str(out["nexis-docx"]))

    xml = (FORMATS / "reut21578-factiva.xml").read_text(encoding="utf-8")
    start, end = xml.index("<ppsarticle>"), xml.rindex("</ppsarticle>") + len("</ppsarticle>")
    items = [xml[start:end].replace("<accessionNo>REUT", f"<accessionNo>R{k}-")
             for k in range(repeat)]
    out["factiva-xml"] = folder / "factiva.xml"
    out["factiva-xml"].write_text(xml[:start] + "".join(items) + xml[end:], encoding="utf-8")

    html = (FORMATS / "factiva_test.html").read_text(encoding="utf-8")
    a, b = html.index('<span></span><div class="article'), html.index('<div id="pageFooter"')
    blocks = [html[a:b].replace("Document TESTFR", f"Document T{k}-") for k in range(repeat * 5)]
    out["factiva-html"] = folder / "factiva.html"
    out["factiva-html"].write_text(html[:a] + "".join(blocks) + html[b:], encoding="utf-8")

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    rows = pd.read_json(SHARED / "cleaning_dev" / "expectations.jsonl", lines=True)
    out["warc"] = folder / "pages.warc.gz"
    with open(out["warc"], "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for row in rows.itertuples():
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                       protocol="HTTP/1.1")
            payload = (SHARED / "cleaning_dev" / row.file).read_bytes()
            writer.write_record(writer.create_warc_record(
                row.url, "response", payload=io.BytesIO(payload), http_headers=headers))
    return out


def naive(kind: str, path: Path) -> int:
    """Read a file with its format's library alone -> how many articles it holds."""
    if kind == "csv":
        import pandas as pd
        return sum(1 for _ in pd.read_csv(path, dtype=str).itertuples())
    if kind == "nexis-txt":
        return len(DOC_LINE.split(path.read_text(encoding="utf-8"))) - 1
    if kind == "nexis-docx":
        import docx
        return sum(p.text.strip() == "End of Document" for p in docx.Document(str(path)).paragraphs)
    if kind == "factiva-xml":
        from lxml import etree
        tree = etree.parse(str(path))
        return len([e for e in tree.iter() if etree.QName(e).localname == "article"])
    if kind == "factiva-html":
        import lxml.html
        tree = lxml.html.parse(str(path))
        return len(tree.xpath("//div[starts-with(@class, 'article ')]"))
    from trafilatura import bare_extraction
    from warcio.archiveiterator import ArchiveIterator
    n = 0
    with open(path, "rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_type == "response":
                html = record.content_stream().read().decode("utf-8", "replace")
                n += bool(bare_extraction(html, url=record.rec_headers.get_header(
                    "WARC-Target-URI"), with_metadata=True))
    return n


def ours(kind: str, path: Path) -> int:
    """Import a file into a fresh corpus -> how many articles were added."""
    from helpers.corpus.importers import import_source
    preset = "fakenewscorpus" if kind == "csv" else None
    with tempfile.TemporaryDirectory() as into:
        return import_source(path, Path(into) / "c", preset=preset, progress=False).added


def one(kind: str, which: str, path: Path) -> dict:
    """Run one measurement in this process -> seconds, articles, peak MB."""
    from measure import peak_mb
    import docx, lxml.html, pandas, trafilatura, warcio  # noqa: E401,F401  imports not timed
    import helpers.corpus.importers  # noqa: F401
    started = time.perf_counter()
    n = ours(kind, path) if which == "ours" else naive(kind, path)
    return {"seconds": time.perf_counter() - started, "articles": n, "peak_mb": peak_mb()}


def measure(kind: str, which: str, path: Path) -> dict:
    """One measurement in a fresh process -> its result."""
    done = subprocess.run([sys.executable, __file__, "--one", kind, which, str(path)],
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{kind} {which} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(results: dict[str, dict[str, dict]], repeat: int) -> str:
    """Results -> the Markdown section for RESULTS.md."""
    from measure import machine
    lines = ["## Importing each format (issue 10)", "",
             f"Command: `python benchmarks/import_formats.py --repeat {repeat} --write`  ",
             f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
             f"{machine().get('cores (nproc)', '')} cores. Each run in a fresh process; naive = "
             "the format's library alone, reading the file (no corpus written, no records, "
             "no dates or outlets resolved). Peak MB is the process's peak resident memory.", "",
             "| format | articles | ours articles/s | naive articles/s | ours/naive | "
             "ours peak MB | naive peak MB |", "|---|---:|---:|---:|---:|---:|---:|"]
    for kind, r in results.items():
        o, n = r["ours"], r["naive"]
        rate_o, rate_n = o["articles"] / o["seconds"], n["articles"] / n["seconds"]
        lines.append(f"| {kind} | {o['articles']:,} | {rate_o:,.1f} | {rate_n:,.1f} | "
                     f"{rate_o / rate_n:.2f}x | {o['peak_mb']:,.0f} | {n['peak_mb']:,.0f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Build the inputs, measure ours and naive per format, print (and maybe record) them."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--one", nargs=3)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one[0], args.one[1], Path(args.one[2]))))
        return
    with tempfile.TemporaryDirectory() as folder:
        inputs = build_inputs(Path(folder), args.repeat)
        results = {kind: {which: measure(kind, which, path) for which in ("ours", "naive")}
                   for kind, path in inputs.items()}
    section = table(results, args.repeat)
    print(section)
    if args.write:
        with open(HERE / "RESULTS.md", "a", encoding="utf-8") as out:
            out.write("\n" + section)


if __name__ == "__main__":
    main()
