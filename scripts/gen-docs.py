#!/usr/bin/env python3
"""Regenerates the option and header tables of src/main/docs/kantata-users-component.adoc from the catalog JSON.

The prose around the tables is hand-written; only the text between
'// component options: START' and '// component options: END' is replaced, as in apache/camel.
Run after `mvn -B -o process-classes` (which regenerates the JSON):  python3 scripts/gen-docs.py
`--check` exits 1 when the adoc is out of date (for CI).
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "src/generated/resources/META-INF/io/github/camelkantata/users/kantata-users.json"
ADOC = ROOT / "src/main/docs/kantata-users-component.adoc"
START, END = "// component options: START", "// component options: END"


def cell(text):
    return (str(text) if text is not None else "").replace("|", "\\|").replace("\n", " ")


def option_rows(options):
    rows = []
    for name, o in options.items():
        desc = cell(o.get("description"))
        if o.get("enum"):
            desc += " Enum values: " + ", ".join(f"`{e}`" for e in o["enum"]) + "."
        if o.get("secret"):
            desc += " (secret)"
        if o.get("required"):
            desc += " (required)"
        default = o.get("defaultValue")
        if o.get("javaType") in ("java.lang.Boolean", "java.lang.Integer"):
            # the catalog gives a nullable filter the default "false"; unset, it is not sent at all
            default = None
        rows.append(f"| *{name}* ({o.get('group', '')}) | {desc} | {cell('' if default is None else default)} | {cell(o.get('type'))}")
    return rows


def table(title, rows, header):
    return [f"=== {title}", "", '[width="100%",cols="2,5,^1,2",options="header"]', "|===", header, *rows, "|===", ""]


def generate(catalog):
    comp, props, headers = catalog["componentProperties"], catalog["properties"], catalog["headers"]
    path = {k: v for k, v in props.items() if v.get("kind") == "path"}
    query = {k: v for k, v in props.items() if v.get("kind") != "path"}
    out = [START, "",
           f"== Component Options", "",
           f"The Kantata OX Users component supports {len(comp)} options, which are listed below.", ""]
    out += table("Component options", option_rows(comp), "| Name | Description | Default | Type")
    out += ["== Endpoint Options", "",
            f"The Kantata OX Users endpoint is configured using URI syntax: `{catalog['component']['syntax']}`,",
            f"with {len(path)} path parameter and {len(query)} query parameters.", ""]
    out += table("Path Parameters", option_rows(path), "| Name | Description | Default | Type")
    out += table("Query Parameters", option_rows(query), "| Name | Description | Default | Type")
    out += ["== Message Headers", "", f"The Kantata OX Users component supports {len(headers)} message headers, which are listed below:", "",
            '[width="100%",cols="2,5,^1,2",options="header"]', "|===", "| Name | Description | Default | Type"]
    for name, h in headers.items():
        desc = cell(h.get("description"))
        if h.get("enum"):
            desc += " Enum values: " + ", ".join(f"`{e}`" for e in h["enum"]) + "."
        out.append(f"| *{name}* ({h.get('group', '')}) | {desc} | | {cell(h.get('javaType'))}")
    out += ["|===", "", END]
    return "\n".join(out)


def main():
    catalog = json.loads(CATALOG.read_text())
    text = ADOC.read_text()
    a, b = text.index(START), text.index(END) + len(END)
    new = text[:a] + generate(catalog) + text[b:]
    if "--check" in sys.argv:
        if new != text:
            print(f"{ADOC} is out of date: run python3 scripts/gen-docs.py", file=sys.stderr)
            sys.exit(1)
        print("docs up to date")
        return
    ADOC.write_text(new)
    print(f"wrote {ADOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
