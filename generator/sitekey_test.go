package generator

import (
	"reflect"
	"testing"
	"time"

	"github.com/verbatim-ssg/verbatim/generator/site"
)

// TestSiteKeySeesEveryMetaField changes each field of an episode's
// metadata in turn and expects the site key to change: siteKey lists the
// fields by hand, so a field added to transcript.Meta fails here until it
// is added there too.
func TestSiteKeySeesEveryMetaField(t *testing.T) {
	ep := &site.Episode{Summary: &site.Summary{Source: "content/a.md"}, Slug: "a"}
	j := &job{site: &site.Site{Episodes: []*site.Episode{ep}}}
	base := j.siteKey()
	var change func(v reflect.Value, name string)
	change = func(v reflect.Value, name string) {
		old := reflect.ValueOf(v.Interface()) // a copy, to put back
		switch {
		case v.Type() == reflect.TypeFor[time.Time]():
			v.Set(reflect.ValueOf(time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)))
		case v.Kind() == reflect.Struct:
			for i := range v.NumField() {
				change(v.Field(i), name+"."+v.Type().Field(i).Name)
			}
			return
		case v.Kind() == reflect.String:
			v.SetString("x")
		case v.Kind() == reflect.Bool:
			v.SetBool(true)
		case v.Type() == reflect.TypeFor[[]string]():
			v.Set(reflect.ValueOf([]string{"x"}))
		default:
			t.Fatalf("the test does not know how to change %s (%s)", name, v.Type())
		}
		if j.siteKey() == base {
			t.Errorf("changing %s leaves the site key as it was", name)
		}
		v.Set(old)
		if j.siteKey() != base {
			t.Fatalf("putting %s back does not give the same key", name)
		}
	}
	change(reflect.ValueOf(&ep.Meta).Elem(), "Meta")

	// The feed links an episode's captions once a turn has a time, and its
	// chapters once a chapter has one.
	ep.Turns = 1
	untimed := j.siteKey()
	ep.Timed = true
	if j.siteKey() == untimed {
		t.Error("a turn's first time leaves the site key as it was")
	}
	timed := j.siteKey()
	ep.Chapters = 1
	if j.siteKey() == timed {
		t.Error("a timed chapter leaves the site key as it was")
	}
}
