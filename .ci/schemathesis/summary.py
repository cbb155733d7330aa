# Summarises a schemathesis NDJSON report of the GraphQL fuzzing (see `run`): the requests sent,
# the HTTP statuses and the error codes of the answers, and the operations that ever succeeded.

import base64
import collections
import json
import sys


def main(path):
    statuses = collections.Counter()
    codes = collections.Counter()
    answered = set()
    operations = set()
    for line in open(path, encoding="utf-8"):
        event = json.loads(line)
        finished = event.get("ScenarioFinished")
        if not finished:
            continue
        recorder = finished["recorder"]
        operations.add(recorder["label"])
        for interaction in recorder.get("interactions", {}).values():
            response = interaction.get("response")
            if not response:
                continue
            statuses[response["status_code"]] += 1
            content = response.get("content") or {}
            raw = base64.b64decode(content["$base64"]) if "$base64" in content else (content.get("string") or "").encode()
            try:
                body = json.loads(raw)
            except ValueError:
                continue
            errors = body.get("errors") or [] if isinstance(body, dict) else []
            for e in errors:
                codes[(e.get("extensions") or {}).get("code")] += 1
            if isinstance(body, dict) and not errors and body.get("data") is not None:
                answered.add(recorder["label"])
    total = sum(statuses.values())
    print(f"{path}: {total} requests; statuses {dict(sorted(statuses.items()))}")
    print(f"  error codes {dict(codes.most_common())}")
    print(f"  operations answered without error: {len(answered)} of {len(operations)}")


if __name__ == "__main__":
    for p in sys.argv[1:]:
        main(p)
