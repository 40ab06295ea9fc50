package selector

import "github.com/trailmap/trailmap/event"

// categoryOf returns the record's eventCategory, or, for records written
// before eventCategory existed (eventVersion < 1.07), the category derived
// from the other members; derived reports the second case.
//
// Derivation: eventType AwsVpceEvent is NetworkActivity and
// AwsCloudTrailInsight is Insight; otherwise managementEvent (1.06) decides
// when present; otherwise the event is Data when it is one of the
// documented data operations of S3 objects, Lambda functions or DynamoDB
// tables (the three types of basic selectors, the only data events before
// 1.07), and Management otherwise.
func categoryOf(rec *event.Record) (cat event.Category, derived bool) {
	if rec.EventCategory != "" {
		return rec.EventCategory, false
	}
	switch rec.EventType {
	case event.AwsVpceEvent, "AwsVpceEvents":
		return event.NetworkActivity, true
	case event.AwsCloudTrailInsight:
		return event.Insight, true
	}
	if rec.InsightDetails != nil {
		return event.Insight, true
	}
	if rec.ManagementEvent.Set {
		if rec.ManagementEvent.Value {
			return event.Management, true
		}
		return event.Data, true
	}
	if isDataOperation(rec) {
		return event.Data, true
	}
	return event.Management, true
}

// isDataOperation reports whether rec is a data event of S3 objects,
// Lambda functions or DynamoDB tables (CloudTrail guide, "Logging data
// events": object-level S3 API activity, Lambda Invoke, DynamoDB item
// activity).
func isDataOperation(rec *event.Record) bool {
	switch rec.EventSource {
	case "s3.amazonaws.com":
		// Object-level calls name an AWS::S3::Object resource; bucket-level
		// (management) calls name only the bucket.
		for i := range rec.Resources {
			if rec.Resources[i].Type == S3Object {
				return true
			}
		}
		switch rec.EventName {
		case "GetObject", "PutObject", "DeleteObject", "DeleteObjects", "HeadObject", "CopyObject",
			"GetObjectAcl", "PutObjectAcl", "GetObjectTagging", "PutObjectTagging", "DeleteObjectTagging",
			"GetObjectAttributes", "CreateMultipartUpload", "UploadPart", "UploadPartCopy",
			"CompleteMultipartUpload", "AbortMultipartUpload", "ListParts", "RestoreObject",
			"SelectObjectContent", "GetObjectRetention", "PutObjectRetention", "GetObjectLegalHold",
			"PutObjectLegalHold", "GetObjectTorrent", "ListObjects", "ListObjectsV2", "ListObjectVersions",
			"ListMultipartUploads":
			return true
		}
	case "lambda.amazonaws.com":
		switch rec.EventName {
		case "Invoke", "InvokeAsync", "InvokeWithResponseStream":
			return true
		}
	case "dynamodb.amazonaws.com":
		switch rec.EventName {
		case "GetItem", "PutItem", "UpdateItem", "DeleteItem", "BatchGetItem", "BatchWriteItem",
			"Query", "Scan", "TransactGetItems", "TransactWriteItems", "ExecuteStatement",
			"BatchExecuteStatement", "ExecuteTransaction":
			return true
		}
	}
	return false
}
