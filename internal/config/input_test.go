package config

import (
	"slices"
	"strings"
	"testing"
)

// The input settings: exclude, [input] timezone and [roles] others are
// kept as written, and a wrong one names the file, line and key.
func TestInputSettings(t *testing.T) {
	c, err := Parse("team.toml", []byte("exclude = [\"meta.json\", \"**/old\"]\n\n[input]\ntimezone = \"Asia/Shanghai\"\n\n[roles]\nothers = \"customer\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Exclude, []string{"meta.json", "**/old"}) || c.Timezone != "Asia/Shanghai" || c.Roles.Others != "customer" {
		t.Errorf("exclude %q, timezone %q, others %q", c.Exclude, c.Timezone, c.Roles.Others)
	}
	for _, tc := range []struct{ config, want string }{
		{"allow = []\nexclude = [\"[\"]\n", `team.toml:2: exclude: bad pattern "["`},
		{"[input]\ntimezone = \"Mars/Olympus\"\n", `team.toml:2: input.timezone: unknown time zone "Mars/Olympus"`},
		{"[roles]\nothers = \"agent\"\n", `team.toml:2: roles.others: unknown value "agent" (want customer)`},
		{"[input]\nzone = \"UTC\"\n", `team.toml:2: unknown key "input.zone"`},
	} {
		_, err := Parse("team.toml", []byte(tc.config))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %s…", tc.config, err, tc.want)
		}
	}
}
