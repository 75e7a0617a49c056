# DIVE V3 sandbox ABAC policy (OPA 1.x, Rego v1 syntax).
#
# Query:  POST /v1/data/dive/authz/decision  {"input": {"subject": {...}, "resource": {...}}}
# Result: {"result": {"allow": <bool>, "reason": "<text>"}}
#
# Input:
#   subject:  uniqueID (string), clearance (string), countryOfAffiliation (string),
#             acpCOI (array of strings, optional: absent = member of no COI)
#   resource: resourceId (string, informational), classification (string),
#             releasabilityTo (array of strings), COI (array of strings, optional)
#
# Access is allowed only when ALL of these hold:
#   1. subject clearance >= resource classification, using the ordering in
#      data.dive.authz_data.clearance_levels (data.json). Unknown levels deny;
#      matching is exact and case-sensitive ("secret" is unknown).
#   2. subject countryOfAffiliation is listed in resource.releasabilityTo
#      (exact match, ISO 3166-1 alpha-3 codes expected, e.g. "FRA").
#   3. subject is a member of EVERY COI listed on the resource. This is the
#      stricter DIVE reading: a resource marked ["NATO", "FVEY"] is only for
#      people in both communities, not for anyone in either. An absent or empty
#      resource COI list imposes no COI requirement.
# Everything else denies: default deny, and missing or malformed attributes deny.
#
# `reason` names the first failing check in the order above (input shape and
# attribute checks come first), or "all checks passed" when allowed.
package dive.authz

# Lives under dive.authz_data, a sibling of this package, so data.json cannot
# collide with the rules in data.dive.authz.
clearance_levels := data.dive.authz_data.clearance_levels

default allow := false

# allow requires both that no check failed AND that every condition holds
# positively. The second half is defence in depth: if a failure rule were ever
# silently undefined (e.g. a built-in error on odd input), access is still
# denied rather than granted by the absence of a failure.
allow if {
	count(failure) == 0
	subject_present
	resource_present
	unique_id_present
	clearance_sufficient
	releasable_to_subject
	coi_satisfied
}

default reason := "denied by default policy"

reason := "all checks passed" if {
	allow
} else := msg if {
	# failure holds [order, message] pairs; sorting picks the lowest order.
	msg := sort(failure)[0][1]
}

decision := {"allow": allow, "reason": reason}

# ---------------------------------------------------------------------------
# Positive conditions
# ---------------------------------------------------------------------------

clearance_sufficient if {
	clearance_levels[input.subject.clearance] >= clearance_levels[input.resource.classification]
}

releasable_to_subject if {
	non_empty_string(input.subject.countryOfAffiliation)
	string_array(input.resource.releasabilityTo)
	input.subject.countryOfAffiliation in input.resource.releasabilityTo
}

coi_satisfied if {
	resource_cois
	subject_cois
	count(missing_cois) == 0
}

# COIs required by the resource; empty when the attribute is absent.
resource_cois := [] if {
	not has(input.resource, "COI")
} else := input.resource.COI if {
	string_array(input.resource.COI)
}

# COIs held by the subject; empty when the attribute is absent.
subject_cois := [] if {
	not has(input.subject, "acpCOI")
} else := input.subject.acpCOI if {
	string_array(input.subject.acpCOI)
}

missing_cois contains coi if {
	some coi in resource_cois
	not coi in subject_cois
}

# ---------------------------------------------------------------------------
# Failures: [order, message]; the lowest order is reported as the reason.
# ---------------------------------------------------------------------------

# Beware: in `not f(input.x)` OPA evaluates the argument outside the negation,
# so the whole expression is undefined (not true) when input.x is missing.
# Checks for absent values therefore negate default-false boolean rules.

default subject_present := false

subject_present if is_object(input.subject)

default resource_present := false

resource_present if is_object(input.resource)

default unique_id_present := false

unique_id_present if non_empty_string(input.subject.uniqueID)

failure contains [10, "missing subject"] if not subject_present

failure contains [11, "missing resource"] if not resource_present

failure contains [20, "missing subject uniqueID"] if {
	subject_present
	not unique_id_present
}

# 1. Clearance vs classification.

failure contains [30, "missing subject clearance"] if {
	subject_present
	not has(input.subject, "clearance")
}

failure contains [31, sprintf("unknown clearance %s", [json.marshal(input.subject.clearance)])] if {
	not known_level(input.subject.clearance)
}

failure contains [32, "missing resource classification"] if {
	resource_present
	not has(input.resource, "classification")
}

failure contains [33, sprintf("unknown classification %s", [json.marshal(input.resource.classification)])] if {
	not known_level(input.resource.classification)
}

failure contains [34, msg] if {
	known_level(input.subject.clearance)
	known_level(input.resource.classification)
	not clearance_sufficient
	msg := sprintf("clearance %s below classification %s", [input.subject.clearance, input.resource.classification])
}

# 2. Releasability.

failure contains [40, "missing subject countryOfAffiliation"] if {
	subject_present
	not has(input.subject, "countryOfAffiliation")
}

failure contains [41, sprintf("invalid countryOfAffiliation %s", [json.marshal(input.subject.countryOfAffiliation)])] if {
	not non_empty_string(input.subject.countryOfAffiliation)
}

failure contains [42, "missing resource releasabilityTo"] if {
	resource_present
	not has(input.resource, "releasabilityTo")
}

failure contains [43, sprintf("invalid releasabilityTo %s", [json.marshal(input.resource.releasabilityTo)])] if {
	not string_array(input.resource.releasabilityTo)
}

failure contains [44, msg] if {
	country := input.subject.countryOfAffiliation
	non_empty_string(country)
	string_array(input.resource.releasabilityTo)
	not country in input.resource.releasabilityTo
	msg := sprintf("country %s not in releasabilityTo [%s]", [country, concat(", ", input.resource.releasabilityTo)])
}

# 3. Communities of interest.

failure contains [50, sprintf("invalid resource COI %s", [json.marshal(input.resource.COI)])] if {
	not string_array(input.resource.COI)
}

failure contains [51, sprintf("invalid subject acpCOI %s", [json.marshal(input.subject.acpCOI)])] if {
	not string_array(input.subject.acpCOI)
}

failure contains [52, sprintf("missing COI membership: %s", [concat(", ", sort(missing_cois))])] if {
	count(missing_cois) > 0
}

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

# has is true when key is present in obj, whatever its value (even false/null).
has(obj, key) if {
	_ = obj[key]
}

known_level(level) if {
	is_string(level)
	_ = clearance_levels[level]
}

non_empty_string(s) if {
	is_string(s)
	s != ""
}

string_array(a) if {
	is_array(a)
	every e in a {
		is_string(e)
	}
}
