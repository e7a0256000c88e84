#!/usr/bin/python3
"""Checks layerlab trace files (JSON Lines) against the trace record schema.

Usage: validate-trace.py SCHEMA TRACE...
Prints FILE:LINE: what is wrong for each record the schema refuses and exits 1, or
'N records valid' and exits 0. Uses python3-jsonschema (JSON Schema draft 2020-12).
"""
import json
import sys

import jsonschema


def main(schema_path, traces):
    with open(schema_path, encoding="utf-8") as file:
        schema = json.load(file)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    valid, failed = 0, 0
    for trace in traces:
        with open(trace, encoding="utf-8") as file:
            for number, line in enumerate(file, start=1):
                errors = sorted(validator.iter_errors(json.loads(line)), key=lambda e: list(e.absolute_path))
                if errors:
                    failed += 1
                    best = jsonschema.exceptions.best_match(errors)
                    where = "/".join(str(part) for part in best.absolute_path)
                    print(f"{trace}:{number}: at /{where}: {best.message}")
                else:
                    valid += 1
    print(f"{valid} records valid, {failed} refused")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
