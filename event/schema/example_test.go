package schema_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/trailmap/trailmap/event/schema"
)

func ExampleValidate() {
	// A record that went through a log pipeline: an added member, and
	// eventTime rewritten in another layout.
	rec := `{"eventVersion":"1.08","eventTime":"2023-05-01 12:00:00","@timestamp":"2023-05-01T12:00:00.000Z",
	"userIdentity":{"type":"Root"},"eventSource":"iam.amazonaws.com","eventName":"CreateUser",
	"awsRegion":"us-east-1","sourceIPAddress":"192.0.2.1","eventID":"e","eventType":"AwsApiCall","readOnly":"false"}`
	err := schema.Validate([]byte(rec))
	var ve *schema.ValidationError
	if !errors.As(err, &ve) {
		log.Fatal(err)
	}
	for _, p := range ve.Problems {
		fmt.Println(p.Pointer, p.Keyword)
	}
	// Output:
	// /@timestamp additionalProperties
	// /eventTime format
	// /eventTime pattern
	// /readOnly type
}
