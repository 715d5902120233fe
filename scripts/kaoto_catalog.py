#!/usr/bin/env python3
"""Builds a Kaoto catalog library that carries the kantata-users component and its Kamelets.

Kaoto (the Camel designer: VS Code extension and web app) shows a third-party component only through a catalog
library set as its "Camel Catalog URL". Kaoto's own catalog generator has no option for components outside Camel,
so this script takes the catalogs Kaoto publishes (npm package @kaoto/camel-catalog, unpacked) and, for each
supported Camel Main line, copies that runtime's files and adds:
  - a `kantata-users` entry to the components file: our generated catalog JSON plus the `propertiesSchema` Kaoto
    builds its forms from (title, description, type/enum, default, format, required, `$comment: group:<group>`),
    derived the way Kaoto's generator derives it for Camel's own components;
  - our Kamelets (src/main/resources/kamelets/*.kamelet.yaml) to the Kamelets file, each with its propertiesSchema.
It then writes an index.json (version 3) naming one definition per runtime.

    python3 scripts/kaoto_catalog.py --kaoto-catalog DIR --component-json FILE --kamelets DIR --out DIR

DIR of --kaoto-catalog is the package's dist/camel-catalog folder (the one with index.json).
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import sys

import yaml

SCHEME = "kantata-users"
# The Camel Main lines the component supports, newest first (the first is the one Kaoto opens by default).
RUNTIMES = ["4.22", "4.18", "4.14"]
JSON_SCHEMA = "http://json-schema.org/draft-07/schema#"


def title_of(name):
    """camelCase option name -> the title Kaoto's generator shows ('userId' -> 'User Id')."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", name)
    return spaced[:1].upper() + spaced[1:]


def property_schema(name, prop):
    """One option of the Camel catalog JSON as a JSON Schema property, in Kaoto's shape and key order."""
    out = {"title": prop.get("displayName") or title_of(name)}
    description = prop.get("description", "")
    multi = " This is a multi-value option with prefix: " + str(prop.get("prefix"))
    if prop.get("multiValue") and prop.get("prefix") and multi.strip() not in description:
        description += multi
    out["description"] = description
    kind = prop["type"]
    java_type = prop.get("javaType", "")
    fmt = None
    if kind == "enum" or prop.get("enum"):
        out["type"] = "string"
        out["enum"] = list(prop["enum"])
    elif kind in ("string", "boolean", "integer", "number", "array"):
        out["type"] = kind
        if kind == "array":
            out["items"] = {"type": "string"}
    elif kind == "duration":
        out["type"] = "string"
        fmt = "duration"
    elif kind == "object":
        if java_type.startswith("java.util.Map"):
            out["type"] = "object"
        else:
            out["type"] = "string"
            fmt = "bean:" + java_type
    else:
        raise ValueError(f"option {name}: catalog type {kind!r} has no Kaoto mapping")
    out["$comment"] = "group:" + prop.get("group", "common")
    if prop.get("secret"):
        fmt = fmt + "|password" if fmt else "password"
    if fmt:
        out["format"] = fmt
    if prop.get("deprecated"):
        out["deprecated"] = True
    if "defaultValue" in prop and prop["defaultValue"] is not None:
        default = prop["defaultValue"]
        if out["type"] in ("string", "number") and not isinstance(default, str):
            default = str(default)
        out["default"] = default
    return out


def properties_schema(component):
    props = component["properties"]
    schema = {
        "properties": {name: property_schema(name, p) for name, p in props.items()},
        "$schema": JSON_SCHEMA,
        "type": "object",
    }
    required = [name for name, p in props.items() if p.get("required")]
    if required:
        schema["required"] = required
    return schema


def component_entry(component_json):
    """Our catalog JSON as Kaoto's components file holds it."""
    entry = json.loads(json.dumps(component_json))  # deep copy
    entry["propertiesSchema"] = properties_schema(entry)
    return entry


def kamelet_entry(path):
    with open(path, encoding="utf-8") as f:
        kamelet = yaml.safe_load(f)
    definition = kamelet["spec"]["definition"]
    schema = {"$schema": JSON_SCHEMA, "type": definition.get("type", "object")}
    for key in ("title", "description", "required"):
        if key in definition:
            schema[key] = definition[key]
    schema["properties"] = {
        name: {k: v for k, v in p.items() if k != "x-descriptors"}
        for name, p in (definition.get("properties") or {}).items()
    }
    kamelet["propertiesSchema"] = schema
    return kamelet["metadata"]["name"], kamelet


def load_kamelets(folder):
    kamelets = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".kamelet.yaml"):
            key, entry = kamelet_entry(os.path.join(folder, name))
            kamelets[key] = entry
    if not kamelets:
        raise SystemExit(f"no *.kamelet.yaml in {folder}")
    return kamelets


def pick_definitions(kaoto_index):
    """The newest community Camel Main definition of each supported line."""
    picked = []
    for line in RUNTIMES:
        candidates = [
            d for d in kaoto_index["definitions"]
            if d.get("runtime") == "Main" and re.fullmatch(re.escape(line) + r"\.\d+", d["version"])
        ]
        if not candidates:
            raise SystemExit(f"@kaoto/camel-catalog has no Camel Main {line}.x catalog")
        picked.append(max(candidates, key=lambda d: [int(x) for x in d["version"].split(".")]))
    return picked


def write_json(path, data, compact=False):
    with open(path, "w", encoding="utf-8") as f:
        if compact:  # the catalog files are megabytes that only Kaoto reads
            json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
        else:
            json.dump(data, f, indent=1, ensure_ascii=False)
        f.write("\n")


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha1(f.read()).hexdigest()[:8]


def build(kaoto_catalog, component_json_path, kamelets_dir, out, name):
    with open(os.path.join(kaoto_catalog, "index.json"), encoding="utf-8") as f:
        kaoto_index = json.load(f)
    with open(component_json_path, encoding="utf-8") as f:
        component_json = json.load(f)
    if component_json["component"]["scheme"] != SCHEME:
        raise SystemExit(f"{component_json_path} is not the {SCHEME} catalog JSON")
    kamelets = load_kamelets(kamelets_dir)

    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    definitions = []
    for definition in pick_definitions(kaoto_index):
        src_index = os.path.join(kaoto_catalog, definition["fileName"])
        src_dir = os.path.dirname(src_index)
        rel_dir = os.path.dirname(definition["fileName"])
        dst_dir = os.path.join(out, rel_dir)
        shutil.copytree(src_dir, dst_dir)
        with open(src_index, encoding="utf-8") as f:
            runtime = json.load(f)
        # components: add ours, keep Kaoto's; the file gets a new name so no cache serves the old one
        for key, patch in (("components", lambda d: d.__setitem__(SCHEME, component_entry(component_json))),
                           ("kamelets", lambda d: d.update(kamelets))):
            old = runtime["catalogs"][key]["file"]
            with open(os.path.join(dst_dir, old), encoding="utf-8") as f:
                data = json.load(f)
            patch(data)
            os.remove(os.path.join(dst_dir, old))
            tmp = os.path.join(dst_dir, "tmp.json")
            write_json(tmp, data, compact=True)
            stem = re.sub(r"-[0-9a-f]{6,}$", "", old[:-len(".json")])
            new = f"{stem}-{SCHEME}-{digest(tmp)}.json"
            os.rename(tmp, os.path.join(dst_dir, new))
            runtime["catalogs"][key]["file"] = new
        os.remove(os.path.join(dst_dir, os.path.basename(src_index)))
        runtime["name"] = f"{definition['name']} + {SCHEME}"
        index_name = f"index-{SCHEME}.json"
        write_json(os.path.join(dst_dir, index_name), runtime)
        definitions.append({
            "name": runtime["name"],
            "version": definition["version"],
            "runtime": "Main",
            "fileName": f"{rel_dir}/{index_name}",
        })
    write_json(os.path.join(out, "index.json"), {"name": name, "version": 3, "definitions": definitions})
    return definitions


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kaoto-catalog", required=True, help="@kaoto/camel-catalog's dist/camel-catalog folder")
    parser.add_argument("--component-json", required=True, help="the generated kantata-users.json")
    parser.add_argument("--kamelets", required=True, help="folder with the *.kamelet.yaml files")
    parser.add_argument("--out", required=True, help="output folder (replaced)")
    parser.add_argument("--name", default="Camel catalog with kantata-users")
    parser.add_argument("--zip", help="also pack the library into this zip (index.json at its root)")
    args = parser.parse_args(argv)
    for d in build(args.kaoto_catalog, args.component_json, args.kamelets, args.out, args.name):
        print(f"{d['name']}: {d['fileName']}")
    if args.zip:
        base = args.zip[:-len(".zip")] if args.zip.endswith(".zip") else args.zip
        os.makedirs(os.path.dirname(os.path.abspath(base)), exist_ok=True)
        print("wrote", shutil.make_archive(base, "zip", args.out))


if __name__ == "__main__":
    sys.exit(main())
