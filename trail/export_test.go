package trail

// ForgetOutcomes makes r route every record afresh, as it does when a
// selector reads a member outcomes are not keyed by: the baseline of the
// tests that compare routing from remembered outcomes with routing
// afresh.
func ForgetOutcomes(r *Router) { r.noOutcomes = true }

// FromOutcome reports whether res was routed from, or remembered as, an
// outcome.
func FromOutcome(res *Result) bool { return res.outcome != nil }

// OutcomePause returns how many more records res's Router routes afresh
// without looking for a remembered outcome.
func OutcomePause(res *Result) int {
	if res.cache == nil {
		return 0
	}
	return res.cache.outcomes.pause
}

// ParseDeploymentFast is ParseDeployment's decoder without reflection,
// nil where it declines; ParseDeploymentReflect is the one through
// encoding/json it falls back to.
var (
	ParseDeploymentFast    = parseDeploymentFast
	ParseDeploymentReflect = parseDeploymentReflect
)
