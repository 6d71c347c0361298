"""Signs requests with Huawei's own Python SDK (huaweicloudsdkcore), for the cross-check in
tests/sign_crosscheck.rs. Reads a JSON list of requests on stdin; writes the headers the SDK
adds to each (X-Sdk-Date, X-Project-Id, X-Security-Token, Authorization) as a JSON list."""

import json
import sys
from urllib.parse import unquote, urlsplit

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest

ADDED = ("X-Sdk-Date", "X-Project-Id", "X-Security-Token", "Authorization", "X-Sdk-Content-Sha256")


def sign(case):
    url = urlsplit(case["url"])
    query = []
    for pair in filter(None, url.query.split("&")):
        key, _, value = pair.partition("=")
        query.append((unquote(key), unquote(value)))
    headers = dict(case.get("headers", {}))
    headers["X-Sdk-Date"] = case["date"]
    body = case.get("body", "")
    request = SdkRequest(
        method=case["method"],
        schema=url.scheme,
        host=url.netloc,
        resource_path=url.path or "/",
        query_params=query,
        header_params=headers,
        body=body.encode() if body else "",
    )
    credentials = BasicCredentials(case["ak"], case["sk"], case.get("projectId"))
    if case.get("securityToken"):
        credentials = credentials.with_security_token(case["securityToken"])
    signed = credentials.sign_request(request)
    return {k: v for k, v in signed.header_params.items() if k in ADDED}


json.dump([sign(case) for case in json.load(sys.stdin)], sys.stdout)
