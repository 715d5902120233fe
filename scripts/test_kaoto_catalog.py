#!/usr/bin/env python3
"""Unit tests of scripts/kaoto_catalog.py.

    python3 scripts/test_kaoto_catalog.py                      # the mapping of our options, on our catalog JSON
    KAOTO_CATALOG=.../@kaoto/camel-catalog/dist/camel-catalog python3 scripts/test_kaoto_catalog.py
                                                               # also: against Kaoto's published catalogs

scripts/kaoto-test.sh runs it with KAOTO_CATALOG set (the package is in its node_modules). Writes only under target/.
"""
import glob
import json
import os
import sys
import unittest
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import kaoto_catalog  # noqa: E402

COMPONENT_JSON = os.path.join(ROOT, "src/generated/resources/META-INF/io/github/camelkantata/users/kantata-users.json")
KAMELETS = os.path.join(ROOT, "src/main/resources/kamelets")
KAOTO_CATALOG = os.environ.get("KAOTO_CATALOG")
OUT = os.path.join(ROOT, "target/kaoto-catalog-test")
# Kaoto's generator writes Long.MAX_VALUE defaults of these grpc options as -1 (an overflow on its side); we keep
# the real value, so they are the only options where our mapping and Kaoto's own schema differ.
KAOTO_OVERFLOW = {("grpc", "maxConnectionAge"), ("grpc", "maxConnectionAgeGrace"), ("grpc", "maxConnectionIdle")}


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class OurSchema(unittest.TestCase):
    """The propertiesSchema Kaoto's forms are built from, for our options."""

    @classmethod
    def setUpClass(cls):
        cls.component = load(COMPONENT_JSON)
        cls.schema = kaoto_catalog.properties_schema(cls.component)
        cls.props = cls.schema["properties"]

    def test_every_option_in_catalog_order_and_operation_required(self):
        self.assertEqual(list(self.component["properties"]), list(self.props))
        self.assertEqual(["operation"], self.schema["required"])
        self.assertEqual("object", self.schema["type"])

    def test_operation_is_an_enum_of_every_operation(self):
        self.assertEqual({"title": "Operation",
                          "description": self.component["properties"]["operation"]["description"],
                          "type": "string",
                          "enum": ["list", "me", "get", "update", "lookup", "capacity", "photo"],
                          "$comment": "group:common"}, self.props["operation"])

    def test_plain_options_keep_title_group_and_no_invented_default(self):
        self.assertEqual("User Id", self.props["userId"]["title"])
        self.assertEqual("string", self.props["userId"]["type"])
        self.assertEqual("group:producer", self.props["userId"]["$comment"])
        self.assertNotIn("default", self.props["userId"])
        self.assertEqual("group:common", self.props["include"]["$comment"])

    def test_defaults_and_types(self):
        self.assertEqual(("string", "https://api.mavenlink.com/api/v1"),
                         (self.props["baseUrl"]["type"], self.props["baseUrl"]["default"]))
        self.assertEqual(("integer", 60000), (self.props["delay"]["type"], self.props["delay"]["default"]))
        self.assertEqual(("boolean", True), (self.props["onlyChanged"]["type"], self.props["onlyChanged"]["default"]))
        self.assertEqual(("string", "duration", "60s"), (self.props["streamIdleTimeout"]["type"],
                                                          self.props["streamIdleTimeout"]["format"],
                                                          self.props["streamIdleTimeout"]["default"]))
        self.assertEqual(["poll", "events"], self.props["changeDetection"]["enum"])
        self.assertEqual("poll", self.props["changeDetection"]["default"])

    def test_secrets_are_password_fields(self):
        for name in ("accessToken", "proxyPassword", "proxyUsername"):
            self.assertEqual("password", self.props[name]["format"], name)
        self.assertEqual("group:security", self.props["accessToken"]["$comment"])
        self.assertNotIn("format", self.props["userId"])

    def test_beans_and_maps(self):
        self.assertEqual({"type": "string",
                          "format": "bean:org.apache.camel.spi.StateRepository<java.lang.String, java.lang.String>"},
                         {k: self.props["stateRepository"][k] for k in ("type", "format")})
        self.assertEqual("object", self.props["query"]["type"])
        self.assertTrue(self.props["query"]["description"].endswith("This is a multi-value option with prefix: query."))
        self.assertEqual(1, self.props["query"]["description"].count("multi-value option"))

    def test_group_comment_for_every_option(self):
        for name, prop in self.component["properties"].items():
            self.assertEqual("group:" + prop["group"], self.props[name]["$comment"], name)

    def test_unknown_catalog_type_is_refused_by_name(self):
        with self.assertRaisesRegex(ValueError, "option weird: catalog type 'blob'"):
            kaoto_catalog.property_schema("weird", {"type": "blob", "group": "common"})


class OurKamelets(unittest.TestCase):
    def test_kamelets_get_a_properties_schema_without_x_descriptors(self):
        kamelets = kaoto_catalog.load_kamelets(KAMELETS)
        self.assertEqual({"kantata-users-source", "kantata-users-lookup-action", "kantata-users-update-sink",
                          "kantata-users-capacity-action"}, set(kamelets))
        source = kamelets["kantata-users-source"]
        schema = source["propertiesSchema"]
        self.assertEqual("Kantata OX Users Source", schema["title"])
        self.assertIn("accessToken", schema["properties"])
        for prop in schema["properties"].values():
            self.assertNotIn("x-descriptors", prop)
        self.assertEqual("Kamelet", source["kind"])


@unittest.skipUnless(KAOTO_CATALOG, "KAOTO_CATALOG (the @kaoto/camel-catalog dist/camel-catalog folder) not set")
class AgainstKaotosCatalog(unittest.TestCase):
    def test_mapping_reproduces_kaotos_schema_for_every_camel_component(self):
        index = load(os.path.join(KAOTO_CATALOG, "index.json"))
        checked = 0
        for definition in kaoto_catalog.pick_definitions(index):
            runtime_index = os.path.join(KAOTO_CATALOG, definition["fileName"])
            runtime = load(runtime_index)
            components = load(os.path.join(os.path.dirname(runtime_index), runtime["catalogs"]["components"]["file"]))
            for name, component in components.items():
                ours = kaoto_catalog.properties_schema(component)
                theirs = component["propertiesSchema"]
                self.assertEqual(theirs.get("required"), ours.get("required"), name)
                for option, prop in theirs["properties"].items():
                    if (name, option) in KAOTO_OVERFLOW:
                        continue
                    checked += 1
                    self.assertEqual(json.dumps(prop), json.dumps(ours["properties"][option]),
                                     f"{definition['version']} {name}.{option}")
        self.assertGreater(checked, 30000)

    def test_library_has_one_runtime_per_line_with_our_entries(self):
        zip_path = OUT + ".zip"
        kaoto_catalog.main(["--kaoto-catalog", KAOTO_CATALOG, "--component-json", COMPONENT_JSON,
                            "--kamelets", KAMELETS, "--out", OUT, "--zip", zip_path])
        index = load(os.path.join(OUT, "index.json"))
        self.assertEqual(3, index["version"])
        self.assertEqual(["4.22.1", "4.18.4", "4.14.9"], [d["version"] for d in index["definitions"]])
        self.assertEqual({"Main"}, {d["runtime"] for d in index["definitions"]})
        for definition in index["definitions"]:
            runtime_index = os.path.join(OUT, definition["fileName"])
            runtime = load(runtime_index)
            folder = os.path.dirname(runtime_index)
            for entry in list(runtime["catalogs"].values()) + list(runtime["schemas"].values()):
                self.assertTrue(os.path.isfile(os.path.join(folder, entry["file"])), entry["file"])
            components = load(os.path.join(folder, runtime["catalogs"]["components"]["file"]))
            ours = components["kantata-users"]
            self.assertEqual(["component", "componentProperties", "headers", "properties", "propertiesSchema"],
                             list(ours))
            self.assertEqual("Kantata OX Users", ours["component"]["title"])
            self.assertIn("CamelKantataUsersUserId", ours["headers"])
            self.assertIn("timer", components)  # Kaoto's own components stay
            kamelets = load(os.path.join(folder, runtime["catalogs"]["kamelets"]["file"]))
            self.assertIn("kantata-users-source", kamelets)
            self.assertIn("timer-source", kamelets)
            # nothing of Kaoto's original index or components file is left to be served by mistake
            self.assertEqual(1, len(glob.glob(os.path.join(folder, "index-*.json"))))
            self.assertEqual(1, len(glob.glob(os.path.join(folder, "camel-catalog-aggregate-components-*.json"))))
        with zipfile.ZipFile(zip_path) as z:
            names = z.namelist()
        self.assertIn("index.json", names)
        self.assertIn(index["definitions"][0]["fileName"], names)


if __name__ == "__main__":
    unittest.main(verbosity=1)
