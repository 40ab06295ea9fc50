package event_test

import (
	"fmt"
	"log"

	"github.com/trailmap/trailmap/event"
)

// A console sign-in record as the CloudTrail User Guide shows it: no
// eventCategory or managementEvent (eventVersion 1.05), and an unknown
// member that survives the round trip.
const signIn = `{
  "eventVersion": "1.05",
  "userIdentity": {"type": "IAMUser", "principalId": "AIDACKCEVSQ6C2EXAMPLE",
    "arn": "arn:aws:iam::111122223333:user/Mary", "accountId": "111122223333", "userName": "Mary"},
  "eventTime": "2023-07-19T21:44:40Z",
  "eventSource": "signin.amazonaws.com",
  "eventName": "ConsoleLogin",
  "awsRegion": "us-east-1",
  "sourceIPAddress": "192.0.2.110",
  "userAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
  "requestParameters": null,
  "responseElements": {"ConsoleLogin": "Success"},
  "additionalEventData": {"LoginTo": "https://console.aws.amazon.com/console/home", "MobileVersion": "No", "MFAUsed": "No"},
  "eventID": "3fcfb182-98f8-4744-bd45-10a395ab61cb",
  "eventType": "AwsConsoleSignIn",
  "p_source_label": "audit"
}`

func ExampleParseRecord() {
	rec, err := event.ParseRecord([]byte(signIn))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rec.EventName, rec.UserIdentity.UserName, rec.EventTime.Format("2006-01-02 15:04"))
	fmt.Println(string(rec.ResponseElements))

	out := rec.AppendJSON(nil)
	back, err := event.ParseRecord(out)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(back.AppendJSON(nil)) == string(out))
	// Output:
	// ConsoleLogin Mary 2023-07-19 21:44
	// {"ConsoleLogin": "Success"}
	// true
}

func ExampleParseRecord_syntaxError() {
	_, err := event.ParseRecord([]byte("{\n  \"eventName\": \"GetObject\",\n  \"awsRegion\" \"us-east-1\"\n}"))
	fmt.Println(err)
	// Output:
	// event: syntax error at line 3, column 15 (offset 44): expected ':' after object member name, found '"'
}

func ExampleRecord_Category() {
	for _, b := range []string{
		`{"eventVersion":"1.09","eventCategory":"Data","managementEvent":false}`,
		`{"eventVersion":"1.06","managementEvent":false,"eventSource":"s3.amazonaws.com","eventName":"GetObject"}`,
		`{"eventVersion":"1.05","eventSource":"lambda.amazonaws.com","eventName":"Invoke"}`,
		`{"eventVersion":"1.05","eventSource":"iam.amazonaws.com","eventName":"CreateUser"}`,
		`{"eventVersion":"1.09","eventType":"AwsVpceEvents"}`,
	} {
		rec, err := event.ParseRecord([]byte(b))
		if err != nil {
			log.Fatal(err)
		}
		cat, how := rec.Category()
		fmt.Println(cat, how)
	}
	// Output:
	// Data Recorded
	// Data FromManagementEvent
	// Data FromDataEventTable
	// Management FromDataEventTable
	// NetworkActivity FromEventType
}

func ExampleRecord_SourceAddr() {
	for _, src := range []string{"192.0.2.110", "ec2.amazonaws.com", "AWS Internal"} {
		rec, err := event.ParseRecord([]byte(`{"sourceIPAddress":"` + src + `"}`))
		if err != nil {
			log.Fatal(err)
		}
		if addr, ok := rec.SourceAddr(); ok {
			fmt.Println("address", addr, addr.Is4())
		} else if svc, ok := rec.SourceService(); ok {
			fmt.Println("service", svc)
		}
	}
	// Output:
	// address 192.0.2.110 true
	// service ec2.amazonaws.com
	// service AWS Internal
}

func ExampleRecord_Endpoint() {
	rec, err := event.ParseRecord([]byte(`{"eventSource":"sts.amazonaws.com","eventName":"GetCallerIdentity","awsRegion":"us-east-1",
		"tlsDetails":{"clientProvidedHostHeader":"sts.amazonaws.com"},
		"additionalEventData":{"RequestDetails":{"awsServingRegion":"eu-west-2","endpointType":"global"}}}`))
	if err != nil {
		log.Fatal(err)
	}
	h := rec.Endpoint()
	fmt.Println(h.Host, h.Global(), h.ServingRegion)
	// Output:
	// sts.amazonaws.com true eu-west-2
}

func ExampleVersion_Compare() {
	v := event.Version("1.10")
	fmt.Println(v.Compare("1.09"), v.Compare("1.1"), event.Version("1.05").Compare("1.5"))
	fmt.Println(v.Major(), v.Minor(), v.AtLeast(1, 8))
	// Output:
	// 1 1 0
	// 1 10 true
}
