#!/usr/bin/env python3
"""Prints the operation tables of docs/compatibility.md from the handlers in src/ and the AWS models."""
import json, pathlib, re

root = pathlib.Path(__file__).resolve().parent.parent
models = root / "src/Tessera.Server/AwsJson/Models"
implemented = {"cognito-idp": set(), "cognito-identity": set(), "sts": set()}
for path in (root / "src/Tessera.Server").rglob("*.cs"):
    text = path.read_text()
    implemented["cognito-idp"].update(re.findall(r'\[CognitoOperation\("(\w+)"\)\]', text))
    for service, name in re.findall(r'\[AwsOperation\("([\w-]+)", "(\w+)"\)\]', text):
        implemented[service].add(name)
sts_text = "".join(p.read_text() for p in (root / "src/Tessera.Server/Sts").rglob("*.cs")) if (root / "src/Tessera.Server/Sts").exists() else ""
for op in json.loads((models / "sts.json").read_text())["operations"]:
    if f'"{op}"' in sts_text:
        implemented["sts"].add(op)

# How each service answers an operation Tessera lacks: the JSON APIs name it; STS, like AWS, does not know it.
unsupported = {"cognito-idp": "`UnsupportedOperationException`", "cognito-identity": "`UnsupportedOperationException`",
               "sts": "`InvalidAction`, as STS does for an unknown action"}
for service in ("cognito-idp", "cognito-identity", "sts"):
    ops = json.loads((models / f"{service}.json").read_text())["operations"]
    done = sorted(o for o in ops if o in implemented[service])
    missing = sorted(o for o in ops if o not in implemented[service])
    print(f"### {service}: {len(done)} of {len(ops)} operations\n")
    print("Implemented: " + ", ".join(f"`{o}`" for o in done) + "\n")
    print(f"Not yet (answer {unsupported[service]}): " + (", ".join(missing) if missing else "none") + "\n")
