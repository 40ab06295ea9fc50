package trailtest_test

import (
	"encoding/json"
	"fmt"
	"log"

	"github.com/trailmap/trailmap/trail"
	"github.com/trailmap/trailmap/trail/trailtest"
)

// A user of 111122223333 lists KMS keys through a VPC endpoint that
// 444455556666 owns. The user's account records the call; the endpoint's
// owner receives the network activity event, and its trail logs it
// because an advanced selector asks for KMS network activity. A second
// call is denied by the endpoint policy: only the owner hears of it.
func ExampleVPCEndpoint() {
	d, err := trail.ParseDeployment([]byte(`{"trails": [
	  {"Name": "endpoints", "TrailARN": "arn:aws:cloudtrail:us-east-1:444455556666:trail/endpoints",
	   "HomeRegion": "us-east-1", "S3BucketName": "amzn-s3-demo-endpoints",
	   "AdvancedEventSelectors": [{"Name": "KMS network activity", "FieldSelectors": [
	     {"Field": "eventCategory", "Equals": ["NetworkActivity"]},
	     {"Field": "eventSource", "Equals": ["kms.amazonaws.com"]}]}]}]}`))
	if err != nil {
		log.Fatal(err)
	}
	r, err := trailtest.NewRecorder(d, 1)
	if err != nil {
		log.Fatal(err)
	}
	alice := trailtest.NewIAMUser(trailtest.Account1, "Alice")
	endpoint := trailtest.VPCEndpoint("vpce-EXAMPLE08c1b6b9b7", trailtest.Account2)
	r.Call("kms.amazonaws.com", "ListKeys", trailtest.As(alice), endpoint)
	r.Call("kms.amazonaws.com", "ListKeys", trailtest.As(alice), endpoint, trailtest.EndpointPolicyDenied())

	for _, rec := range r.Records() {
		fmt.Printf("%s %s to %s, vpcEndpointId %s, by %s\n", rec.EventType, rec.EventCategory,
			rec.RecipientAccountID, rec.VPCEndpointID, rec.UserIdentity.Type)
	}
	logged := r.Log("arn:aws:cloudtrail:us-east-1:444455556666:trail/endpoints")
	fmt.Println("the owner's trail logged", len(logged), "network activity events; the denied one:")
	out, err := json.MarshalIndent(logged[1].Record, "", "  ")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(out))
	// Output:
	// AwsApiCall Management to 111122223333, vpcEndpointId vpce-EXAMPLE08c1b6b9b7, by IAMUser
	// AwsVpceEvent NetworkActivity to 444455556666, vpcEndpointId vpce-EXAMPLE08c1b6b9b7, by AWSAccount
	// AwsVpceEvent NetworkActivity to 444455556666, vpcEndpointId vpce-EXAMPLE08c1b6b9b7, by AWSAccount
	// the owner's trail logged 2 network activity events; the denied one:
	// {
	//   "eventVersion": "1.09",
	//   "userIdentity": {
	//     "type": "AWSAccount",
	//     "principalId": "AIDAHEVG54MRVECCOMD6W",
	//     "accountId": "111122223333"
	//   },
	//   "eventTime": "2025-06-02T12:00:37Z",
	//   "eventSource": "kms.amazonaws.com",
	//   "eventName": "ListKeys",
	//   "awsRegion": "us-east-1",
	//   "sourceIPAddress": "192.0.2.168",
	//   "errorCode": "VpceAccessDenied",
	//   "errorMessage": "The request was denied due to a VPC endpoint policy",
	//   "requestID": "97983a87-3734-4f86-9808-328a5b3e6f5b",
	//   "eventID": "d994793c-1b92-4791-af95-acf4cff72487",
	//   "eventType": "AwsVpceEvent",
	//   "recipientAccountId": "444455556666",
	//   "sharedEventID": "e28065ae-d601-4c3a-86b8-cc9e5975ed63",
	//   "vpcEndpointId": "vpce-EXAMPLE08c1b6b9b7",
	//   "vpcEndpointAccountId": "444455556666",
	//   "eventCategory": "NetworkActivity"
	// }
}
