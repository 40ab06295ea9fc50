"""Runs the AWS CLI's own validate-logs code on a local bucket tree.

Usage: python validate.py ROOT PUBLIC_KEYS_JSON [validate-logs options...]

ROOT holds one directory per bucket (objects as `aws s3 sync` writes them,
metadata in <key>.metadata.json); PUBLIC_KEYS_JSON is list-public-keys
output. S3 and CloudTrail are replaced by in-memory stand-ins over those
files; the validation logic, messages and output are the installed CLI's.
Used by the opt-in TestAgainstAWSCLI.
"""
import argparse
import datetime
import io
import json
import os
import sys

from botocore.exceptions import ClientError
from awscli.customizations.cloudtrail import validation as v


def no_such_key():
    return ClientError({'Error': {'Code': 'NoSuchKey', 'Message': 'The specified key does not exist.'}}, 'GetObject')


class Keys:
    def __init__(self, keys):
        self.keys = keys

    def search(self, _expr):
        return iter(self.keys)


class S3:
    def __init__(self, root):
        self.root = root

    def _path(self, bucket, key):
        return os.path.join(self.root, bucket, *key.split('/'))

    def get_object(self, Bucket, Key):
        p = self._path(Bucket, Key)
        if Key.endswith('.metadata.json') or not os.path.isfile(p):
            raise no_such_key()
        meta = {}
        if os.path.exists(p + '.metadata.json'):
            with open(p + '.metadata.json') as f:
                meta = json.load(f).get('Metadata', {})
        with open(p, 'rb') as f:
            return {'Body': io.BytesIO(f.read()), 'Metadata': meta}

    def get_paginator(self, _name):
        s3 = self

        class P:
            def paginate(self, Bucket, Marker, Prefix):
                base = os.path.join(s3.root, Bucket)
                keys = []
                for d, _, files in os.walk(base):
                    for name in files:
                        k = os.path.relpath(os.path.join(d, name), base).replace(os.sep, '/')
                        if k.endswith('.metadata.json') or not k.startswith(Prefix) or k <= Marker:
                            continue
                        keys.append(k)
                return Keys(sorted(keys))
        return P()


class Provider:
    def __init__(self, s3):
        self.s3 = s3

    def get_client(self, _bucket):
        return self.s3


def parse_time(s):
    return v.normalize_date(v.parse_date(s))


class CloudTrail:
    def __init__(self, path, trail=None):
        with open(path) as f:
            self.keys = json.load(f)['PublicKeyList']
        self.trail = trail

    def describe_trails(self):
        return {'trailList': [self.trail] if self.trail else []}

    def list_public_keys(self, StartTime, EndTime):
        out = []
        for k in self.keys:
            a, b = parse_time(k['ValidityStartTime']), parse_time(k['ValidityEndTime'])
            if a <= EndTime and b >= StartTime:
                out.append(k)
        return {'PublicKeyList': out}


def main():
    root, keys = sys.argv[1], sys.argv[2]
    ap = argparse.ArgumentParser()
    for name in ('trail-arn', 'start-time', 'end-time', 's3-bucket', 's3-prefix', 'account-id', 'region'):
        ap.add_argument('--' + name)
    ap.add_argument('--verbose', action='store_true')
    ap.add_argument('--organization-id')
    args = ap.parse_args(sys.argv[3:])
    cmd = v.CloudTrailValidateLogs.__new__(v.CloudTrailValidateLogs)
    # BasicCommand.__init__ needs a session; set what validate-logs uses.
    for k, val in dict(trail_arn=None, is_verbose=False, start_time=None, end_time=None, s3_bucket=None,
                       s3_prefix=None, s3_client_provider=None, cloudtrail_client=None, account_id=None,
                       _source_region=None, _valid_digests=0, _invalid_digests=0, _valid_backfill_digests=0,
                       _invalid_backfill_digests=0, _valid_logs=0, _invalid_logs=0,
                       _is_last_status_double_space=True, _found_start_time=None, _found_end_time=None).items():
        setattr(cmd, k, val)
    try:
        cmd.handle_args(args)
        cmd._source_region = args.region or args.trail_arn.split(':')[3]
        cmd.s3_client_provider = Provider(S3(root))
        trail = None
        if args.organization_id:
            # An organization trail: the CLI reads the bucket from
            # DescribeTrails and the organization from Organizations.
            trail = {'TrailARN': args.trail_arn, 'S3BucketName': args.s3_bucket, 'IsOrganizationTrail': True}
            if args.s3_prefix:
                trail['S3KeyPrefix'] = args.s3_prefix
            cmd.s3_bucket = cmd.s3_prefix = None
            org = args.organization_id

            class Orgs:
                def describe_organization(self):
                    return {'Organization': {'Id': org}}
            cmd.organization_client = Orgs()
        else:
            cmd.organization_client = None
        cmd.cloudtrail_client = CloudTrail(keys, trail)
        cmd._call()
    except Exception as e:
        sys.stdout.flush()
        sys.stderr.write('\n' + str(e) + '\n')
        return 255
    if cmd._invalid_digests + cmd._invalid_backfill_digests > 0 or cmd._invalid_logs > 0:
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
