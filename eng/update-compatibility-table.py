#!/usr/bin/env python3
"""Rewrites the generated operation tables in docs/compatibility.md with what eng/compatibility-table.py prints."""
import pathlib
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parent.parent
doc = root / "docs" / "compatibility.md"
generated = subprocess.run([sys.executable, str(root / "eng" / "compatibility-table.py")], check=True, capture_output=True, text=True).stdout.strip()
text = doc.read_text()
first = generated.splitlines()[0].split(":")[0]
last = generated.splitlines()[-1]
start = text.index(first)
# The tables end with the last "Not yet" line of the final service; it starts with the same words as the generated one.
end_marker = last.split(":")[0]
end = text.index("\n", text.index(end_marker, start))
doc.write_text(text[:start] + generated + text[end:])
print(f"updated {doc.relative_to(root)}")
