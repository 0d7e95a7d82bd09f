"""Lifecycle and Glacier restore as a boto3 user drives them, against the endpoint given as the first argument.

The script only observes: it prints one JSON document of what each call answered, and the C# test
(Boto3Tests) asserts on it, so a failure names the step. The server runs with short lifecycle days
and a GLACIER tier; credentials come from the environment as for any boto3 program.
"""

import hashlib
import json
import sys
import time
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

WAIT_SECONDS = 90


def error_of(call):
    """Runs call and returns (HTTP status, error code) of the ClientError it raised, or (status, None)."""
    try:
        answer = call()
        return answer["ResponseMetadata"]["HTTPStatusCode"], None
    except ClientError as error:
        return error.response["ResponseMetadata"]["HTTPStatusCode"], error.response["Error"]["Code"]


def wait_for(description, check):
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {description}")
        time.sleep(0.25)


def main(endpoint):
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
    )
    bucket = "boto3-lc-" + uuid.uuid4().hex[:12]
    seen = {}
    s3.create_bucket(Bucket=bucket)

    rules = [
        {
            "ID": "cold-volumes",
            "Status": "Enabled",
            "Filter": {"Prefix": "volumes/"},
            "Transitions": [{"Days": 1, "StorageClass": "GLACIER"}],
        },
        {
            "ID": "scratch",
            "Status": "Enabled",
            "Filter": {"And": {"Prefix": "scratch/", "Tags": [{"Key": "kind", "Value": "temp"}]}},
            "Expiration": {"Days": 1},
        },
    ]
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": rules})
    stored = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
    seen["rule_ids"] = sorted(rule["ID"] for rule in stored)
    seen["scratch_filter_tags"] = stored[[r["ID"] for r in stored].index("scratch")]["Filter"]["And"]["Tags"]

    bad_rules = [{"ID": "bad", "Status": "Enabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": 0}}]
    seen["zero_days_rule"] = error_of(
        lambda: s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": bad_rules})
    )

    volume = bytes(range(256)) * 1200  # 300 KiB: above the 128 KiB transition minimum
    s3.put_object(Bucket=bucket, Key="volumes/b1.dblock.zip", Body=volume, StorageClass="STANDARD_IA")
    s3.put_object(Bucket=bucket, Key="scratch/t.tmp", Body=b"temporary", Tagging="kind=temp")
    s3.put_object(Bucket=bucket, Key="scratch/keep.tmp", Body=b"kept: no tag")
    head = s3.head_object(Bucket=bucket, Key="scratch/t.tmp")
    seen["scratch_expiration_header"] = head.get("Expiration", "")

    wait_for(
        "the volume to move to GLACIER",
        lambda: s3.head_object(Bucket=bucket, Key="volumes/b1.dblock.zip").get("StorageClass") == "GLACIER",
    )
    seen["listed_class"] = s3.list_objects_v2(Bucket=bucket, Prefix="volumes/")["Contents"][0]["StorageClass"]
    seen["get_while_archived"] = error_of(lambda: s3.get_object(Bucket=bucket, Key="volumes/b1.dblock.zip"))
    seen["restore_bad_days"] = error_of(
        lambda: s3.restore_object(Bucket=bucket, Key="volumes/b1.dblock.zip", RestoreRequest={"Days": 0})
    )

    first = s3.restore_object(
        Bucket=bucket,
        Key="volumes/b1.dblock.zip",
        RestoreRequest={"Days": 2, "GlacierJobParameters": {"Tier": "Standard"}},
    )
    seen["restore_status"] = first["ResponseMetadata"]["HTTPStatusCode"]
    restored = wait_for(
        "the restore to finish",
        lambda: (lambda r: r if 'ongoing-request="false"' in r else None)(
            s3.head_object(Bucket=bucket, Key="volumes/b1.dblock.zip").get("Restore", "")
        ),
    )
    seen["restore_header"] = restored
    body = s3.get_object(Bucket=bucket, Key="volumes/b1.dblock.zip")
    seen["restored_class"] = body.get("StorageClass")
    seen["restored_bytes_match"] = hashlib.sha256(body["Body"].read()).digest() == hashlib.sha256(volume).digest()
    again = s3.restore_object(Bucket=bucket, Key="volumes/b1.dblock.zip", RestoreRequest={"Days": 3})
    seen["second_restore_status"] = again["ResponseMetadata"]["HTTPStatusCode"]

    wait_for("the tagged scratch object to expire", lambda: error_of(lambda: s3.head_object(Bucket=bucket, Key="scratch/t.tmp"))[0] == 404)
    seen["untagged_scratch_kept"] = s3.get_object(Bucket=bucket, Key="scratch/keep.tmp")["Body"].read() == b"kept: no tag"

    s3.delete_bucket_lifecycle(Bucket=bucket)
    seen["after_delete"] = error_of(lambda: s3.get_bucket_lifecycle_configuration(Bucket=bucket))
    print(json.dumps(seen))


if __name__ == "__main__":
    main(sys.argv[1])
