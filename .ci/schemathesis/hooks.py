# The checks the GraphQL fuzzing applies to every response, and the values it draws for juece's
# scalars; loaded by schemathesis through SCHEMATHESIS_HOOKS (see `run` next to it).
#
# schemathesis's own `not_a_server_error` also counts every GraphQL error without a client-error
# code as a server failure, so that a mutation refused for lack of credentials (UNAUTHENTICATED),
# a record that does not exist (NOT_FOUND) or a step the procedure forbids would all fail it. Those
# answers are the API working. What may never happen is what this check refuses: a 5xx, a body that
# is not a GraphQL response, an error juece itself reports as INTERNAL (a resolver's internal error
# is a 200 with that code), and an error without a code or without its Chinese and English text.

import datetime
import json
import os
import urllib.request

import schemathesis
from hypothesis import strategies as st
from schemathesis.graphql import nodes

# The codes juece's errors carry (README, "Error codes").
KNOWN_CODES = {
    "BAD_USER_INPUT",
    "NOT_FOUND",
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "RATE_LIMITED",
    "UNAVAILABLE",
    "CONFLICT",
    "PROCEDURE_VIOLATION",
}


@schemathesis.check
def juece_no_server_error(ctx, response, case):
    """No 5xx, a GraphQL response object, and every error coded, bilingual and not INTERNAL."""
    status = response.status_code
    if status >= 500:
        raise AssertionError(f"server error {status}: {response.content[:500]!r}")
    try:
        body = json.loads(response.content)
    except ValueError as e:
        raise AssertionError(f"status {status}: the body is not JSON ({e}): {response.content[:500]!r}")
    if not isinstance(body, dict) or not ("data" in body or "errors" in body):
        raise AssertionError(f"status {status}: not a GraphQL response: {response.content[:500]!r}")
    errors = body.get("errors") or []
    if status >= 400 and not errors:
        raise AssertionError(f"status {status} without errors: {response.content[:500]!r}")
    for e in errors:
        ext = e.get("extensions") or {}
        code = ext.get("code")
        if code == "INTERNAL":
            raise AssertionError(f"internal error: {json.dumps(e, ensure_ascii=False)[:500]}")
        if code not in KNOWN_CODES:
            raise AssertionError(f"an error with code {code!r}: {json.dumps(e, ensure_ascii=False)[:500]}")
        if not (isinstance(ext.get("messageZh"), str) and ext["messageZh"] and isinstance(ext.get("messageEn"), str) and ext["messageEn"]):
            raise AssertionError(f"an error without messageZh and messageEn: {json.dumps(e, ensure_ascii=False)[:500]}")


def _real_ids():
    """The ids of the server's governments, departments, catalogues, items and tasks, so that
    generated mutations reach the procedure instead of stopping at "not found"."""
    url = os.environ.get("JUECE_FUZZ_URL")
    if not url:
        return []
    query = "{ governments { id departments { id } catalogues { id items { id tasks { id } } } } }"
    headers = {"Content-Type": "application/json"}
    if os.environ.get("JUECE_FUZZ_TOKEN"):
        headers["Authorization"] = "Bearer " + os.environ["JUECE_FUZZ_TOKEN"]
    request = urllib.request.Request(url, data=json.dumps({"query": query}).encode(), headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        data = json.load(response).get("data") or {}
    ids = []
    for g in data.get("governments") or []:
        ids.append(g["id"])
        ids += [d["id"] for d in g.get("departments") or []]
        for c in g.get("catalogues") or []:
            ids.append(c["id"])
            for i in c.get("items") or []:
                ids.append(i["id"])
                ids += [t["id"] for t in i.get("tasks") or []]
    return ids


_ids = _real_ids()
# Mostly real ids, then well-formed ids of nothing, then any text.
_id_strategy = st.one_of(
    *([st.sampled_from(_ids)] * 3 if _ids else []),
    st.uuids().map(str),
    st.text(max_size=40),
)
schemathesis.graphql.scalar("ID", _id_strategy.map(nodes.String))

# Mostly dates within the loaded holiday calendar and a year either side, where the procedure's
# deadlines are counted; sometimes any date.
_dates = st.one_of(
    st.dates(min_value=datetime.date(2021, 1, 1), max_value=datetime.date(2027, 12, 31)),
    st.dates(min_value=datetime.date(2021, 1, 1), max_value=datetime.date(2027, 12, 31)),
    st.dates(),
)
schemathesis.graphql.scalar("Date", _dates.map(lambda d: d.isoformat()).map(nodes.String))
schemathesis.graphql.scalar(
    "DateTime",
    st.tuples(_dates, st.times()).map(lambda t: f"{t[0].isoformat()}T{t[1].isoformat()}Z").map(nodes.String),
)
