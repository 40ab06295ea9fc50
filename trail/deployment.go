package trail

// Deployment is a set of trails with the accounts and organization they
// live in: everything needed to say where a record is delivered. Its JSON
// form is the deployment file:
//
//	{
//	  "organization": {"Id": "o-exampleorgid", "MasterAccountId": "111122223333",
//	                   "Accounts": ["111122223333", "444455556666"]},
//	  "accounts": {"444455556666": {"EnabledRegions": ["af-south-1"]}},
//	  "trails": [{"Name": "org-audit", "TrailARN": "...", ...}]
//	}
type Deployment struct {
	Organization *Organization      `json:"organization,omitempty"`
	Accounts     map[string]Account `json:"accounts,omitempty"`
	Trails       []Trail            `json:"trails"`
}

// Organization is an AWS Organizations organization.
type Organization struct {
	ID              string   `json:"Id"`
	MasterAccountID string   `json:"MasterAccountId"`
	Accounts        []string `json:"Accounts,omitempty"`
}

// Account holds per-account settings.
type Account struct {
	// EnabledRegions lists the opt-in Regions the account has enabled.
	// Regions enabled by default are always enabled.
	EnabledRegions []string `json:"EnabledRegions,omitempty"`
}
