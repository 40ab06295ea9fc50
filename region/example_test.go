package region_test

import (
	"fmt"
	"time"

	"github.com/trailmap/trailmap/region"
)

func ExampleLookup() {
	r, ok := region.Lookup("af-south-1")
	fmt.Println(r.Description, r.Partition, r.OptIn, ok)
	// Output: Africa (Cape Town) aws true true
}

func ExamplePartitionOf() {
	for _, name := range []string{"cn-north-1", "us-gov-west-1", "ap-southeast-9", "not-a-region"} {
		p, ok := region.PartitionOf(name)
		fmt.Printf("%s: %q %v\n", name, p.ID, ok)
	}
	// Output:
	// cn-north-1: "aws-cn" true
	// us-gov-west-1: "aws-us-gov" true
	// ap-southeast-9: "aws" true
	// not-a-region: "" false
}

func ExampleIsEnabledByDefault() {
	// eu-north-1 launched in 2018, me-south-1 in 2019 after the opt-in
	// rule; an unknown aws Region is newer still.
	for _, name := range []string{"eu-north-1", "me-south-1", "ap-southeast-9", "us-gov-east-1"} {
		fmt.Println(name, region.IsEnabledByDefault(name))
	}
	// Output:
	// eu-north-1 true
	// me-south-1 false
	// ap-southeast-9 false
	// us-gov-east-1 true
}

func ExamplePartition_OptInRegions() {
	aws, _ := region.PartitionByID("aws")
	fmt.Println(len(aws.DefaultRegions()), "default,", len(aws.OptInRegions()), "opt-in")
	for _, r := range aws.OptInRegions()[:3] {
		fmt.Println(r.Name, r.Description)
	}
	// Output:
	// 17 default, 17 opt-in
	// af-south-1 Africa (Cape Town)
	// ap-east-1 Asia Pacific (Hong Kong)
	// ap-east-2 Asia Pacific (Taipei)
}

func ExampleParseEndpoint() {
	for _, host := range []string{
		"sts.amazonaws.com",
		"sts.us-west-2.amazonaws.com",
		"signin.aws.amazon.com",
		"us-east-2.signin.aws.amazon.com",
		"sts-fips.us-gov-west-1.amazonaws.com",
		"iam.cn-north-1.amazonaws.com.cn",
	} {
		e, ok := region.ParseEndpoint(host)
		fmt.Printf("%-37s %-6s %-13s %-10s global=%v fips=%v ok=%v\n", host, e.Service, e.Region, e.Partition, e.Global, e.FIPS, ok)
	}
	// Output:
	// sts.amazonaws.com                     sts    us-east-1     aws        global=true fips=false ok=true
	// sts.us-west-2.amazonaws.com           sts    us-west-2     aws        global=false fips=false ok=true
	// signin.aws.amazon.com                 signin us-east-1     aws        global=true fips=false ok=true
	// us-east-2.signin.aws.amazon.com       signin us-east-2     aws        global=false fips=false ok=true
	// sts-fips.us-gov-west-1.amazonaws.com  sts    us-gov-west-1 aws-us-gov global=false fips=true ok=true
	// iam.cn-north-1.amazonaws.com.cn       iam    cn-north-1    aws-cn     global=true fips=false ok=true
}

func ExampleOrigin_IsGlobal() {
	// An AssumeRole call through the global endpoint and one through a
	// Regional endpoint, as their records describe them.
	global := region.Origin{
		EventSource:  "sts.amazonaws.com",
		AWSRegion:    "us-east-1",
		HostHeader:   "sts.amazonaws.com",
		EndpointType: "global",
	}
	regional := region.Origin{
		EventSource: "sts.amazonaws.com",
		AWSRegion:   "eu-west-1",
		HostHeader:  "sts.eu-west-1.amazonaws.com",
	}
	fmt.Println(global.IsGlobal(), regional.IsGlobal())
	// Output: true false
}

func ExampleGlobalEventRule() {
	rule := region.DefaultGlobalEventRule()
	before := time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC)
	after := time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC)
	fmt.Println("recorded only in", region.GlobalEventRegion("aws"), "in 2021:", rule.RecordedInHomeOnly(before))
	fmt.Println("recorded only in", region.GlobalEventRegion("aws"), "in 2023:", rule.RecordedInHomeOnly(after))
	fmt.Println("GovCloud:", region.GlobalEventRegion("aws-us-gov"))
	// Output:
	// recorded only in us-east-1 in 2021: false
	// recorded only in us-east-1 in 2023: true
	// GovCloud: us-gov-west-1
}

func ExampleConsoleSignInRegions() {
	fmt.Println(region.ConsoleSignInRegions("aws"))
	// Output: [ap-southeast-2 eu-north-1 us-east-1 us-east-2 us-west-2]
}
