#!/usr/bin/env python3
"""Print python-hcl2's parse of each HCL file named on the command line, as one JSON object.

Used by DifferentialTests.swift, which compares it with Palisade's own parser rendered to the
same shape by Support/PythonHCL2Renderer.swift.

Output: {"<path>": {"ok": <parse>} | {"error": "<message>"}, ...}
Exit status 3 (with {"__fatal__": "..."}) when python-hcl2 >= 8 is not importable.

The serialization options are chosen to make the comparison strict yet stable:
  with_comments=False          comments are not part of the AST we compare
  explicit_blocks=True         "__is_block__": true marks blocks, so blocks and objects differ
  force_operation_parentheses  every nested operation is parenthesised: checks precedence
  strip_string_quotes=True     top-level strings are values (escapes decoded), not source text
  preserve_scientific_notation=False, preserve_heredocs=False
                               numbers and heredocs as values, not as source text
"""
import json
import sys

try:
    import hcl2
    from hcl2 import SerializationOptions
except ImportError as error:  # pragma: no cover - reported to the Swift test
    print(json.dumps({"__fatal__": "python-hcl2 >= 8 is not importable (pip install python-hcl2): %s" % error}))
    sys.exit(3)

OPTIONS = SerializationOptions(
    with_comments=False,
    explicit_blocks=True,
    force_operation_parentheses=True,
    strip_string_quotes=True,
    preserve_scientific_notation=False,
    preserve_heredocs=False,
)

result = {}
for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as handle:
            result[path] = {"ok": hcl2.load(handle, serialization_options=OPTIONS)}
    except Exception as error:  # any parse failure is data for the test, not a crash
        result[path] = {"error": "%s: %s" % (type(error).__name__, str(error).splitlines()[0] if str(error) else "")}
print(json.dumps(result))
