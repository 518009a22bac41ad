#!/usr/bin/env python3
"""Verifies one srs-connect webhook delivery (docs/webhooks.md).

Usage: WEBHOOK_SECRET=... python3 verify.py [tolerance-seconds] < body.json
Exit 0 and "valid <changeId>" when the signature holds; exit 1 and the reason when it does not.
"""
import hashlib
import hmac
import json
import sys
import time


def verify(secret: str, body: bytes, tolerance_seconds: int, now: float) -> str:
    detail = json.loads(body)
    claimed = detail.pop("signature", None)
    signed_at = detail.get("signedAt")
    if not isinstance(claimed, str) or not isinstance(signed_at, int):
        return "not signed"
    # The canonical form srs-connect signs: sorted keys, no whitespace, UTF-8 (EventBridge re-serializes the JSON).
    canonical = json.dumps(detail, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    expected = "v1=" + hmac.new(secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, claimed):
        return "bad signature"
    if signed_at < now - tolerance_seconds:
        return "too old"
    return "valid"


if __name__ == "__main__":
    import os
    tolerance = int(sys.argv[1]) if len(sys.argv) > 1 else 3900
    raw = sys.stdin.buffer.read()
    verdict = verify(os.environ["WEBHOOK_SECRET"], raw, tolerance, time.time())
    if verdict != "valid":
        print(verdict)
        sys.exit(1)
    print("valid " + json.loads(raw)["changeId"])
